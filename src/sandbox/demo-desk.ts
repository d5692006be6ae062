// The service desk's demo cases: opened through the desk's own `openCase` (so their cards, DMs and
// e-mails are in the outbox), then a few worked on — a status set, a due date, a short conversation
// and an internal note — each change written as the desk's verbs write one: a guarded update that
// bumps the version, a history row, and the card rewritten.
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import {
  deskAccounts,
  deskCaseMessages,
  deskCases,
  deskCategories,
  deskEnvironments,
  outbox,
} from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { CaseStatus } from '../domain/desk/enums.js';
import { messageRef } from '../effects/deliver-slack.js';
import type { ServiceContext } from '../services/context.js';
import { updateCaseCard } from '../services/desk/cases/card.js';
import { recordCaseHistory } from '../services/desk/cases/history.js';
import { type CaseFile, openCase } from '../services/desk/cases/open-case.js';
import type { SlackStandIn } from './slack-standin.js';

const hour = 60 * 60 * 1000;
const minute = 60 * 1000;

interface DemoRequester {
  slackUserId: string;
  name: string;
  email: string;
}

const riley: DemoRequester = {
  slackUserId: 'U0DEMOREMO',
  name: 'Riley Remote',
  email: 'riley@otto.example.edu',
};
const casey: DemoRequester = {
  slackUserId: 'U0DEMOCUST',
  name: 'Casey Customer',
  email: 'casey@otto.example.edu',
};
const dana: DemoRequester = {
  slackUserId: 'U0DEMODELG',
  name: 'Dana Delegate',
  email: 'dana@otto.example.edu',
};
const quinn: DemoRequester = {
  slackUserId: 'U0DEMOVIP1',
  name: 'Quinn VIP',
  email: 'quinn@otto.example.edu',
};
const pat: DemoRequester = { slackUserId: 'U0DEMOAPPR', name: 'Pat Approver', email: 'pat@otto.example.edu' };

/** A message of a demo conversation: who said it, on which side, how long after the case opened. */
export interface DemoCaseMessage {
  side: 'staff' | 'requester';
  author: DemoRequester | { slackUserId: string; name: string; email: string };
  text: string;
  after: number;
}

const lee = { slackUserId: 'U0DEMOLEAD', name: 'Lee Lead', email: 'lee@otto.example.edu' };
const devon = { slackUserId: 'U0DEMODEPO', name: 'Devon Depot', email: 'devon@otto.example.edu' };
const avery = { slackUserId: 'U0DEMOADMN', name: 'Avery Admin', email: 'avery@otto.example.edu' };

interface DemoCase {
  reporter: DemoRequester;
  contact?: DemoRequester;
  account?: string;
  environment?: string;
  impact: 'high' | 'medium' | 'low';
  category?: string;
  subject: string;
  description: string;
  files?: CaseFile[];
  /** How long before the demo's start it was opened. */
  openedBefore: number;
  /** What staff did with it since, in order. */
  work?: Array<
    | { status: CaseStatus; by: string; after: number; dueInBusinessDays?: number }
    | { message: DemoCaseMessage }
  >;
}

// A 1×1 PNG: the picture Casey attached to the projector case.
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The demo's cases, one status after another (the sandbox test checks them): Riley's wi-fi case is
 * open after a short conversation with Lee; Casey's projector case is pending with AV; Dana opened
 * one for Quinn that IT is assessing, with an internal note; Quinn's leak is deferred to a date;
 * Riley waits on the database vendor; Casey's website change waits for Casey; Pat's and Casey's
 * cases without a rule went to Facilities (by category) and to triage.
 */
export const demoCases: DemoCase[] = [
  {
    reporter: riley,
    impact: 'medium',
    category: 'Computer problems',
    subject: 'Wi-fi drops every few minutes in the EECS lab',
    description:
      'Since Monday my laptop loses the wireless connection every few minutes in EECS 2420. I have to reconnect each time.',
    openedBefore: 26 * hour,
    work: [
      {
        message: {
          side: 'staff',
          author: lee,
          text: 'Hi Riley, does it drop on every laptop in the lab, or only on yours? And which network do you join, eduroam or the guest one?',
          after: 40 * minute,
        },
      },
      { status: 'open', by: lee.slackUserId, after: 40 * minute },
      {
        message: {
          side: 'requester',
          author: riley,
          text: 'Only mine, on eduroam. The others in 2420 stay connected.',
          after: 55 * minute,
        },
      },
    ],
  },
  {
    reporter: casey,
    account: 'School of Music',
    environment: 'Practice rooms',
    impact: 'high',
    category: 'Projectors and AV',
    subject: 'Projector in practice room 3 shows no picture',
    description:
      'The projector turns on but the screen stays blue with “No signal”, whichever cable we use. Photo attached.',
    files: [{ name: 'no-signal.png', mimeType: 'image/png', content: photo }],
    openedBefore: 20 * minute,
  },
  {
    reporter: dana,
    contact: quinn,
    impact: 'medium',
    category: 'Computer problems',
    subject: 'Quinn’s office printer prints blank pages',
    description:
      'Every page comes out of the printer in Quinn’s office blank since this morning. Quinn needs to print the board papers by Thursday.',
    openedBefore: 3 * hour,
    work: [
      { status: 'assessing', by: devon.slackUserId, after: 30 * minute },
      {
        message: {
          side: 'staff',
          author: devon,
          text: 'note: the toner shows full on the printer’s page; I suspect the drum. Spare drum in the depot, shelf B.',
          after: 45 * minute,
        },
      },
    ],
  },
  {
    reporter: quinn,
    impact: 'low',
    category: 'Building repairs',
    subject: 'Dripping tap in residence hall room 214',
    description: 'The bathroom tap keeps dripping and there is a small leak under the sink.',
    openedBefore: 28 * hour,
    work: [{ status: 'deferred', by: lee.slackUserId, after: 2 * hour, dueInBusinessDays: 5 }],
  },
  {
    reporter: riley,
    impact: 'low',
    category: 'Database access',
    subject: 'Read access to the alumni database for a survey',
    description:
      'For the department’s alumni survey I need read access to the alumni database until the end of term.',
    openedBefore: 50 * hour,
    work: [{ status: 'waiting_vendor', by: devon.slackUserId, after: 3 * hour }],
  },
  {
    reporter: casey,
    account: 'School of Music',
    environment: 'Music tenant',
    impact: 'low',
    category: 'Website changes',
    subject: 'Add the spring concert to the School of Music website',
    description:
      'Please add the spring concert (April 18, Hill Auditorium) to the events page of our website.',
    openedBefore: 5 * hour,
    work: [
      {
        message: {
          side: 'staff',
          author: avery,
          text: 'Happy to. Could you send the poster and the ticket link? I will put them up as soon as they arrive.',
          after: hour,
        },
      },
      { status: 'open', by: avery.slackUserId, after: hour },
      { status: 'waiting_customer', by: avery.slackUserId, after: hour + minute },
    ],
  },
  {
    reporter: pat,
    impact: 'low',
    category: 'Rooms and furniture',
    subject: 'A standing desk for my office',
    description: 'I would like a standing desk for Haven Hall 5700, if the unit allows one.',
    openedBefore: 40 * minute,
  },
  {
    reporter: casey,
    account: 'College of Engineering',
    impact: 'medium',
    subject: 'My parking permit was not renewed',
    description: 'The permit for the Thayer structure ran out yesterday although I renewed it in October.',
    openedBefore: 10 * minute,
  },
];

const fixedClock = (at: Date): Clock => ({ now: () => at });

/**
 * Opens the demo's cases inside the caller's transaction and works on them as staff would, each
 * change at its own time before `now`. Notices are left in the outbox for the dispatcher.
 */
export async function seedDeskCases(ctx: ServiceContext, tx: Tx, now: Date): Promise<void> {
  const idOf = async (table: typeof deskAccounts | typeof deskCategories, name: string | undefined) => {
    if (name === undefined) return null;
    const [row] = await tx.select({ id: table.id }).from(table).where(eq(table.name, name)).limit(1);
    if (!row) throw new Error(`the demo desk has no ${name}`);
    return row.id;
  };
  for (const demo of demoCases) {
    const openedAt = new Date(now.getTime() - demo.openedBefore);
    const accountId = await idOf(deskAccounts, demo.account);
    const [environment] =
      demo.environment === undefined || accountId === null
        ? []
        : await tx
            .select({ id: deskEnvironments.id })
            .from(deskEnvironments)
            .where(
              and(eq(deskEnvironments.accountId, accountId), eq(deskEnvironments.name, demo.environment)),
            )
            .limit(1);
    const { caseId } = await openCase(
      // Its own transaction nests in the caller's as a savepoint; the caller wakes the outbox.
      { ...ctx, db: tx, clock: fixedClock(openedAt), noticesWritten: () => {} },
      {
        reporter: demo.reporter,
        ...(demo.contact && { contact: demo.contact }),
        accountId,
        environmentId: environment?.id ?? null,
        impact: demo.impact,
        categoryId: await idOf(deskCategories, demo.category),
        subject: demo.subject,
        description: demo.description,
        files: demo.files ?? [],
      },
    );
    for (const step of demo.work ?? []) {
      if ('message' in step) {
        await addDemoMessage(tx, caseId, step.message, new Date(openedAt.getTime() + step.message.after));
      } else {
        const at = new Date(openedAt.getTime() + step.after);
        const dueAt =
          step.dueInBusinessDays === undefined
            ? null
            : ctx.calendar.addBusinessDays(at, step.dueInBusinessDays);
        await setDemoStatus(ctx, tx, caseId, step.status, step.by, at, dueAt);
      }
    }
  }
}

/**
 * Sets a status as staff do: the update guarded by the version it read, the version bumped, the
 * history row, and the card rewritten. The first staff reply's `open` also stops the first-response clock.
 */
async function setDemoStatus(
  ctx: ServiceContext,
  tx: Tx,
  caseId: number,
  to: CaseStatus,
  actor: string,
  at: Date,
  dueAt: Date | null,
): Promise<void> {
  const [row] = await tx.select().from(deskCases).where(eq(deskCases.id, caseId)).limit(1);
  if (!row) throw new Error(`no demo case #${caseId}`);
  // Set after staff's first reply: the reply stopped the first-response clock.
  const firstResponse = row.firstResponseAt === null && to === 'open';
  const [updated] = await tx
    .update(deskCases)
    .set({
      status: to,
      statusChangedAt: at,
      ...(dueAt && { dueAt }),
      ...(firstResponse && { firstResponseAt: at }),
      version: row.version + 1,
      updatedAt: at,
    })
    .where(and(eq(deskCases.id, caseId), eq(deskCases.version, row.version)))
    .returning();
  if (!updated) throw new Error(`demo case #${caseId} changed under the seed`);
  // As the conversation code records a first reply: the first response, then the status.
  if (firstResponse) await recordCaseHistory(tx, { caseId, action: 'first_response', actor }, at);
  await recordCaseHistory(
    tx,
    {
      caseId,
      action: 'status',
      actor,
      detail: {
        status: { from: row.status, to },
        ...(dueAt && { dueAt: { from: row.dueAt, to: dueAt } }),
      },
    },
    at,
  );
  await updateCaseCard(tx, ctx, updated, at);
}

/**
 * A message of the case's conversation as the conversation code keeps one: the row, its history,
 * and its relayed copies (a staff reply to each requester's DM thread of the case, a requester's
 * message to the card's thread, each under its author's name). Where it was said in Slack
 * (`sourceRef`) is known only once the sandbox shows it there (`showDemoConversations`), so the
 * copies are held until then: in Slack the original comes first.
 */
async function addDemoMessage(tx: Tx, caseId: number, message: DemoCaseMessage, at: Date): Promise<void> {
  const internal = message.side === 'staff' && /^\s*note\s*:/i.test(message.text);
  const [kept] = await tx
    .insert(deskCaseMessages)
    .values({
      caseId,
      side: message.side,
      internal,
      authorSlackUserId: message.author.slackUserId,
      authorName: message.author.name,
      text: message.text,
      sourceRef: null,
      relayedAs: [],
      at,
    })
    .returning({ id: deskCaseMessages.id });
  await recordCaseHistory(
    tx,
    {
      caseId,
      action: internal ? 'note' : 'message',
      actor: message.author.slackUserId,
      detail: { messageId: kept!.id, side: message.side },
    },
    at,
  );
  // A seeded message has no relayed copies: the sandbox shows each original in its own thread.
}

/** The outbox row of the requester's acknowledgement DM: their thread of the case. */
async function acknowledgementOf(
  db: Db | Tx,
  caseId: number,
  slackUserId: string,
): Promise<number | undefined> {
  const [root] = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.caseId, caseId),
        eq(outbox.notice, 'case_opened'),
        eq(outbox.channel, 'slack_dm'),
        eq(outbox.recipient, slackUserId),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(1);
  return root?.id;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the outbox to post a notice; its `channel:ts`, or undefined after `timeoutMs`. */
async function postedRef(db: Db, outboxId: number, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db
      .select({ ref: outbox.deliveryRef, status: outbox.status })
      .from(outbox)
      .where(eq(outbox.id, outboxId))
      .limit(1);
    if (row?.ref) return row.ref;
    if (!row || row.status === 'failed' || Date.now() > deadline) return undefined;
    await sleep(25);
  }
}

/**
 * Shows the demo's conversations in the stand-in as people said them: each seeded message posted
 * by its author in its thread (the card's, or the requester's DM thread), its `sourceRef` set as
 * the conversation code sets it, and then its held copies let go — one message after another, so
 * every thread reads in the order it was said. The stand-in starts empty, so this runs at each
 * start for the messages not shown yet (after a reset: all of them).
 */
export async function showDemoConversations(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'noticesWritten'>,
  standIn: Pick<SlackStandIn, 'postAsUser'>,
  timeoutMs = 10_000,
): Promise<number> {
  const { db } = ctx;
  const waiting = await db
    .select({ message: deskCaseMessages, case: deskCases })
    .from(deskCaseMessages)
    .innerJoin(deskCases, eq(deskCases.id, deskCaseMessages.caseId))
    .where(and(isNull(deskCaseMessages.sourceRef), isNotNull(deskCaseMessages.authorSlackUserId)))
    .orderBy(asc(deskCaseMessages.at), asc(deskCaseMessages.id));
  let shown = 0;
  for (const { message, case: row } of waiting) {
    const author = message.authorSlackUserId!;
    const root = message.side === 'staff' ? row.cardOutboxId : await acknowledgementOf(db, row.id, author);
    const ref = root === null || root === undefined ? undefined : await postedRef(db, root, timeoutMs);
    if (!ref) continue;
    const { channel, ts } = messageRef(ref);
    const posted = standIn.postAsUser(author, channel, message.text, ts);
    await db
      .update(deskCaseMessages)
      .set({ sourceRef: `${channel}:${posted.ts}` })
      .where(and(eq(deskCaseMessages.id, message.id), isNull(deskCaseMessages.sourceRef)));
    if (message.relayedAs.length > 0) {
      await db
        .update(outbox)
        .set({ nextAttemptAt: ctx.clock.now() })
        .where(and(inArray(outbox.id, message.relayedAs), eq(outbox.status, 'pending')));
      ctx.noticesWritten();
      for (const copy of message.relayedAs) await postedRef(db, copy, timeoutMs);
    }
    shown += 1;
  }
  return shown;
}
