import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import { deskCases } from '../../../../db/schema/index.js';
import { caseStatusInfo } from '../../../domain/desk/enums.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { conflict } from '../../errors.js';
import { type CaseAccess, requireCaseStaff } from './access.js';
import { type CaseRow, loadCase } from './load-case.js';

/** A click on one of a case's buttons: who, which case, and the version the button was drawn with. */
export const CaseClickInput = z.object({
  actor: SlackUserId,
  caseId: z.number().int().positive(),
  /** The case's version the button or form showed; left out, the case as it is now. */
  seenVersion: z.number().int().positive().optional(),
});
export type CaseClickInput = z.input<typeof CaseClickInput>;

/** "it is now Assessing, assigned to <@U…>": a case's state in the words of a refusal. */
export function caseStateWords(row: CaseRow): string {
  const status = caseStatusInfo[row.status].label;
  return row.assigneeSlackUserId
    ? `it is ${status}, assigned to <@${row.assigneeSlackUserId}>`
    : `it is ${status}, with nobody assigned`;
}

/**
 * The case a member of staff is about to change, or why they may not: not staff of it, the case
 * closed, or their button drawn before the case's last change (a stale card, DM or Home).
 */
export async function loadCaseForChange(
  ctx: Pick<ServiceContext, 'db'>,
  input: CaseClickInput,
): Promise<{ row: CaseRow; access: CaseAccess; actor: string }> {
  const { actor, caseId, seenVersion } = CaseClickInput.parse(input);
  const row = await loadCase(ctx.db, caseId);
  const access = await requireCaseStaff(ctx, row, actor);
  if (caseStatusInfo[row.status].kind === 'closed')
    throw conflict(`Case #${row.id} is closed; nothing was changed.`);
  if (seenVersion !== undefined && seenVersion !== row.version) throw staleCase(row);
  return { row, access, actor };
}

/** The refusal of a click on something drawn before the case's last change. */
export const staleCase = (row: CaseRow) =>
  conflict(
    `Case #${row.id} has changed since this was shown: ${caseStateWords(row)}. Nothing was changed; its card shows it as it is now.`,
  );

/**
 * Writes a change of a case guarded by the version it was read at, and bumps the version: a
 * concurrent change (another click, a reply, a rule) makes this one a refusal, never a mix.
 */
export async function updateCaseGuarded(
  tx: Db | Tx,
  row: CaseRow,
  changes: Partial<typeof deskCases.$inferInsert>,
  now: Date,
): Promise<CaseRow> {
  const [updated] = await tx
    .update(deskCases)
    .set({ ...changes, version: sql`${deskCases.version} + 1`, updatedAt: now })
    .where(and(eq(deskCases.id, row.id), eq(deskCases.version, row.version)))
    .returning();
  if (!updated) throw staleCase(await loadCase(tx, row.id));
  return updated;
}
