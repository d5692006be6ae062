import type { ActionsBlock, Button, KnownBlock, SectionBlock } from '@slack/types';
import type { ItsmTicketKind, ItsmTicketStatus } from '../../../src/domain/refresh/enums.js';
import type { ItsmTaskView, ItsmTicketView } from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { itsmTicketValue } from '../../../src/slack/values/refresh.js';
import {
  type Mrkdwn,
  md,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
  slackDate,
  userMention,
} from '../../shared/text.js';

const kindLabels: Record<ItsmTicketKind, string> = {
  refresh: 'Refresh',
  confirm_location: 'Confirm location',
  change_request: 'Change request',
};

const statusLabels: Record<ItsmTicketStatus, string> = {
  open: 'Open',
  installed: 'Installed',
  closed: 'Closed',
};

// A task list of 20 (the request's limit) plus header, body, context and actions stays under 50 blocks.
const maxTaskBlocks = 40;

function who(by: string | null): Mrkdwn {
  if (!by) return md``;
  return by === 'otto' ? md` by Otto` : md` by ${userMention(by)}`;
}

function taskBlock(ticket: ItsmTicketView, task: ItsmTaskView): SectionBlock {
  const due = task.dueAt ? md` · due ${slackDate(task.dueAt, ticket.timeZone)}` : '';
  const state =
    task.status === 'done'
      ? md`:white_check_mark: ~${task.title}~ · done${task.completedAt ? md` ${slackDate(task.completedAt, ticket.timeZone)}` : ''}${who(task.completedBy)}`
      : md`:white_square: *${task.title}*${due}`;
  const block: SectionBlock = { type: 'section', block_id: `itsm_task_${task.id}`, text: mrkdwn(state) };
  if (task.status === 'open' && ticket.status !== 'closed') {
    block.accessory = {
      type: 'button',
      action_id: ids.itsmTaskDone,
      text: plain('Mark done'),
      value: itsmTicketValue.encode({ itsmTicketId: ticket.id, taskId: task.id }),
    };
  }
  return block;
}

/** The support team's message for a built-in ITSM ticket: its tasks and the buttons that work it. */
export function renderItsmTicketMessage(ticket: ItsmTicketView): SlackMessage {
  const refresh = ticket.refreshTicketId ? ` for refresh #${ticket.refreshTicketId}` : '';
  const day1 =
    ticket.day1 === undefined
      ? ''
      : ticket.day1
        ? md`\nDay1: *${slackDate(ticket.day1, ticket.timeZone)}*`
        : md`\nDay1: not booked yet`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: 'itsm_ticket_title',
      text: mrkdwn(
        md`*ITSM ticket #${ticket.id}: ${ticket.title}*\n${kindLabels[ticket.kind]}${refresh} · *${statusLabels[ticket.status]}*${day1}`,
      ),
    },
  ];
  if (ticket.body.trim()) {
    blocks.push({ type: 'section', block_id: 'itsm_ticket_body', text: mrkdwn(md`${ticket.body}`) });
  }
  for (const task of ticket.tasks.slice(0, maxTaskBlocks)) blocks.push(taskBlock(ticket, task));
  const buttons: Button[] = [];
  const value = itsmTicketValue.encode({ itsmTicketId: ticket.id });
  // Only a delivery installs anything; a location check or a change request is simply closed.
  if (ticket.status === 'open' && ticket.kind === 'refresh') {
    buttons.push({ type: 'button', action_id: ids.itsmTicketInstalled, text: plain('Installed'), value });
  }
  if (ticket.status !== 'closed') {
    buttons.push({
      type: 'button',
      action_id: ids.itsmTicketClosed,
      text: plain('Close ticket'),
      style: 'primary',
      value,
    });
  }
  if (buttons.length > 0) {
    const actions: ActionsBlock = { type: 'actions', block_id: 'itsm_ticket_actions', elements: buttons };
    blocks.push(actions);
  }
  return { text: messageText(md`ITSM ticket #${ticket.id}${refresh}: ${ticket.title}`), blocks };
}
