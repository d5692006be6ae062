import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import {
  deskCaseFiles,
  deskCaseHistory,
  deskCaseMessages,
  deskCases,
  outbox,
} from '../../../../db/schema/index.js';
import {
  isInternalNote,
  mentionedUserIds,
  relayedText,
  slackTextToPlain,
} from '../../../domain/desk/conversation.js';
import { CaseMessageView } from '../../../domain/desk/notices.js';
import { SlackChannelId, SlackUserId } from '../../../domain/slack-ids.js';
import { enqueueNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { caseAccessOf } from '../cases/access.js';
import { updateCaseCard } from '../cases/card.js';
import { recordCaseHistory } from '../cases/history.js';
import { type CaseRow, requestersOf } from '../cases/load-case.js';
import { caseFileMaxBytes, caseFilesMaxCount, caseFilesMaxTotalBytes } from '../cases/open-case.js';
import { type CaseMessageRow, type CaseThread, findCaseMessage, findCaseThread } from './case-thread.js';

// The two-way conversation of a case (SPEC §4.2, issue "cases in Slack" item 5): what is said in
// the card's thread reaches the requesters, what they say in their DM thread reaches the card's
// thread, with files, edits and deletions; every message is kept on the case and its history.

/** A file on a Slack message, as the event names it. */
export const SlackFileInput = z.object({
  id: z.string().min(1).max(50),
  name: z.string().min(1).max(255),
  mimetype: z.string().min(1).max(255).default('application/octet-stream'),
  size: z.number().int().min(0).optional(),
  url_private_download: z.url().optional(),
  url_private: z.url().optional(),
});
export type SlackFileInput = z.infer<typeof SlackFileInput>;

const Channel = SlackChannelId;
const Ts = z.string().regex(/^\d{1,12}\.\d{1,9}$/);

/** What happened in a thread, as the listener parsed it from the event. */
export const ThreadMessageEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('posted'),
    channel: Channel,
    ts: Ts,
    threadTs: Ts,
    user: SlackUserId,
    text: z.string().max(40_000),
    files: z.array(SlackFileInput).max(20).default([]),
  }),
  z.object({
    kind: z.literal('edited'),
    channel: Channel,
    ts: Ts,
    user: SlackUserId,
    text: z.string().max(40_000),
  }),
  z.object({ kind: z.literal('deleted'), channel: Channel, ts: Ts }),
]);
export type ThreadMessageEvent = z.input<typeof ThreadMessageEvent>;

/** What the service needs of Slack, given by the listener: names and file bytes. */
export interface ConversationSlack {
  /** The person as Slack shows them; undefined when Slack does not say. */
  person(userId: string): Promise<{ name?: string | undefined; iconUrl?: string | undefined } | undefined>;
  /** A file's bytes (bot token); throws when it is larger than `maxBytes` or cannot be had. */
  download(file: SlackFileInput, maxBytes: number): Promise<Buffer>;
}

export type ThreadMessageOutcome =
  | { kind: 'not_a_case_thread' }
  | { kind: 'repeated'; caseId: number }
  | {
      kind: 'relayed' | 'note';
      caseId: number;
      /** The case went from pending to open with this reply. */
      opened: boolean;
      /** Files that were not kept or passed on, and why. */
      refusedFiles: Array<{ name: string; reason: string }>;
    }
  /** Someone who may not talk on the case wrote in its thread; `tell`: the first time, so say so once. */
  | { kind: 'not_relayed'; caseId: number; tell: boolean; who: 'stranger' | 'requester' }
  | { kind: 'edited' | 'deleted' | 'unchanged'; caseId: number };

type Posted = Extract<z.output<typeof ThreadMessageEvent>, { kind: 'posted' }>;

/**
 * A message event from a thread Otto may care about: a new message, an edit, a deletion. Anything
 * that is not in a case's thread is left alone (`not_a_case_thread`); nothing is written for it.
 */
export async function receiveThreadMessage(
  ctx: ServiceContext,
  raw: ThreadMessageEvent,
  slack: ConversationSlack,
): Promise<ThreadMessageOutcome> {
  const event = ThreadMessageEvent.parse(raw);
  if (event.kind === 'edited') return relayEdit(ctx, event);
  if (event.kind === 'deleted') return relayDeletion(ctx, event);
  const thread = await findCaseThread(ctx.db, event.channel, event.threadTs);
  if (!thread) return { kind: 'not_a_case_thread' };
  if (await findCaseMessage(ctx.db, event.channel, event.ts))
    return { kind: 'repeated', caseId: thread.caseId };
  const [row] = await ctx.db.select().from(deskCases).where(eq(deskCases.id, thread.caseId)).limit(1);
  if (!row) return { kind: 'not_a_case_thread' };
  const speaker = await speakerOf(ctx, row, thread, event.user);
  if (speaker !== 'staff' && speaker !== 'requester') return notRelayed(ctx, row, event.user, speaker);
  const internal = speaker === 'staff' && isInternalNote(event.text);
  const [person, files] = await Promise.all([slack.person(event.user), keptFiles(event.files, slack)]);
  const authorName = person?.name ?? fallbackName(row, event.user, speaker);
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const [message] = await tx
      .insert(deskCaseMessages)
      .values({
        caseId: row.id,
        side: speaker,
        internal,
        authorSlackUserId: event.user,
        authorName,
        text: event.text,
        sourceRef: `${event.channel}:${event.ts}`,
        relayedAs: [],
        at: now,
      })
      .onConflictDoNothing({ target: deskCaseMessages.sourceRef })
      .returning({ id: deskCaseMessages.id });
    if (!message) return { kind: 'repeated', caseId: row.id } as const;
    const fileRows = [];
    for (const file of files.kept) {
      const [kept] = await tx
        .insert(deskCaseFiles)
        .values({
          caseId: row.id,
          messageId: message.id,
          name: file.name,
          mimeType: file.mimetype,
          size: file.content.length,
          content: file.content,
          sourceRef: file.id,
          uploadedBy: event.user,
          at: now,
        })
        .returning({ id: deskCaseFiles.id, name: deskCaseFiles.name });
      fileRows.push(kept!);
    }
    await recordCaseHistory(
      tx,
      {
        caseId: row.id,
        action: internal ? 'note' : 'message',
        actor: event.user,
        detail: {
          messageId: message.id,
          side: speaker,
          ...(fileRows.length > 0 && { files: fileRows.map((f) => f.name) }),
          ...(files.refused.length > 0 && { filesNotKept: files.refused }),
        },
      },
      now,
    );
    if (internal)
      return { kind: 'note', caseId: row.id, opened: false, refusedFiles: files.refused } as const;
    const copy: Copy = { row, event, authorName, iconUrl: person?.iconUrl, files: fileRows, now };
    const relayedAs =
      speaker === 'staff' ? await copiesToRequesters(tx, ctx, copy, slack) : await copiesToStaff(tx, copy);
    await tx.update(deskCaseMessages).set({ relayedAs }).where(eq(deskCaseMessages.id, message.id));
    // A note is not a reply to the requester: only a relayed staff message is the first response.
    const opened = speaker === 'staff' ? await firstResponse(tx, ctx, row, event.user, now) : false;
    return { kind: 'relayed', caseId: row.id, opened, refusedFiles: files.refused } as const;
  });
  ctx.noticesWritten();
  // The case's status shows on its people's Homes.
  if (outcome.kind === 'relayed' && outcome.opened) {
    const people = [row.assigneeSlackUserId, ...requestersOf(row).map((r) => r.slackUserId)];
    for (const id of new Set(people)) if (id) ctx.surfaces?.homeChanged(id);
  }
  return outcome;
}

type Speaker = 'staff' | 'requester' | 'stranger' | 'requester_in_staff_thread';

/** Who speaks: in the card's thread only the case's staff; in a DM thread only its requester. */
async function speakerOf(
  ctx: ServiceContext,
  row: CaseRow,
  thread: CaseThread,
  userId: string,
): Promise<Speaker> {
  if (thread.side === 'requester') {
    const still = row.reporterSlackUserId === userId || row.contactSlackUserId === userId;
    return thread.requesterSlackUserId === userId && still ? 'requester' : 'stranger';
  }
  const access = await caseAccessOf(ctx, row, userId);
  if (access.staff) return 'staff';
  return access.requester ? 'requester_in_staff_thread' : 'stranger';
}

/** Someone outside the case wrote in its thread: nothing is relayed; they are told once per case. */
async function notRelayed(
  ctx: ServiceContext,
  row: CaseRow,
  userId: string,
  speaker: 'stranger' | 'requester_in_staff_thread',
): Promise<ThreadMessageOutcome> {
  const who = speaker === 'stranger' ? 'stranger' : 'requester';
  const [told] = await ctx.db
    .select({ id: deskCaseHistory.id })
    .from(deskCaseHistory)
    .where(
      and(
        eq(deskCaseHistory.caseId, row.id),
        eq(deskCaseHistory.action, 'message_not_relayed'),
        eq(deskCaseHistory.actor, userId),
      ),
    )
    .limit(1);
  if (told) return { kind: 'not_relayed', caseId: row.id, tell: false, who };
  await recordCaseHistory(
    ctx.db,
    { caseId: row.id, action: 'message_not_relayed', actor: userId, detail: { why: who } },
    ctx.clock.now(),
  );
  return { kind: 'not_relayed', caseId: row.id, tell: true, who };
}

function fallbackName(row: CaseRow, userId: string, speaker: 'staff' | 'requester'): string {
  if (speaker === 'requester') {
    const name = row.contactSlackUserId === userId ? row.contactName : row.reporterName;
    return name ?? 'The requester';
  }
  return 'The service desk';
}

interface KeptFile extends SlackFileInput {
  content: Buffer;
}

/** The message's files within the case's limits (each, count, together), downloaded; the rest said why. */
async function keptFiles(
  files: readonly SlackFileInput[],
  slack: ConversationSlack,
): Promise<{ kept: KeptFile[]; refused: Array<{ name: string; reason: string }> }> {
  const kept: KeptFile[] = [];
  const refused: Array<{ name: string; reason: string }> = [];
  let total = 0;
  for (const file of files) {
    const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;
    if (kept.length >= caseFilesMaxCount) {
      refused.push({ name: file.name, reason: `more than ${caseFilesMaxCount} files` });
      continue;
    }
    if ((file.size ?? 0) > caseFileMaxBytes) {
      refused.push({ name: file.name, reason: `larger than ${mb(caseFileMaxBytes)}` });
      continue;
    }
    const room = Math.min(caseFileMaxBytes, caseFilesMaxTotalBytes - total);
    try {
      const content = await slack.download(file, room);
      total += content.length;
      kept.push({ ...file, content });
    } catch (error) {
      const reason =
        room < caseFileMaxBytes && (file.size ?? 0) > room
          ? `the files come to more than ${mb(caseFilesMaxTotalBytes)}`
          : error instanceof Error
            ? error.message
            : 'Slack did not hand it over';
      refused.push({ name: file.name, reason });
    }
  }
  return { kept, refused };
}

interface Copy {
  row: CaseRow;
  event: Posted;
  authorName: string;
  iconUrl: string | undefined;
  files: Array<{ id: number; name: string }>;
  now: Date;
}

const postedAs = (copy: Copy) => ({
  username: copy.authorName.slice(0, 80),
  ...(copy.iconUrl?.startsWith('https://') && { iconUrl: copy.iconUrl }),
});

/**
 * A staff reply to each requester: in Slack, in the DM thread of their acknowledgement, under the
 * staff member's name, with its files after it; by e-mail to a requester without Slack (or when
 * the case came by e-mail). Returns the copies' outbox ids.
 */
async function copiesToRequesters(
  tx: Db | Tx,
  ctx: ServiceContext,
  copy: Copy,
  slack: ConversationSlack,
): Promise<number[]> {
  const { row, event, now } = copy;
  const ids: number[] = [];
  const base = {
    caseId: row.id,
    subject: row.subject,
    side: 'staff' as const,
    authorName: copy.authorName,
    files: copy.files.map((f) => f.name),
  };
  let plain: string | undefined;
  for (const requester of requestersOf(row)) {
    if (requester.slackUserId) {
      const [root] = await tx
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.caseId, row.id),
            eq(outbox.notice, 'case_opened'),
            eq(outbox.channel, 'slack_dm'),
            eq(outbox.recipient, requester.slackUserId),
          ),
        )
        .orderBy(desc(outbox.id))
        .limit(1);
      let thread = root?.id;
      if (event.text.trim().length > 0 || thread === undefined) {
        const id = await enqueueNotice(
          tx,
          {
            channel: 'slack_dm',
            recipient: requester.slackUserId,
            kind: 'case_message',
            view: {
              ...base,
              text:
                event.text.trim().length > 0
                  ? relayedText(event.text)
                  : copy.files.length === 1
                    ? 'sent a file'
                    : `sent ${copy.files.length} files`,
              ...(thread !== undefined && { inThreadOf: thread }),
              as: postedAs(copy),
            },
            caseId: row.id,
          },
          now,
        );
        if (id !== undefined) {
          ids.push(id);
          // Without an acknowledgement to answer under, this message starts their thread.
          thread ??= id;
        }
      }
      if (thread !== undefined)
        ids.push(...(await fileCopies(tx, copy, 'slack_dm', requester.slackUserId, thread)));
    }
    const byEmail = requester.email && (!requester.slackUserId || row.source === 'email');
    if (byEmail && event.text.trim().length + copy.files.length > 0) {
      plain ??= await plainText(event.text, slack);
      const id = await enqueueNotice(
        tx,
        {
          channel: 'email',
          recipient: requester.email!,
          kind: 'case_message',
          view: {
            ...base,
            text: relayedText(plain),
            recipientName: requester.name ?? null,
            outsideSlack: !requester.slackUserId,
            openApp: ctx.links.openApp,
          },
          caseId: row.id,
        },
        now,
      );
      if (id !== undefined) ids.push(id);
    }
  }
  return ids;
}

/** A requester's message into the case's card thread, under their name, with its files. */
async function copiesToStaff(tx: Db | Tx, copy: Copy): Promise<number[]> {
  const { row, event, now } = copy;
  if (row.cardOutboxId === null) return [];
  const [card] = await tx
    .select({ channel: outbox.recipient })
    .from(outbox)
    .where(eq(outbox.id, row.cardOutboxId))
    .limit(1);
  if (!card) return [];
  const ids: number[] = [];
  if (event.text.trim().length > 0) {
    const view: z.input<typeof CaseMessageView> = {
      caseId: row.id,
      subject: row.subject,
      side: 'requester',
      authorName: copy.authorName,
      text: relayedText(event.text),
      files: copy.files.map((f) => f.name),
      inThreadOf: row.cardOutboxId,
      as: postedAs(copy),
    };
    const id = await enqueueNotice(
      tx,
      { channel: 'slack_channel', recipient: card.channel, kind: 'case_message', view, caseId: row.id },
      now,
    );
    if (id !== undefined) ids.push(id);
  }
  ids.push(...(await fileCopies(tx, copy, 'slack_channel', card.channel, row.cardOutboxId)));
  return ids;
}

/** Each kept file uploaded into a thread, after the message (the outbox keeps the order). */
async function fileCopies(
  tx: Db | Tx,
  copy: Copy,
  channel: 'slack_dm' | 'slack_channel',
  recipient: string,
  thread: number,
): Promise<number[]> {
  const ids: number[] = [];
  for (const file of copy.files) {
    const id = await enqueueNotice(
      tx,
      {
        channel,
        recipient,
        kind: 'case_file',
        view: {
          caseId: copy.row.id,
          fileId: file.id,
          name: file.name,
          authorName: copy.authorName,
          inThreadOf: thread,
        },
        caseId: copy.row.id,
      },
      copy.now,
    );
    if (id !== undefined) ids.push(id);
  }
  return ids;
}

/** The message for an e-mail: people it mentions by name. */
async function plainText(slackText: string, slack: ConversationSlack): Promise<string> {
  const names = new Map<string, string>();
  for (const id of mentionedUserIds(slackText).slice(0, 20)) {
    const name = (await slack.person(id))?.name;
    if (name) names.set(id, name);
  }
  return slackTextToPlain(slackText, names);
}

/**
 * The first staff reply stops the first-response clock and moves a pending case to open (SPEC
 * §4.2); the card shows it. Guarded on `firstResponseAt` being unset, so it happens once.
 */
async function firstResponse(
  tx: Db | Tx,
  ctx: ServiceContext,
  row: CaseRow,
  actor: string,
  now: Date,
): Promise<boolean> {
  if (row.firstResponseAt !== null) return false;
  const [updated] = await tx
    .update(deskCases)
    .set({
      firstResponseAt: now,
      status: sql`case when ${deskCases.status} = 'pending' then 'open' else ${deskCases.status} end`,
      statusChangedAt: sql`case when ${deskCases.status} = 'pending' then ${now} else ${deskCases.statusChangedAt} end`,
      version: sql`${deskCases.version} + 1`,
      updatedAt: now,
    })
    .where(and(eq(deskCases.id, row.id), isNull(deskCases.firstResponseAt)))
    .returning();
  if (!updated) return false;
  const opened = row.status === 'pending' && updated.status === 'open';
  await recordCaseHistory(tx, { caseId: row.id, action: 'first_response', actor }, now);
  if (opened) {
    await recordCaseHistory(
      tx,
      { caseId: row.id, action: 'status', actor, detail: { status: { from: 'pending', to: 'open' } } },
      now,
    );
  }
  await updateCaseCard(tx, ctx, updated, now);
  return opened;
}

/**
 * An edit of a kept message: the case keeps the new text, and every Slack copy is rewritten in
 * place (chat.update through the outbox). E-mails cannot be taken back; a note stays internal.
 * Edits that leave the text as it was (a link preview added) change nothing.
 */
async function relayEdit(
  ctx: ServiceContext,
  event: { channel: string; ts: string; user: string; text: string },
): Promise<ThreadMessageOutcome> {
  const message = await findCaseMessage(ctx.db, event.channel, event.ts);
  if (!message || message.authorSlackUserId !== event.user) return { kind: 'not_a_case_thread' };
  if (message.deletedAt !== null || message.text === event.text) {
    return { kind: 'unchanged', caseId: message.caseId };
  }
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const [edited] = await tx
      .update(deskCaseMessages)
      .set({ text: event.text, editedAt: now })
      .where(and(eq(deskCaseMessages.id, message.id), isNull(deskCaseMessages.deletedAt)))
      .returning({ id: deskCaseMessages.id });
    if (!edited) return { kind: 'unchanged', caseId: message.caseId } as const;
    await recordCaseHistory(
      tx,
      {
        caseId: message.caseId,
        action: 'message_edited',
        actor: event.user,
        detail: { messageId: message.id, before: message.text },
      },
      now,
    );
    if (!message.internal) {
      for (const copy of await slackCopies(tx, message, ['case_message'])) {
        const { inThreadOf: _posted, ...earlier } = CaseMessageView.parse(copy.payload);
        const view = { ...earlier, text: relayedText(event.text), replaces: copy.id };
        await enqueueNotice(
          tx,
          {
            channel: copy.channel as 'slack_dm' | 'slack_channel',
            recipient: copy.recipient,
            kind: 'case_message',
            view,
            caseId: message.caseId,
          },
          now,
        );
      }
    }
    return { kind: 'edited', caseId: message.caseId } as const;
  });
  ctx.noticesWritten();
  return outcome;
}

/** A deletion of a kept message: marked on the case, and every Slack copy (text and files) taken back. */
async function relayDeletion(
  ctx: ServiceContext,
  event: { channel: string; ts: string },
): Promise<ThreadMessageOutcome> {
  const message = await findCaseMessage(ctx.db, event.channel, event.ts);
  if (!message) return { kind: 'not_a_case_thread' };
  if (message.deletedAt !== null) return { kind: 'unchanged', caseId: message.caseId };
  const now = ctx.clock.now();
  const outcome = await ctx.db.transaction(async (tx) => {
    const [deleted] = await tx
      .update(deskCaseMessages)
      .set({ deletedAt: now })
      .where(and(eq(deskCaseMessages.id, message.id), isNull(deskCaseMessages.deletedAt)))
      .returning({ id: deskCaseMessages.id });
    if (!deleted) return { kind: 'unchanged', caseId: message.caseId } as const;
    await recordCaseHistory(
      tx,
      {
        caseId: message.caseId,
        action: 'message_deleted',
        actor: message.authorSlackUserId ?? message.authorEmail ?? 'otto',
        detail: { messageId: message.id },
      },
      now,
    );
    for (const copy of await slackCopies(tx, message, ['case_message', 'case_file'])) {
      await enqueueNotice(
        tx,
        {
          channel: copy.channel as 'slack_dm' | 'slack_channel',
          recipient: copy.recipient,
          kind: 'case_message_removed',
          view: { caseId: message.caseId, removes: copy.id },
          caseId: message.caseId,
        },
        now,
      );
    }
    return { kind: 'deleted', caseId: message.caseId } as const;
  });
  ctx.noticesWritten();
  return outcome;
}

/** The message's copies posted in Slack (e-mails left out), of the given kinds. */
async function slackCopies(tx: Db | Tx, message: CaseMessageRow, kinds: string[]) {
  if (message.relayedAs.length === 0) return [];
  return tx
    .select({ id: outbox.id, channel: outbox.channel, recipient: outbox.recipient, payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        inArray(outbox.id, message.relayedAs),
        inArray(outbox.channel, ['slack_dm', 'slack_channel']),
        inArray(outbox.notice, kinds),
      ),
    )
    .orderBy(outbox.id);
}
