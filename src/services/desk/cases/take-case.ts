import type { ServiceContext } from '../../context.js';
import { conflict } from '../../errors.js';
import { updateCaseCard } from './card.js';
import { type CaseClickInput, loadCaseForChange, updateCaseGuarded } from './case-change.js';
import { recordCaseHistory } from './history.js';
import { caseHomesChanged } from './home-audience.js';

export interface TakeCaseResult {
  caseId: number;
  /** Who had it before, when somebody did. */
  from: string | null;
}

/**
 * Take (SPEC §4.2): a member of the case's staff (its group, triage, a desk admin) makes it
 * theirs. The group stays; the card shows the new assignee. The former assignee is not messaged:
 * the card in their group's channel shows who has it now.
 */
export async function takeCase(ctx: ServiceContext, input: CaseClickInput): Promise<TakeCaseResult> {
  const { row, actor } = await loadCaseForChange(ctx, input);
  if (row.assigneeSlackUserId === actor)
    throw conflict(`Case #${row.id} is yours already; nothing was changed.`);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const updated = await updateCaseGuarded(tx, row, { assigneeSlackUserId: actor }, now);
    await recordCaseHistory(
      tx,
      {
        caseId: row.id,
        action: 'taken',
        actor,
        detail: { assignee: { from: row.assigneeSlackUserId, to: actor } },
      },
      now,
    );
    await updateCaseCard(tx, ctx, updated, now);
  });
  ctx.noticesWritten();
  await caseHomesChanged(ctx, row.id);
  return { caseId: row.id, from: row.assigneeSlackUserId };
}
