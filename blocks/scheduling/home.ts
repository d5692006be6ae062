import type { KnownBlock } from '@slack/types';
import type {
  CalendarSection,
  SchedulingHomeSection,
  SlotTeamsSection,
} from '../../src/services/scheduling/home-sections.js';
import { ids } from '../../src/slack/ids.js';
import type { RenderedSection } from '../shared/home-section.js';
import { md, moreLine, mrkdwn, plain } from '../shared/text.js';
import { teamCalendarSection } from './calendar.js';
import { slotRuleBlocks } from './slot-rules.js';

/** Teams the Home lists before it counts the rest. */
const slotTeamsShown = 5;
const calendarTeamsShown = 5;

function slotTeamBlocks({ slotTeams }: SlotTeamsSection): KnownBlock[] {
  const teams = slotTeams.slice(0, slotTeamsShown);
  return [
    ...teams.flatMap(({ team, upcomingSlots }): KnownBlock[] => [
      { type: 'divider' },
      {
        type: 'section',
        text: mrkdwn(
          md`*Schedule slots · ${team}*\n${upcomingSlots} slot${upcomingSlots === 1 ? '' : 's'} in the next two weeks.`,
        ),
      },
    ]),
    ...moreLine(teams.length, slotTeams.length),
  ];
}

/** Staff's calendar overview: the next days' free and booked slots per team, with a team filter. */
function calendarBlocks({ calendar, days, bulkReschedule }: CalendarSection): KnownBlock[] {
  const all = { text: plain('All teams'), value: 'all' };
  // Option values are team ids (names may be long); at most 100 options, "All teams" included.
  const options = [
    all,
    ...calendar.teamChoices
      .slice(0, 99)
      .map((team) => ({ text: plain(team.name, 75), value: String(team.id) })),
  ];
  const selected = options.find((o) => o.value === String(calendar.filter?.id)) ?? all;
  const teams = calendar.teams.slice(0, calendarTeamsShown);
  return [
    { type: 'divider' },
    { type: 'header', text: plain(`Calendar · next ${days} days`, 150) },
    {
      type: 'actions',
      block_id: 'home_calendar_filter',
      elements: [
        {
          type: 'static_select',
          action_id: ids.homeCalendarTeam,
          placeholder: plain('Team'),
          options,
          initial_option: selected,
        },
        ...(bulkReschedule
          ? [{ type: 'button' as const, action_id: ids.bulkRescheduleOpen, text: plain('Bulk reschedule') }]
          : []),
      ],
    },
    ...teams.map((team) => teamCalendarSection(team, md`_No slots._`)),
    ...moreLine(teams.length, calendar.teams.length),
  ];
}

/** Scheduling's Home sections: slot admins' teams and weekly rules, staff's calendar. */
export function renderSchedulingHomeSection(section: SchedulingHomeSection): RenderedSection {
  switch (section.kind) {
    case 'slot_teams':
      return { blocks: slotTeamBlocks(section) };
    case 'slot_rules':
      // Slot rules take what is left of Block Kit's 100 after everything else the Home shows.
      return { blocks: (room) => slotRuleBlocks(section.teams, room) };
    case 'calendar':
      return { blocks: calendarBlocks(section) };
  }
}
