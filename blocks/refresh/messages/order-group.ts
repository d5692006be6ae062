import type { Button, KnownBlock } from '@slack/types';
import type {
  ManifestLine,
  OrderGroupApprovalRequestedView,
  OrderGroupApprovedView,
} from '../../../src/domain/refresh/notices.js';
import type { OrderGroupList } from '../../../src/services/refresh/ordering/list-order-groups.js';
import type { OrderGroupManifest } from '../../../src/services/refresh/ordering/order-group-store.js';
import { ids } from '../../../src/slack/ids.js';
import { orderGroupValue } from '../../../src/slack/values/refresh.js';
import {
  joinMd,
  type MessageText,
  type Mrkdwn,
  md,
  mdLines,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
  statusLabel,
  truncate,
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

function manifestBlocks(m: OrderGroupManifest): KnownBlock[] {
  return [{ type: 'section', text: mrkdwn(headline(m)) }, ...cartBlocks(m)];
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
  return {
    text: messageText(
      md`Order group ${m.group.name}: ${plural(m.ticketCount, 'ticket')}, ${statusLabel(m.group.status)}`,
    ),
    blocks,
  };
}

/** The approvers' DM: the manifest and Approve (seed 001: the unit gives final approval). */
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
      {
        type: 'actions',
        block_id: 'order_group_approval',
        elements: [
          {
            type: 'button',
            action_id: ids.orderGroupApprove,
            text: plain('Approve'),
            style: 'primary',
            value: orderGroupValue.encode({ orderGroupId: m.orderGroupId, status: 'awaiting_approval' }),
          },
        ],
      },
    ] satisfies KnownBlock[],
  };
}

/** The DM to the admin who made the group, once an approver approved it. */
export function renderOrderGroupApprovedNotice(m: OrderGroupApprovedView): { text: MessageText } {
  return {
    text: messageText(
      md`${userMention(m.approvedBy)} approved order group ${m.name}. Record its PO and request item with \`/otto order-group ${m.orderGroupId}\`.`,
    ),
  };
}

/** The approver's DM once the group is approved: the manifest stays, the button goes. */
export function renderOrderGroupApproved(m: OrderGroupManifest): SlackMessage {
  const by = m.group.approvedBy ? userMention(m.group.approvedBy) : md`an approver`;
  return {
    text: messageText(md`${m.group.name} was approved by ${by}`),
    blocks: [
      ...manifestBlocks(m),
      { type: 'context', elements: [mrkdwn(md`:white_check_mark: Approved by ${by}.`)] },
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

const fence = '```';
const maxCsvSections = 45;

/**
 * The manifest's CSV as a message: the Slack stand-in (and bots without files:write) cannot
 * upload files, so the CSV goes in code blocks of at most 3,000 characters, split at line ends,
 * ready to copy into a .csv file.
 */
export function renderManifestCsv(name: string, csv: string): SlackMessage {
  const room = sectionLimit - fence.length * 2 - 2;
  const sections: Mrkdwn[][] = [];
  let current: Mrkdwn[] = [];
  let length = 0;
  for (const line of csv.trimEnd().split('\n')) {
    // Cut as text, then escaped: a cut never splits an entity, and a long cell gives room back.
    let cut = md`${line}`;
    for (let max = room; cut.text.length > room; max -= cut.text.length - room) {
      cut = md`${truncate(line, max)}`;
    }
    if (current.length > 0 && length + cut.text.length + 1 > room) {
      sections.push(current);
      current = [];
      length = 0;
    }
    length += cut.text.length + (current.length > 0 ? 1 : 0);
    current.push(cut);
  }
  if (current.length > 0) sections.push(current);
  const shown = sections.slice(0, maxCsvSections);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(md`*${name}* manifest (CSV): copy it into a .csv file.`) },
    ...shown.map(
      (chunk): KnownBlock => ({
        type: 'section',
        text: mrkdwn(md`${fence}\n${joinMd(chunk, md`\n`)}\n${fence}`),
      }),
    ),
  ];
  if (sections.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(md`…and ${sections.length - shown.length} more parts that do not fit one message.`)],
    });
  }
  return { text: messageText(md`${name} manifest (CSV)`), blocks };
}
