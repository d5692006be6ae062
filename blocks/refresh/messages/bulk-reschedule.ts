import type { KnownBlock } from '@slack/types';
import type { BulkRescheduleResult } from '../../../src/services/refresh/booking/reschedule-in-bulk.js';
import { type Mrkdwn, md, mdLines, messageText, mrkdwn, type SlackMessage } from '../../shared/text.js';

const section = (text: Mrkdwn): KnownBlock => ({ type: 'section', text: mrkdwn(text) });

/** The one message a bulk reschedule updates while it runs. */
export function renderBulkRescheduleProgress(vm: {
  team: string;
  done: number;
  total: number;
}): SlackMessage {
  const text = md`Rescheduling ${vm.team}: ${vm.done} of ${vm.total} bookings done…`;
  return { text: messageText(text), blocks: [section(md`:hourglass_flowing_sand: ${text}`)] };
}

/** What the bulk reschedule did, ticket by ticket where it matters (lists are cut to fit). */
export function renderBulkRescheduleResult(result: BulkRescheduleResult): SlackMessage {
  const { team } = result;
  if (result.total === 0) {
    const text = md`No booked deliveries of ${team} in those days; nothing was changed.`;
    return { text: messageText(text), blocks: [section(text)] };
  }
  const ids = (list: readonly number[]) => list.map((id) => `#${id}`).join(', ');
  const lines = [
    md`:white_check_mark: *Bulk reschedule of ${team} done:* ${result.total} booking${result.total === 1 ? '' : 's'}.`,
    result.asked.length > 0 && md`*Asked to pick again (${result.asked.length}):* ${ids(result.asked)}`,
    result.moved.length > 0 &&
      md`*Moved (${result.moved.length}):*\n${mdLines(result.moved.map((m) => md`#${m.ticketId} → ${m.when}`))}`,
    result.skipped.length > 0 &&
      md`*Not changed (${result.skipped.length}):*\n${mdLines(result.skipped.map((s) => md`#${s.ticketId}: ${s.reason}`))}`,
  ].filter((line): line is Mrkdwn => line !== false);
  const text = md`Bulk reschedule of ${team}: ${result.asked.length} asked, ${result.moved.length} moved, ${result.skipped.length} not changed.`;
  return { text: messageText(text), blocks: lines.map(section) };
}
