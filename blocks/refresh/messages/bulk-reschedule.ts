import type { KnownBlock } from '@slack/types';
import type { BulkRescheduleResult } from '../../../src/services/refresh/booking/reschedule-in-bulk.js';
import { escapeMrkdwn, mrkdwn, truncate } from '../../shared/text.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(truncate(text, 3000)) });

/** The one message a bulk reschedule updates while it runs. */
export function renderBulkRescheduleProgress(vm: { team: string; done: number; total: number }) {
  const text = `Rescheduling ${escapeMrkdwn(vm.team)}: ${vm.done} of ${vm.total} bookings done…`;
  return { text, blocks: [section(`:hourglass_flowing_sand: ${text}`)] };
}

/** What the bulk reschedule did, ticket by ticket where it matters (lists are cut to fit). */
export function renderBulkRescheduleResult(result: BulkRescheduleResult) {
  const team = escapeMrkdwn(result.team);
  if (result.total === 0) {
    const text = `No booked deliveries of ${team} in those days; nothing was changed.`;
    return { text, blocks: [section(text)] };
  }
  const ids = (list: readonly number[]) => list.map((id) => `#${id}`).join(', ');
  const lines = [
    `:white_check_mark: *Bulk reschedule of ${team} done:* ${result.total} booking${result.total === 1 ? '' : 's'}.`,
    result.asked.length > 0 && `*Asked to pick again (${result.asked.length}):* ${ids(result.asked)}`,
    result.moved.length > 0 &&
      `*Moved (${result.moved.length}):*\n${result.moved.map((m) => `#${m.ticketId} → ${escapeMrkdwn(m.when)}`).join('\n')}`,
    result.skipped.length > 0 &&
      `*Not changed (${result.skipped.length}):*\n${result.skipped.map((s) => `#${s.ticketId}: ${escapeMrkdwn(s.reason)}`).join('\n')}`,
  ].filter((line): line is string => Boolean(line));
  const text = `Bulk reschedule of ${result.team}: ${result.asked.length} asked, ${result.moved.length} moved, ${result.skipped.length} not changed.`;
  return { text, blocks: lines.map(section) };
}
