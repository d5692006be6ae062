import { eq } from 'drizzle-orm';
import { deskCategories } from '../../../../db/schema/index.js';
import { caseStatusInfo } from '../../../domain/desk/enums.js';
import type { ServiceContext } from '../../context.js';
import { conflict } from '../../errors.js';
import { updateCaseCard } from './card.js';
import { type CaseClickInput, loadCaseForChange, updateCaseGuarded } from './case-change.js';
import { recordCaseHistory } from './history.js';
import { caseHomesChanged } from './home-audience.js';

/**
 * Assessing (SPEC §4.2: "staff may set assessing meanwhile"): a pending case that staff are
 * looking into before anyone has answered the requester. Only from pending; the full status menu
 * is another verb's.
 */
export async function setCaseAssessing(
  ctx: ServiceContext,
  input: CaseClickInput,
): Promise<{ caseId: number }> {
  const { row, actor } = await loadCaseForChange(ctx, input);
  if (row.status !== 'pending')
    throw conflict(
      `Case #${row.id} is ${caseStatusInfo[row.status].label} already, not pending; nothing was changed.`,
    );
  if (row.categoryId !== null) {
    // People are offered only the statuses of the case's category (SPEC §4.3).
    const [category] = await ctx.db
      .select({ name: deskCategories.name, statuses: deskCategories.statuses })
      .from(deskCategories)
      .where(eq(deskCategories.id, row.categoryId))
      .limit(1);
    if (category && !category.statuses.includes('assessing'))
      throw conflict(`Cases of ${category.name} do not use Assessing; nothing was changed.`);
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const updated = await updateCaseGuarded(tx, row, { status: 'assessing', statusChangedAt: now }, now);
    await recordCaseHistory(
      tx,
      { caseId: row.id, action: 'status', actor, detail: { status: { from: row.status, to: 'assessing' } } },
      now,
    );
    await updateCaseCard(tx, ctx, updated, now);
  });
  ctx.noticesWritten();
  await caseHomesChanged(ctx, row.id);
  return { caseId: row.id };
}
