import { formatDay } from '../../../domain/calendar/format-date-time.js';
import type { SlotPreference } from '../../../domain/scheduling/index.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { bookableFrom } from '../lead-time.js';
import { listPreferences } from './list-preferences.js';
import { requireSlotAdminOf } from './slot-admin-team.js';

export interface PreferenceForm {
  teamId: number;
  team: string;
  timeZone: string;
  rule?: SlotPreference | undefined;
  /** Today in the team's zone: a new rule's first day. */
  today: string;
  /** The first day customers are offered slots (the lead time), "Wed 18 Nov". */
  firstBookableDay: string;
}

/** What the Add/Edit/Remove modals show, for the team's slot admins only. */
export async function getPreferenceForm(
  ctx: ServiceContext,
  input: { actor: string; teamId: number; preferenceId?: number | undefined },
): Promise<PreferenceForm> {
  const team = await requireSlotAdminOf(ctx.db, input.actor, input.teamId);
  let rule: SlotPreference | undefined;
  if (input.preferenceId !== undefined) {
    rule = (await listPreferences(ctx.db, team.id)).find((r) => r.id === input.preferenceId);
    if (!rule) throw notFound('That rule was removed meanwhile; open the Home again.');
  }
  const now = ctx.clock.now();
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: team.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
  const firstBookableDay = formatDay(bookableFrom(ctx, now, team.timeZone), team.timeZone);
  return { teamId: team.id, team: team.name, timeZone: team.timeZone, rule, today, firstBookableDay };
}
