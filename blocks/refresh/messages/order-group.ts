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
import { escapeMrkdwn, mrkdwn, plain, statusLabel, truncate, userMention } from '../../shared/text.js';
import { plural } from './batch.js';

export const orderGroupUsage =
  'Usage: `/otto order-group` lists the groups, `/otto order-group new` groups tickets waiting for ordering, `/otto order-group <name or id>` shows a group’s manifest.';

const sectionLimit = 3000;

function lines(title: string, items: readonly ManifestLine[]): string {
  if (items.length === 0) return `*${title}:* none`;
  return truncate(
    `*${title}:*\n${items.map((i) => `• ${i.count.toLocaleString('en-US')} × ${escapeMrkdwn(i.name)}`).join('\n')}`,
    sectionLimit,
  );
}

function headline(m: OrderGroupManifest): string {
  const { group } = m;
  const parts = [
    `*Order group ${escapeMrkdwn(group.name)}* (#${group.id}) · ${statusLabel(group.status)}`,
    `${plural(m.ticketCount, 'ticket')}${m.unitName ? ` · ${escapeMrkdwn(m.unitName)}` : ''} · ${plural(m.pendingOrdering, 'ticket')} waiting for a replacement`,
  ];
  if (group.approvedBy) parts.push(`Approved by ${userMention(group.approvedBy)}`);
  if (group.poNumber) {
    parts.push(`PO ${escapeMrkdwn(group.poNumber)} · request item ${escapeMrkdwn(group.requestItem ?? '—')}`);
  }
  return truncate(parts.join('\n'), sectionLimit);
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
export function renderOrderGroupMessage(m: OrderGroupManifest, note?: string) {
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
  if (note) blocks.push({ type: 'context', elements: [mrkdwn(truncate(note, sectionLimit))] });
  blocks.push(...manifestBlocks(m), { type: 'actions', block_id: 'order_group_actions', elements: buttons });
  return {
    text: `Order group ${m.group.name}: ${plural(m.ticketCount, 'ticket')}, ${statusLabel(m.group.status)}`,
    blocks,
  };
}

/** The approvers' DM: the manifest and Approve (seed 001: the unit gives final approval). */
export function renderOrderGroupApprovalRequest(m: OrderGroupApprovalRequestedView) {
  return {
    text: `${m.name}: ${plural(m.ticketCount, 'refresh')} to order need your final approval`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `${userMention(m.requestedBy)} asks you to approve the order for *${escapeMrkdwn(m.name)}*: ${plural(m.ticketCount, 'refresh ticket')}.`,
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
export function renderOrderGroupApprovedNotice(m: OrderGroupApprovedView): { text: string } {
  return {
    text: `${userMention(m.approvedBy)} approved order group ${m.name}. Record its PO and request item with \`/otto order-group ${m.orderGroupId}\`.`,
  };
}

/** The approver's DM once the group is approved: the manifest stays, the button goes. */
export function renderOrderGroupApproved(m: OrderGroupManifest) {
  const by = m.group.approvedBy ? userMention(m.group.approvedBy) : 'an approver';
  return {
    text: `${m.group.name} was approved by ${by}`,
    blocks: [
      ...manifestBlocks(m),
      { type: 'context', elements: [mrkdwn(`:white_check_mark: Approved by ${by}.`)] },
    ] satisfies KnownBlock[],
  };
}

/** `/otto order-group`: the latest groups. */
export function renderOrderGroupList(list: OrderGroupList) {
  const rows = list.groups.map(
    ({ group, ticketCount }) =>
      `• *${escapeMrkdwn(group.name)}* (#${group.id}) · ${plural(ticketCount, 'ticket')} · ${statusLabel(group.status)}${group.poNumber ? ` · PO ${escapeMrkdwn(group.poNumber)}` : ''}`,
  );
  const text = [
    rows.length ? '*Order groups, latest first:*' : 'There are no order groups yet.',
    ...rows,
    `${plural(list.ungrouped, 'ticket')} waiting for ordering in no group. ${orderGroupUsage}`,
  ].join('\n');
  return {
    text: truncate(text, sectionLimit),
    blocks: [{ type: 'section', text: mrkdwn(truncate(text, sectionLimit)) }] satisfies KnownBlock[],
  };
}

const fence = '```';
const maxCsvSections = 45;

/**
 * The manifest's CSV as a message: the Slack stand-in (and bots without files:write) cannot
 * upload files, so the CSV goes in code blocks of at most 3,000 characters, split at line ends,
 * ready to copy into a .csv file.
 */
export function renderManifestCsv(name: string, csv: string) {
  const room = sectionLimit - fence.length * 2 - 2;
  const sections: string[] = [];
  let current = '';
  for (const line of csv.trimEnd().split('\n')) {
    const cut = truncate(escapeMrkdwn(line), room);
    if (current && current.length + cut.length + 1 > room) {
      sections.push(current);
      current = '';
    }
    current = current ? `${current}\n${cut}` : cut;
  }
  if (current) sections.push(current);
  const shown = sections.slice(0, maxCsvSections);
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(`*${escapeMrkdwn(name)}* manifest (CSV): copy it into a .csv file.`) },
    ...shown.map((chunk): KnownBlock => ({ type: 'section', text: mrkdwn(`${fence}\n${chunk}\n${fence}`) })),
  ];
  if (sections.length > shown.length) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(`…and ${sections.length - shown.length} more parts that do not fit one message.`)],
    });
  }
  return { text: `${name} manifest (CSV)`, blocks };
}
