import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import {
  deskAccountMembers,
  deskAccounts,
  deskCaseFiles,
  deskCases,
  deskCategories,
  deskEnvironments,
} from '../../../../db/schema/index.js';
import { caseImpacts, caseSources } from '../../../domain/desk/enums.js';
import type { CasePerson, CaseSummaryView } from '../../../domain/desk/notices.js';
import { caseDeadlines } from '../../../domain/desk/sla.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { enqueueCustomerNotice, enqueueNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import type { InSameTransaction } from '../../same-transaction.js';
import { postCaseCard } from './card.js';
import { recordCaseHistory } from './history.js';
import { caseHomesChanged } from './home-audience.js';
import { type CaseRow, cardViewOf, caseSummary, reporterOf } from './load-case.js';
import { routeCase } from './route-case.js';

/** Limits of a case's text (a Slack message shows 3,000 characters of a section; e-mails take more). */
export const caseSubjectMaxLength = 150;
export const caseDescriptionMaxLength = 4000;
/** Files a case keeps, each and together: the database holds them for every replica. */
export const caseFileMaxBytes = 10 * 1024 * 1024;
export const caseFilesMaxCount = 10;
export const caseFilesMaxTotalBytes = 25 * 1024 * 1024;

const Person = z.object({
  slackUserId: SlackUserId.nullish(),
  email: z.email().nullish(),
  name: z.string().trim().min(1).max(200).nullish(),
});

export const CaseFile = z.object({
  name: z.string().trim().min(1).max(255),
  mimeType: z.string().min(1).max(255),
  content: z.instanceof(Buffer).refine((b) => b.length <= caseFileMaxBytes, {
    message: `is larger than ${caseFileMaxBytes / 1024 / 1024} MB`,
  }),
  /** Where it came from (a Slack file id), so the same file is kept once. */
  sourceRef: z.string().min(1).max(200).nullish(),
});
export type CaseFile = z.infer<typeof CaseFile>;

export const OpenCaseInput = z.object({
  source: z.enum(caseSources).default('slack'),
  /** Who opens it: always the reporter. */
  reporter: Person.refine((p) => p.slackUserId || p.email, {
    message: 'needs a Slack account or an address',
  }),
  /** On behalf of whom; left out, the reporter. */
  contact: Person.nullish(),
  accountId: z.number().int().positive().nullish(),
  environmentId: z.number().int().positive().nullish(),
  impact: z.enum(caseImpacts),
  categoryId: z.number().int().positive().nullish(),
  subject: z.string().trim().min(1, 'Give the case a subject.').max(caseSubjectMaxLength),
  description: z.string().trim().min(1, 'Describe what you need.').max(caseDescriptionMaxLength),
  files: z.array(CaseFile).max(caseFilesMaxCount).default([]),
});
export type OpenCaseInput = z.input<typeof OpenCaseInput>;

export interface OpenedCase {
  caseId: number;
  /** The group it went to, by name; none when the desk has no triage to take it. */
  group: string | null;
  assignee: string | null;
}

function sameRequester(a: z.infer<typeof Person>, b: z.infer<typeof Person>): boolean {
  if (a.slackUserId && b.slackUserId) return a.slackUserId === b.slackUserId;
  return !!a.email && !!b.email && a.email.toLowerCase() === b.email.toLowerCase();
}

/** The account and environment a case is for: the reporter's only account, or the one they chose of theirs. */
async function accountOf(
  tx: Db | Tx,
  reporter: z.infer<typeof Person>,
  accountId: number | null | undefined,
  environmentId: number | null | undefined,
): Promise<{ accountId: number | null; environmentId: number | null }> {
  const mine = reporter.slackUserId
    ? await tx
        .select({ id: deskAccountMembers.accountId })
        .from(deskAccountMembers)
        .where(eq(deskAccountMembers.slackUserId, reporter.slackUserId))
    : [];
  let account: number | null = null;
  if (accountId) {
    const [exists] = await tx
      .select({ id: deskAccounts.id })
      .from(deskAccounts)
      .where(eq(deskAccounts.id, accountId));
    if (!exists || (mine.length > 0 && !mine.some((m) => m.id === accountId)))
      throw invalid('Choose one of your accounts.', 'account');
    account = accountId;
  } else if (mine.length === 1) {
    account = mine[0]!.id;
  } else if (mine.length > 1) {
    throw invalid('Choose the account the case is for.', 'account');
  }
  if (!environmentId) return { accountId: account, environmentId: null };
  const [environment] = await tx
    .select({ accountId: deskEnvironments.accountId })
    .from(deskEnvironments)
    .where(eq(deskEnvironments.id, environmentId));
  if (!environment || environment.accountId !== account)
    throw invalid('Choose an environment of the case’s account.', 'environment');
  return { accountId: account, environmentId };
}

/**
 * Opens a case (SPEC §4.2): checks every field, routes it with the dispatcher, keeps its files,
 * and in the same transaction tells the requesters (DM and e-mail), the assignee (DM), and posts
 * the card in the group's channel. Every step is on the case's history.
 */
export async function openCase(
  ctx: ServiceContext,
  raw: OpenCaseInput,
  along?: InSameTransaction<OpenedCase>,
): Promise<OpenedCase> {
  const parsed = OpenCaseInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`The ${String(issue.path[0] ?? 'case')} ${issue.message}`, String(issue.path[0] ?? ''));
  }
  const input = parsed.data;
  const total = input.files.reduce((sum, f) => sum + f.content.length, 0);
  if (total > caseFilesMaxTotalBytes)
    throw invalid(
      `The files come to more than ${caseFilesMaxTotalBytes / 1024 / 1024} MB together.`,
      'files',
    );
  const contact = input.contact && !sameRequester(input.contact, input.reporter) ? input.contact : null;
  const now = ctx.clock.now();
  const opened = await ctx.db.transaction(async (tx) => {
    await along?.begin(tx);
    const { accountId, environmentId } = await accountOf(
      tx,
      input.reporter,
      input.accountId,
      input.environmentId,
    );
    if (input.categoryId) {
      const [category] = await tx
        .select({ id: deskCategories.id })
        .from(deskCategories)
        .where(eq(deskCategories.id, input.categoryId));
      if (!category) throw invalid('Choose one of the categories.', 'category');
    }
    const route = await routeCase(ctx, tx, {
      categoryId: input.categoryId ?? null,
      subject: input.subject,
      description: input.description,
    });
    const deadlines = caseDeadlines(ctx.calendar, now, input.impact);
    const requester = contact ?? input.reporter;
    const [row] = await tx
      .insert(deskCases)
      .values({
        source: input.source,
        reporterSlackUserId: input.reporter.slackUserId ?? null,
        reporterEmail: input.reporter.email ?? null,
        reporterName: input.reporter.name ?? null,
        contactSlackUserId: requester.slackUserId ?? null,
        contactEmail: requester.email ?? null,
        contactName: requester.name ?? null,
        accountId,
        environmentId,
        impact: input.impact,
        categoryId: input.categoryId ?? null,
        subject: input.subject,
        description: input.description,
        groupId: route.groupId,
        assigneeSlackUserId: route.assigneeSlackUserId,
        status: route.groupId === null ? 'new' : 'pending',
        statusChangedAt: now,
        routeRuleId: route.ruleId,
        routeReason: route.reason,
        responseDueAt: deadlines.responseDueAt,
        resolutionDueAt: deadlines.resolutionDueAt,
        openedAt: now,
        updatedAt: now,
      })
      .returning();
    const created = row!;
    const actor = input.reporter.slackUserId ?? input.reporter.email!;
    await recordCaseHistory(
      tx,
      {
        caseId: created.id,
        action: 'opened',
        actor,
        detail: {
          source: input.source,
          ...(contact && { onBehalfOf: contact.name ?? contact.slackUserId ?? contact.email }),
        },
      },
      now,
    );
    await recordCaseHistory(
      tx,
      {
        caseId: created.id,
        action: 'routed',
        actor: 'otto',
        detail: {
          how: route.how,
          groupId: route.groupId,
          assignee: route.assigneeSlackUserId,
          reason: route.reason,
        },
      },
      now,
    );
    for (const file of input.files) {
      await tx.insert(deskCaseFiles).values({
        caseId: created.id,
        name: file.name,
        mimeType: file.mimeType,
        size: file.content.length,
        content: file.content,
        sourceRef: file.sourceRef ?? null,
        uploadedBy: actor,
        at: now,
      });
    }
    const summary = await acknowledge(tx, ctx, created, now, input.files.length);
    const outcome = {
      caseId: created.id,
      group: summary.group ?? null,
      assignee: created.assigneeSlackUserId,
    };
    await along?.end(tx, outcome);
    return outcome;
  });
  ctx.noticesWritten();
  await caseHomesChanged(ctx, opened.caseId);
  return opened;
}

/** The acknowledgements of a new case: each requester hears, the assignee hears, the card is posted. */
async function acknowledge(
  tx: Db | Tx,
  ctx: ServiceContext,
  row: CaseRow,
  now: Date,
  files: number,
): Promise<CaseSummaryView> {
  const summary = await caseSummary(tx, row, ctx.calendar.timeZone);
  const reporter = reporterOf(row);
  const contact = summary.contact ?? null;
  const tell = async (to: CasePerson, extra: { openedBy?: CasePerson; openedFor?: CasePerson }) => {
    await enqueueCustomerNotice(
      tx,
      {
        to: { slackUserId: to.slackUserId, email: to.email },
        kind: 'case_opened',
        view: {
          caseId: row.id,
          subject: row.subject,
          description: row.description.length > 3000 ? `${row.description.slice(0, 2999)}…` : row.description,
          recipientName: to.name ?? null,
          group: summary.group ?? null,
          outsideSlack: !to.slackUserId,
          openApp: ctx.links.openApp,
          ...extra,
        },
        caseId: row.id,
        dedupeKey: `case:${row.id}:opened:${to.slackUserId ?? to.email}`,
      },
      now,
    );
  };
  await tell(reporter, contact ? { openedFor: contact } : {});
  if (contact) await tell(contact, { openedBy: reporter });
  if (row.assigneeSlackUserId) {
    await enqueueNotice(
      tx,
      {
        channel: 'slack_dm',
        recipient: row.assigneeSlackUserId,
        kind: 'case_assigned',
        view: { ...summary, why: 'routed' },
        caseId: row.id,
      },
      now,
    );
  }
  await postCaseCard(tx, ctx, row, now, cardViewOf(summary, row, files));
  return summary;
}
