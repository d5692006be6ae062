import type { Button, KnownBlock } from '@slack/types';
import {
  type DifferingTicket,
  differingTickets,
  manifestTicketsShown,
} from '../../../src/domain/refresh/manifest.js';
import type {
  ManifestLine,
  OrderGroupApprovalRequestedView,
  OrderGroupApprovedView,
  OrderGroupDeniedView,
} from '../../../src/domain/refresh/notices.js';
import type { OrderGroupList } from '../../../src/services/refresh/ordering/list-order-groups.js';
import type { OrderGroupManifest } from '../../../src/services/refresh/ordering/order-group-store.js';
import { ids } from '../../../src/slack/ids.js';
import { orderGroupValue, ticketValue } from '../../../src/slack/values/refresh.js';
import {
  type MessageText,
  type Mrkdwn,
  md,
  mdLines,
  messageText,
  mrkdwn,
  plain,
  quoted,
  type SlackMessage,
  statusLabel,
  truncateMd,
  userMention,
} from '../../shared/text.js';
import { plural } from './batch.js';

export const orderGroupUsage =
  'Usage: `/otto order-group` lists the groups, `/otto order-group new` groups tickets waiting for ordering, `/otto order-group <name or id>` shows a group’s manifest.';

const sectionLimit = 3000;

function lines(title: string, items: readonly ManifestLine[]): Mrkdwn {
  if (items.length === 0) return md`*${title}:* none`;
  return md`*${title}:*\n${mdLines(items.map((i) => md`• ${i.count.toLocaleString('en-US')} × ${i.name}`))}`;
}

function headline(m: OrderGroupManifest): Mrkdwn {
  const { group } = m;
  return mdLines([
    md`*Order group ${group.name}* (#${group.id}) · ${statusLabel(group.status)}`,
    md`${plural(m.ticketCount, 'ticket')}${m.unitName ? md` · ${m.unitName}` : ''} · ${plural(m.pendingOrdering, 'ticket')} waiting for a replacement`,
    group.approvedBy && md`Approved by ${userMention(group.approvedBy)}`,
    group.status === 'open' &&
      group.deniedBy &&
      md`:no_entry: Denied by ${userMention(group.deniedBy)}; change the group and send it again:\n${quoted(group.denialReason ?? '')}`,
    group.poNumber && md`PO ${group.poNumber} · request item ${group.requestItem ?? '—'}`,
  ]);
}

/** What the group orders: its models, peripherals and software, counted. */
function cartBlocks(m: Pick<OrderGroupManifest, 'models' | 'peripherals' | 'software'>): KnownBlock[] {
  return [
    { type: 'section', text: mrkdwn(lines('Models', m.models)) },
    { type: 'section', text: mrkdwn(lines('Peripherals', m.peripherals)) },
    { type: 'section', text: mrkdwn(lines('Software', m.software)) },
  ];
}

/** What differs from the configs, one ticket a line; the rest are counted (the CSV file lists all). */
function differenceBlocks(differing: readonly DifferingTicket[]): KnownBlock[] {
  if (differing.length === 0) return [];
  const shown = differing.slice(0, manifestTicketsShown);
  const rows = shown.map((t) => md`• *#${t.ticketId}* ${t.label}: ${t.what.join('; ')}`);
  if (differing.length > shown.length) {
    rows.push(md`…and ${plural(differing.length - shown.length, 'more ticket')} in the CSV file`);
  }
  return [
    {
      type: 'section',
      text: mrkdwn(truncateMd(md`*What differs from the config:*\n${mdLines(rows)}`, sectionLimit)),
    },
  ];
}

function manifestBlocks(m: OrderGroupManifest): KnownBlock[] {
  return [
    { type: 'section', text: mrkdwn(headline(m)) },
    ...cartBlocks(m),
    ...differenceBlocks(differingTickets(m.tickets)),
  ];
}

/** The manifest for admins, with the buttons its status allows. */
export function renderOrderGroupMessage(m: OrderGroupManifest, note?: Mrkdwn): SlackMessage {
  const value = orderGroupValue.encode({ orderGroupId: m.group.id, status: m.group.status });
  const button = (actionId: string, text: string, extra: Partial<Button> = {}): Button => ({
    type: 'button',
    action_id: actionId,
    text: plain(text),
    value,
    ...extra,
  });
  const buttons: Button[] = [];
  if (m.group.status === 'open')
    buttons.push(button(ids.orderGroupSend, 'Send for approval', { style: 'primary' }));
  if (m.group.status === 'approved' || m.group.status === 'ordered') {
    buttons.push(
      button(ids.orderGroupRecordPo, 'Record PO', m.group.status === 'approved' ? { style: 'primary' } : {}),
    );
  }
  buttons.push(button(ids.orderGroupCsv, 'Download CSV'));
  if (m.pendingOrdering > 0) buttons.push(button(ids.orderGroupAssign, 'Assign replacements'));
  const blocks: KnownBlock[] = [];
  if (note) blocks.push({ type: 'context', elements: [mrkdwn(note)] });
  blocks.push(...manifestBlocks(m), { type: 'actions', block_id: 'order_group_actions', elements: buttons });
  // Depot records the devices still to choose before sending the group for approval.
  const toChoose = m.group.status === 'open' ? m.tickets.filter((t) => t.deviceToChoose) : [];
  if (toChoose.length > 0) {
    blocks.push({
      type: 'actions',
      block_id: 'order_group_devices',
      elements: toChoose.slice(0, 5).map(
        (t): Button => ({
          type: 'button',
          action_id: ids.ticketChooseDevice,
          text: plain(`Device for #${t.id}`),
          value: ticketValue.encode({ ticketId: t.id, status: 'pending_ordering' }),
        }),
      ),
    });
  }
  return {
    text: messageText(
      md`Order group ${m.group.name}: ${plural(m.ticketCount, 'ticket')}, ${statusLabel(m.group.status)}`,
    ),
    blocks,
  };
}

/** Approve and Deny for an order group awaiting approval (the approvers' DM and Home). */
export function orderGroupDecisionButtons(orderGroupId: number, blockId: string): KnownBlock {
  const value = orderGroupValue.encode({ orderGroupId, status: 'awaiting_approval' });
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      { type: 'button', action_id: ids.orderGroupApprove, text: plain('Approve'), style: 'primary', value },
      { type: 'button', action_id: ids.orderGroupDeny, text: plain('Deny'), style: 'danger', value },
    ],
  };
}

/** The approvers' DM: the manifest, Approve and Deny (seed 001: the unit gives final approval). */
export function renderOrderGroupApprovalRequest(m: OrderGroupApprovalRequestedView): SlackMessage {
  return {
    text: messageText(md`${m.name}: ${plural(m.ticketCount, 'refresh')} to order need your final approval`),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`${userMention(m.requestedBy)} asks you to approve the order for *${m.name}*: ${plural(m.ticketCount, 'refresh ticket')}.`,
        ),
      },
      ...cartBlocks(m),
      ...differenceBlocks(m.differences ?? []),
      orderGroupDecisionButtons(m.orderGroupId, 'order_group_approval'),
    ] satisfies KnownBlock[],
  };
}

/** The DM to the admin who made the group, once an approver approved it. */
export function renderOrderGroupApprovedNotice(m: OrderGroupApprovedView): { text: MessageText } {
  return {
    text: messageText(
      md`${userMention(m.approvedBy)} approved order group ${m.name}. Record its PO and request item with the *Record PO* button on its manifest, or \`/otto order-group ${m.orderGroupId}\`.`,
    ),
  };
}

/** The DM to the admin who made the group, once an approver denied it: why, and what now. */
export function renderOrderGroupDeniedNotice(m: OrderGroupDeniedView): SlackMessage {
  return {
    text: messageText(md`${userMention(m.deniedBy)} denied order group ${m.name}: ${m.reason}`),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`:no_entry: ${userMention(m.deniedBy)} denied order group *${m.name}*:\n${quoted(m.reason)}\nIt is open again: change it and send it for approval again from its manifest (\`/otto order-group ${m.orderGroupId}\`).`,
        ),
      },
    ],
  };
}

/** The approvers' DM once the group is decided: the manifest stays, the buttons give way to the outcome. */
export function renderOrderGroupDecided(m: OrderGroupManifest): SlackMessage {
  const { group } = m;
  if (group.status === 'open' && group.deniedBy) {
    const by = userMention(group.deniedBy);
    return {
      text: messageText(md`${group.name} was denied by ${by}`),
      blocks: [
        ...manifestBlocks(m),
        { type: 'context', elements: [mrkdwn(md`:no_entry: Denied by ${by}.`)] },
      ],
    };
  }
  if (group.status === 'approved' || group.status === 'ordered') {
    const by = group.approvedBy ? userMention(group.approvedBy) : md`an approver`;
    return {
      text: messageText(md`${group.name} was approved by ${by}`),
      blocks: [
        ...manifestBlocks(m),
        { type: 'context', elements: [mrkdwn(md`:white_check_mark: Approved by ${by}.`)] },
      ],
    };
  }
  return {
    text: messageText(md`Order group ${group.name}: ${statusLabel(group.status)}`),
    blocks: [
      ...manifestBlocks(m),
      { type: 'context', elements: [mrkdwn(md`Order group ${group.name} is ${statusLabel(group.status)}.`)] },
    ],
  };
}

/** `/otto order-group`: the latest groups. */
export function renderOrderGroupList(list: OrderGroupList): SlackMessage {
  const rows = list.groups.map(
    ({ group, ticketCount }) =>
      md`• *${group.name}* (#${group.id}) · ${plural(ticketCount, 'ticket')} · ${statusLabel(group.status)}${group.poNumber ? md` · PO ${group.poNumber}` : ''}`,
  );
  const text = mdLines([
    rows.length ? md`*Order groups, latest first:*` : md`There are no order groups yet.`,
    ...rows,
    md`${plural(list.ungrouped, 'ticket')} waiting for ordering in no group. ${orderGroupUsage}`,
  ]);
  return { text: messageText(text), blocks: [{ type: 'section', text: mrkdwn(text) }] };
}
