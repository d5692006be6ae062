import type { KnownBlock, PlainTextOption } from '@slack/types';
import type {
  CalendarSection,
  SchedulingHomeSection,
  SlotAdminDay,
  SlotAdminSlot,
  SlotTeamsSection,
} from '../../src/services/scheduling/home-sections.js';
import { ids } from '../../src/slack/ids.js';
import { slotValue } from '../../src/slack/values/scheduling.js';
import type { RenderedSection } from '../shared/home-section.js';
import { joinMd, type Mrkdwn, md, mdLines, moreLine, mrkdwn, plain, truncate } from '../shared/text.js';
import { slotCountsText, teamCalendarSection } from './calendar.js';
import { slotRuleBlocks } from './slot-rules.js';

/** Teams the Home lists before it counts the rest. */
const slotTeamsShown = 5;
const calendarTeamsShown = 5;
/** Day sections of all slot admins' teams together: the Home has 100 blocks for every role. */
const slotDaysShown = 20;
/** Slot lines in one day's section before the rest are counted (a section holds 3,000 characters). */
const slotLinesShown = 12;
/** People named on one slot's line. */
const namesShown = 3;
/** Block Kit's limit on a select's options. */
const OPTIONS = 100;

function bookedLine(slot: SlotAdminSlot): Mrkdwn {
  if (slot.booked === 0)
    return md`${slot.time} · free (${slot.capacity} seat${slot.capacity === 1 ? '' : 's'})`;
  const names = slot.bookings
    .slice(0, namesShown)
    .map((b) => md`${truncate(b.customer ?? 'no customer', 60)} (refresh #${b.ticketId})`);
  const more = slot.bookings.length - names.length;
  const who = names.length > 0 ? md`: ${joinMd(names, md`, `)}${more > 0 ? md` and ${more} more` : ''}` : '';
  return md`${slot.time} · ${slot.booked} of ${slot.capacity} booked${who}`;
}

/** A day's slots with who is booked, and a select that deletes one of them (after Slack's confirm). */
function slotDayBlock(day: SlotAdminDay): KnownBlock {
  const lines = day.slots.slice(0, slotLinesShown).map(bookedLine);
  const hidden = day.slots.length - lines.length;
  if (hidden > 0) lines.push(md`_…and ${hidden} more: \`/otto slots\` lists every one._`);
  return {
    type: 'section',
    text: mrkdwn(md`*${day.day}* · ${slotCountsText(day.counts)}\n${mdLines(lines)}`),
    accessory: {
      type: 'static_select',
      action_id: ids.slotDelete,
      placeholder: plain('Delete a slot…'),
      options: day.slots.slice(0, OPTIONS).map(
        (slot): PlainTextOption => ({
          text: plain(`${slot.time} · ${slot.booked === 0 ? 'free' : `${slot.booked} booked`}`, 75),
          value: slotValue.encode({ slotId: slot.id }),
        }),
      ),
      confirm: {
        title: plain('Delete this slot?'),
        text: mrkdwn(
          md`The slot you picked on ${day.day} is deleted for good and not made again. Anyone booked in it is asked to pick another time.`,
        ),
        confirm: plain('Delete'),
        deny: plain('Keep it'),
        style: 'danger',
      },
    },
  };
}

/**
 * Each team's next two weeks by day: counts, who is booked, and Delete, in at most `budget`
 * blocks; days and teams past the room are counted instead of shown.
 */
function slotTeamBlocks({ slotTeams }: SlotTeamsSection, budget: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let daysLeft = slotDaysShown;
  let shown = 0;
  for (const [index, team] of slotTeams.slice(0, slotTeamsShown).entries()) {
    // This team's divider and heading, a "more days" line, and a closing "more teams" line.
    if (blocks.length + 4 > budget) break;
    blocks.push(
      { type: 'divider' },
      {
        type: 'section',
        text: mrkdwn(
          team.days.length === 0
            ? md`*Schedule slots · ${team.team}*\nNo slots in the next two weeks. Add a weekly rule below and they are laid out at once.`
            : md`*Schedule slots · ${team.team}* · next two weeks, times in ${team.timeZone}\n${slotCountsText(team.counts)}`,
        ),
      },
    );
    shown += 1;
    // Leave the teams after this one room for their headings.
    const later = Math.min(slotTeams.length, slotTeamsShown) - index - 1;
    const room = Math.max(budget - blocks.length - 2 - later * 3, 0);
    const days = team.days.slice(0, Math.min(room, daysLeft));
    daysLeft -= days.length;
    blocks.push(...days.map(slotDayBlock));
    if (days.length < team.days.length) {
      const left = team.days.length - days.length;
      blocks.push({
        type: 'context',
        elements: [
          mrkdwn(
            md`…and ${left} more day${left === 1 ? '' : 's'}: \`/otto slots ${team.team}\` lists every slot.`,
          ),
        ],
      });
    }
  }
  return [...blocks, ...moreLine(shown, slotTeams.length)];
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
      // Half the room left at most: the weekly rules after it take the rest.
      return { blocks: (room) => slotTeamBlocks(section, Math.floor(room / 2)) };
    case 'slot_rules':
      // Slot rules take what is left of Block Kit's 100 after everything else the Home shows.
      return { blocks: (room) => slotRuleBlocks(section.teams, room) };
    case 'calendar':
      return { blocks: calendarBlocks(section) };
  }
}
