import { renderCalendarReply } from '../../../../../blocks/scheduling/calendar.js';
import { renderTeamSlotsModal } from '../../../../../blocks/scheduling/team-slots.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getCalendarOverview, isCalendarStaff } from '../../../../services/scheduling/calendar-overview.js';
import { listTeamSlots } from '../../../../services/scheduling/team-slots.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

/** How far `/otto calendar` looks ahead. */
const CALENDAR_DAYS = 14;

/** `/otto calendar [team]`: free and booked slots by day; staff also get the feed addresses. */
export async function calendarSubcommand(
  ctx: ServiceContext,
  userId: string,
  words: string[],
): Promise<SubcommandReply> {
  const team = words.join(' ').trim();
  const overview = await getCalendarOverview(ctx, {
    userId,
    days: CALENDAR_DAYS,
    ...(team ? { team } : {}),
    secret: ctx.calendarSecret,
  });
  return renderCalendarReply(overview, { days: CALENDAR_DAYS, staff: await isCalendarStaff(ctx, userId) });
}

/** `/otto slots [team]`: the team's slot admins see the next two weeks' slots and delete them. */
export async function slotsSubcommand(i: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const team = i.words.join(' ').trim();
  const slots = await listTeamSlots(i.ctx, { userId: i.userId, team: team || undefined });
  await i.client.views.open({ trigger_id: i.triggerId, view: renderTeamSlotsModal(slots) });
  return undefined;
}
