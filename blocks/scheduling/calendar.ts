import type { KnownBlock } from '@slack/types';
import { DateTime } from 'luxon';
import type {
  CalendarDay,
  CalendarOverview,
  TeamCalendar,
} from '../../src/services/scheduling/calendar-overview.js';
import { escapeMrkdwn, mrkdwn, plain, truncate } from '../shared/text.js';

const SECTION_LIMIT = 3000;
/** Teams listed in one ephemeral reply, leaving room for the header and the feeds (50 blocks). */
const REPLY_TEAMS = 40;

export const dayLabel = (day: string) => DateTime.fromISO(day).toFormat('ccc d LLL');

export function dayLine(day: CalendarDay): string {
  const free = day.capacity - day.booked;
  return `${dayLabel(day.day)} · ${day.slots} slot${day.slots === 1 ? '' : 's'} · *${free} free* · ${day.booked} booked`;
}

/** One team's days in one section, cut to Block Kit's section limit. */
export function teamCalendarSection(team: TeamCalendar, emptyText: string): KnownBlock {
  const lines = team.days.length > 0 ? team.days.map(dayLine).join('\n') : emptyText;
  return {
    type: 'section',
    text: mrkdwn(truncate(`*${escapeMrkdwn(team.team)}*\n${lines}`, SECTION_LIMIT)),
  };
}

/** `/otto calendar [team]`: the next two weeks by day, and the feed addresses for staff. */
export function renderCalendarReply(
  overview: CalendarOverview,
  options: { days: number; staff: boolean },
): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Schedule slots · next ${options.days} days`) },
  ];
  const teams = overview.teams.slice(0, REPLY_TEAMS);
  if (teams.length === 0) blocks.push({ type: 'section', text: mrkdwn('There are no support teams yet.') });
  for (const team of teams) blocks.push(teamCalendarSection(team, '_No slots._'));
  if (overview.teams.length > teams.length) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(`…and ${overview.teams.length - teams.length} more teams: add a team name to see one.`),
      ],
    });
  }
  if (options.staff) {
    if (overview.feeds) {
      const lines = overview.feeds.map((f) => `*${escapeMrkdwn(f.name)}*: <${f.url}|subscribe> \`${f.url}\``);
      blocks.push(
        { type: 'divider' },
        {
          type: 'section',
          text: mrkdwn(
            truncate(
              `*Calendar feeds* (keep these addresses private: the token in them is the key)\n${lines.join('\n')}`,
              SECTION_LIMIT,
            ),
          ),
        },
      );
    } else if (overview.feedsOff) {
      blocks.push({
        type: 'context',
        elements: [mrkdwn('Calendar feeds are off: OTTO_CALENDAR_SECRET is not set.')],
      });
    }
  }
  return { text: `Schedule slots for the next ${options.days} days`, blocks };
}
