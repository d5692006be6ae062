import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import {
  deskAccounts,
  deskCaseFiles,
  deskCases,
  deskCategories,
  deskEnvironments,
  deskGroups,
} from '../../../../db/schema/index.js';
import type { CaseCardView, CasePerson, CaseSummaryView } from '../../../domain/desk/notices.js';
import { notFound } from '../../errors.js';

export type CaseRow = typeof deskCases.$inferSelect;

/** The case, or a clear refusal when there is none by that number. */
export async function loadCase(db: Db | Tx, caseId: number): Promise<CaseRow> {
  const [row] = await db.select().from(deskCases).where(eq(deskCases.id, caseId)).limit(1);
  if (!row) throw notFound(`There is no case #${caseId}.`);
  return row;
}

export const reporterOf = (row: CaseRow): CasePerson => ({
  slackUserId: row.reporterSlackUserId,
  name: row.reporterName,
  email: row.reporterEmail,
});

/** The contact, when the case was opened for someone other than the reporter. */
export function contactOf(row: CaseRow): CasePerson | null {
  const same =
    (row.contactSlackUserId !== null && row.contactSlackUserId === row.reporterSlackUserId) ||
    (row.contactSlackUserId === null &&
      row.contactEmail !== null &&
      row.contactEmail.toLowerCase() === row.reporterEmail?.toLowerCase());
  if (same || (row.contactSlackUserId === null && row.contactEmail === null)) return null;
  return { slackUserId: row.contactSlackUserId, name: row.contactName, email: row.contactEmail };
}

/** The people a case's requester notices go to: the reporter, and the contact when another. */
export function requestersOf(row: CaseRow): CasePerson[] {
  const contact = contactOf(row);
  return contact ? [reporterOf(row), contact] : [reporterOf(row)];
}

/** The card's facts: the case with its category, account, environment and group by name. */
export async function caseSummary(db: Db | Tx, row: CaseRow, timeZone: string): Promise<CaseSummaryView> {
  const [names] = await db
    .select({
      category: deskCategories.name,
      account: deskAccounts.name,
      environment: deskEnvironments.name,
      group: deskGroups.name,
    })
    .from(deskCases)
    .leftJoin(deskCategories, eq(deskCategories.id, deskCases.categoryId))
    .leftJoin(deskAccounts, eq(deskAccounts.id, deskCases.accountId))
    .leftJoin(deskEnvironments, eq(deskEnvironments.id, deskCases.environmentId))
    .leftJoin(deskGroups, eq(deskGroups.id, deskCases.groupId))
    .where(eq(deskCases.id, row.id))
    .limit(1);
  return {
    caseId: row.id,
    version: row.version,
    subject: row.subject,
    status: row.status,
    impact: row.impact,
    category: names?.category ?? null,
    account: names?.account ?? null,
    environment: names?.environment ?? null,
    group: names?.group ?? null,
    assignee: row.assigneeSlackUserId,
    reporter: reporterOf(row),
    contact: contactOf(row),
    routeReason: row.routeReason,
    escalatedAt: row.escalatedAt,
    responseDueAt: row.responseDueAt,
    firstResponseAt: row.firstResponseAt,
    resolutionDueAt: row.resolutionDueAt,
    dueAt: row.dueAt,
    openedAt: row.openedAt,
    timeZone,
  };
}

/** The card's view of a summary: the description shortened, and how many files the case has. */
export const cardViewOf = (summary: CaseSummaryView, row: CaseRow, files: number): CaseCardView => ({
  ...summary,
  description: row.description.length > 1500 ? `${row.description.slice(0, 1499)}…` : row.description,
  files,
});

/** The card's view: the summary, the description shortened and how many files came with it. */
export async function caseCardView(db: Db | Tx, row: CaseRow, timeZone: string): Promise<CaseCardView> {
  const files = await db.$count(deskCaseFiles, eq(deskCaseFiles.caseId, row.id));
  return cardViewOf(await caseSummary(db, row, timeZone), row, files);
}
