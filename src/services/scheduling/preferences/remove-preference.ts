import { and, eq } from 'drizzle-orm';
import { scheduleSlotPreferences } from '../../../../db/schema/index.js';
import { describePreference } from '../../../domain/scheduling/index.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { withdrawUnbookedSlots } from '../generate-slots.js';
import { listPreferences } from './list-preferences.js';
import { requireSlotAdminOf } from './slot-admin-team.js';

/**
 * Removes a team's weekly rule (its slot admins only): no new slots come from it, and its future
 * slots nobody booked are withdrawn; booked ones stay, and can be deleted in the slot admin view.
 */
export async function removePreference(
  ctx: ServiceContext,
  input: { actor: string; teamId: number; preferenceId: number },
): Promise<{ team: string; rule: string }> {
  const now = ctx.clock.now();
  return await ctx.db.transaction(async (tx) => {
    const team = await requireSlotAdminOf(tx, input.actor, input.teamId);
    const rule = (await listPreferences(tx, team.id)).find((r) => r.id === input.preferenceId);
    if (!rule) throw notFound('That rule was already removed.');
    await withdrawUnbookedSlots(tx, rule.id, now);
    await tx
      .delete(scheduleSlotPreferences)
      .where(
        and(eq(scheduleSlotPreferences.id, rule.id), eq(scheduleSlotPreferences.supportTeamId, team.id)),
      );
    const { id: _id, ...removed } = rule;
    await recordAudit(
      tx,
      {
        entity: 'schedule_slot_preference',
        entityId: rule.id,
        action: 'removed',
        actor: input.actor,
        changes: Object.fromEntries(Object.entries(removed).map(([key, from]) => [key, { from, to: null }])),
      },
      now,
    );
    return { team: team.name, rule: describePreference(rule) };
  });
}
