import type { KnownBlock } from '@slack/types';
import type { ProblemList } from '../../../src/services/refresh/tickets/list-problems.js';
import { ids } from '../../../src/slack/ids.js';
import { ticketValue } from '../../../src/slack/values/refresh.js';
import { md, messageText, mrkdwn, plain, type SlackMessage, statusLabel } from '../../shared/text.js';

const explain: Record<ProblemList['status'], string> = {
  pending_location_info: 'the customer never finished the wizard: fill the location form',
  pending_itsm_existence: 'the replacement is not in the ITSM yet',
  itsm_cancelled:
    'its ITSM ticket was cancelled in the ITSM: cancel the refresh, or hold it while that is sorted out',
};

const label = (problem: ProblemList['status']) =>
  problem === 'itsm_cancelled' ? 'ITSM ticket cancelled' : statusLabel(problem);

/** `/otto problems`: counts, then the oldest tickets of each problem with a View button. */
export function renderProblems(lists: ProblemList[]): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('Problems') },
    {
      type: 'section',
      fields: lists.map((l) => mrkdwn(md`*${label(l.status)}*\n${l.total}`)),
    },
  ];
  for (const list of lists) {
    if (list.total === 0) continue;
    blocks.push({
      type: 'section',
      text: mrkdwn(md`*${label(list.status)}*: ${explain[list.status]}`),
    });
    for (const t of list.tickets) {
      const customer = t.customer ? md` · ${t.customer}` : '';
      blocks.push({
        type: 'section',
        text: mrkdwn(md`*#${t.id}* · ${t.systemName ?? t.serial} (${t.serial})${customer}`),
        accessory: {
          type: 'button',
          action_id: ids.ticketView,
          text: plain('View'),
          value: ticketValue.encode({ ticketId: t.id, status: t.status }),
        },
      });
    }
    if (list.total > list.tickets.length) {
      blocks.push({
        type: 'context',
        elements: [mrkdwn(md`…and ${list.total - list.tickets.length} more.`)],
      });
    }
  }
  const total = lists.reduce((n, l) => n + l.total, 0);
  if (total === 0) blocks.push({ type: 'section', text: mrkdwn(md`No problems: nothing waits for staff.`) });
  return {
    text: messageText(md`Problems: ${lists.map((l) => `${l.total} ${label(l.status)}`).join(', ')}`),
    blocks,
  };
}
