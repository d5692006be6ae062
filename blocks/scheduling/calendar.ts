import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type {
  CalendarDay,
  CalendarOverview,
  TeamCalendar,
} from '../../src/services/scheduling/calendar-overview.js';
import {
  link,
  type Mrkdwn,
  md,
  mdLines,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
} from '../shared/text.js';

/** Teams listed in one ephemeral reply, leaving room for the header and the feeds (50 blocks). */
const REPLY_TEAMS = 40;

export const dayLabel = (day: string) => DateTime.fromISO(day).toFormat('ccc d LLL');

/** "3 slots · 6 seats · 1 booked · 5 free": slots and seats are counted apart, booked and free are seats. */
export function slotCountsText(counts: { slots: number; seats: number; booked: number }): Mrkdwn {
  const free = Math.max(counts.seats - counts.booked, 0);
  const plural = (n: number, one: string) => md`${n} ${one}${n === 1 ? '' : 's'}`;
  return md`${plural(counts.slots, 'slot')} · ${plural(counts.seats, 'seat')} · ${counts.booked} booked · *${free} free*`;
}

export function dayLine(day: CalendarDay): Mrkdwn {
  return md`${dayLabel(day.day)} · ${slotCountsText({ slots: day.slots, seats: day.capacity, booked: day.booked })}`;
}

/** One team's days in one section, cut to Block Kit's section limit. */
export function teamCalendarSection(team: TeamCalendar, emptyText: Mrkdwn): KnownBlock {
  const lines = team.days.length > 0 ? mdLines(team.days.map(dayLine)) : emptyText;
  return { type: 'section', text: mrkdwn(md`*${team.team}*\n${lines}`) };
}

/** `/otto calendar [team]`: the next two weeks by day, and the feed addresses for staff. */
export function renderCalendarReply(
  overview: CalendarOverview,
  options: { days: number; staff: boolean },
): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Schedule slots · next ${options.days} days`, 150) },
  ];
  const teams = overview.teams.slice(0, REPLY_TEAMS);
  if (teams.length === 0) blocks.push({ type: 'section', text: mrkdwn(md`There are no support teams yet.`) });
  for (const team of teams) blocks.push(teamCalendarSection(team, md`_No slots._`));
  if (overview.teams.length > teams.length) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(md`…and ${overview.teams.length - teams.length} more teams: add a team name to see one.`),
      ],
    });
  }
  if (options.staff) {
    if (overview.feeds) {
      const lines = overview.feeds.map((f) => md`*${f.name}*: ${link(f.url, 'subscribe')} \`${f.url}\``);
      blocks.push(
        { type: 'divider' },
        {
          type: 'section',
          text: mrkdwn(
            md`*Calendar feeds* (keep these addresses private: the token in them is the key)\n${mdLines(lines)}`,
          ),
        },
      );
    } else if (overview.feedsOff) {
      blocks.push({
        type: 'context',
        elements: [mrkdwn(md`Calendar feeds are off: OTTO_CALENDAR_SECRET is not set.`)],
      });
    }
  }
  return { text: messageText(md`Schedule slots for the next ${options.days} days`), blocks };
}
