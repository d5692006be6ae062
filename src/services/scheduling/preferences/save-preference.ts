import { and, eq } from 'drizzle-orm';
import { scheduleSlotPreferences } from '../../../../db/schema/index.js';
import { formatDay } from '../../../domain/calendar/format-date-time.js';
import {
  type PreferenceCheck,
  type PreferenceInput,
  type SlotLayout,
  type SlotPreference,
  validatePreference,
} from '../../../domain/scheduling/index.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { generateSlots, withdrawUnbookedSlots } from '../generate-slots.js';
import { bookableFrom, slotLeadDays } from '../lead-time.js';
import { listPreferences } from './list-preferences.js';
import { requireSlotAdminOf } from './slot-admin-team.js';

export interface SavePreferenceInput {
  actor: string;
  teamId: number;
  /** The rule being edited; absent to add one. */
  preferenceId?: number | undefined;
  rule: PreferenceInput;
}

/** What saving did to the team's slots, for the note that follows the form. */
export interface SlotsLaidOut {
  /** The rule was edited: its unbooked future slots were laid out again; booked ones stayed. */
  edited: boolean;
  /** The lead time in business days (OTTO_SLOT_LEAD_DAYS). */
  leadDays: number;
  /** The first day customers are offered the slots, "Wed 18 Nov". */
  firstBookableDay: string;
}

export type SavePreferenceResult =
  | { ok: true; preference: SlotPreference; layout: SlotLayout; team: string; laidOut: SlotsLaidOut }
  | Extract<PreferenceCheck, { ok: false }>;

/**
 * Adds or edits a team's weekly rule (its slot admins only). Field problems come back as errors
 * for the form, and nothing is saved. The team's slots follow at once: an edited rule's unbooked
 * future slots are withdrawn and the team's 35 days generated again; booked slots stay. Customers
 * are offered them only past the lead time, which the answer names.
 */
export async function savePreference(
  ctx: ServiceContext,
  input: SavePreferenceInput,
): Promise<SavePreferenceResult> {
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const team = await requireSlotAdminOf(tx, input.actor, input.teamId);
    const rules = await listPreferences(tx, team.id);
    const existing =
      input.preferenceId === undefined ? undefined : rules.find((r) => r.id === input.preferenceId);
    if (input.preferenceId !== undefined && !existing) {
      throw notFound('That rule was removed meanwhile; open the Home again.');
    }
    const check = validatePreference(
      input.rule,
      rules.filter((r) => r.id !== input.preferenceId),
    );
    if (!check.ok) return check;
    const values = { ...check.value, updatedBy: input.actor, updatedAt: now };
    let id: number;
    if (existing) {
      await tx
        .update(scheduleSlotPreferences)
        .set(values)
        .where(
          and(
            eq(scheduleSlotPreferences.id, existing.id),
            eq(scheduleSlotPreferences.supportTeamId, team.id),
          ),
        );
      id = existing.id;
      await withdrawUnbookedSlots(tx, id, now);
    } else {
      const [inserted] = await tx
        .insert(scheduleSlotPreferences)
        .values({ ...values, supportTeamId: team.id })
        .returning({ id: scheduleSlotPreferences.id });
      id = inserted!.id;
    }
    await recordAudit(
      tx,
      {
        entity: 'schedule_slot_preference',
        entityId: id,
        action: existing ? 'updated' : 'created',
        actor: input.actor,
        changes: Object.fromEntries(
          (Object.keys(check.value) as Array<keyof PreferenceInput>)
            .filter((key) => JSON.stringify(existing?.[key] ?? null) !== JSON.stringify(check.value[key]))
            .map((key) => [key, { from: existing?.[key] ?? null, to: check.value[key] }]),
        ),
      },
      now,
    );
    return {
      ok: true as const,
      preference: { id, ...check.value },
      layout: check.layout,
      team: team.name,
      teamId: team.id,
      timeZone: team.timeZone,
      edited: existing !== undefined,
    };
  });
  if (!result.ok) return result;
  const { teamId, timeZone, edited, ...saved } = result;
  await generateSlots(ctx, now, teamId);
  return {
    ...saved,
    laidOut: {
      edited,
      leadDays: slotLeadDays(ctx),
      firstBookableDay: formatDay(bookableFrom(ctx, now, timeZone), timeZone),
    },
  };
}
