import type { KnownBlock } from '@slack/types';
import { refreshStatuses } from '../../src/domain/refresh/enums.js';
import type {
  ApprovalsSection,
  HomeTicket,
  MyRefreshSection,
  MyRefreshStage,
  MyRefreshTicket,
  ProblemsSection,
  RefreshHomeSection,
} from '../../src/services/refresh/home-sections.js';
import { ids } from '../../src/slack/ids.js';
import { ticketValue } from '../../src/slack/values/refresh.js';
import type { RenderedSection } from '../shared/home-section.js';
import { joinMd, type Mrkdwn, md, mdLines, moreLine, mrkdwn, plain, statusLabel } from '../shared/text.js';
import { decisionButtons } from './messages/approval-request.js';
import { orderGroupDecisionButtons } from './messages/order-group.js';

/** The person's own tickets the Home lists before it counts the rest. */
const myTicketsShown = 10;

const buttonValueOf = (ticket: { id: number; status: string }) =>
  ticketValue.encode({ ticketId: ticket.id, status: ticket.status });

const viewButton = (ticket: HomeTicket) => ({
  type: 'button' as const,
  action_id: ids.ticketView,
  text: plain('View'),
  value: buttonValueOf(ticket),
});

const retryLookupButton = (ticket: HomeTicket) => ({
  type: 'button' as const,
  action_id: ids.retryLookup,
  text: plain('Retry lookup'),
  value: buttonValueOf(ticket),
});

const confirmReplacementButton = (ticket: HomeTicket) => ({
  type: 'button' as const,
  action_id: ids.confirmReplacement,
  text: plain('Confirm replacement'),
  value: buttonValueOf(ticket),
});

function ticketLine(ticket: HomeTicket): Mrkdwn {
  const customer = ticket.customer ? md` · ${ticket.customer}` : '';
  return md`*#${ticket.id}* · ${ticket.systemName ?? ticket.serial} (${ticket.serial})${customer}`;
}

function problemBlocks(problems: ProblemsSection): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'header', text: plain('Problems') },
    {
      type: 'section',
      fields: [
        mrkdwn(md`*Pending location info*\n${problems.pendingLocationInfo}`),
        mrkdwn(md`*Pending ITSM existence*\n${problems.pendingItsmExistence}`),
        mrkdwn(md`*ITSM ticket cancelled*\n${problems.itsmCancelled}`),
      ],
    },
  ];
  const lists = [
    {
      title: 'Pending location info: fill the location form',
      total: problems.pendingLocationInfo,
      tickets: problems.lists.pendingLocationInfo,
    },
    {
      title: 'Pending ITSM existence: replacement not found in the ITSM yet',
      total: problems.pendingItsmExistence,
      tickets: problems.lists.pendingItsmExistence,
    },
    {
      title: 'ITSM ticket cancelled: cancel the refresh, or hold it while that is sorted out',
      total: problems.itsmCancelled,
      tickets: problems.lists.itsmCancelled,
    },
  ];
  for (const list of lists) {
    if (list.total === 0) continue;
    blocks.push({ type: 'section', text: mrkdwn(md`*${list.title}*`) });
    for (const ticket of list.tickets) {
      // A replacement the ITSM lacks shows why, and the button that asks again.
      if (ticket.lookup !== undefined) {
        blocks.push({
          type: 'section',
          text: mrkdwn(md`${ticketLine(ticket)}\n${ticket.lookup}`),
          // A replacement only pasted is confirmed rather than asked about again (with the built-in ITSM).
          accessory: ticket.replacementUnconfirmed
            ? confirmReplacementButton(ticket)
            : retryLookupButton(ticket),
        });
        continue;
      }
      blocks.push({ type: 'section', text: mrkdwn(ticketLine(ticket)), accessory: viewButton(ticket) });
    }
    blocks.push(...moreLine(list.tickets.length, list.total));
  }
  return blocks;
}

/** Order groups awaiting the approver's final approval, each with Approve and Deny. */
function orderGroupBlocks(section: ApprovalsSection): KnownBlock[] {
  if (section.orderGroupsAwaiting === 0) return [];
  const n = section.orderGroupsAwaiting;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(md`*Order groups awaiting your approval:* ${n}`),
    },
  ];
  for (const group of section.orderGroups) {
    const devices = group.models.map((m) => md`${m.count} × ${m.name}`);
    blocks.push(
      {
        type: 'section',
        text: mrkdwn(
          mdLines([
            md`*${group.name}* (#${group.id}) · ${group.ticketCount} ticket${group.ticketCount === 1 ? '' : 's'}${group.unitName ? md` · ${group.unitName}` : ''}`,
            devices.length > 0 && joinMd(devices, md`, `),
          ]),
        ),
      },
      orderGroupDecisionButtons(group.id, `home_order_group_${group.id}`),
    );
  }
  blocks.push(...moreLine(section.orderGroups.length, n));
  return blocks;
}

function approverBlocks(section: ApprovalsSection): KnownBlock[] {
  const { awaitingApproval } = section;
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'header', text: plain('Awaiting your approval') },
    {
      type: 'section',
      text: mrkdwn(
        awaitingApproval === 0
          ? md`Nothing awaits your approval.`
          : md`${awaitingApproval} refresh ticket${awaitingApproval === 1 ? '' : 's'} await your approval.`,
      ),
    },
  ];
  for (const ticket of section.awaiting) {
    blocks.push(
      { type: 'section', text: mrkdwn(ticketLine(ticket)), accessory: viewButton(ticket) },
      decisionButtons(ticket.id, ticket.status, `home_decide_${ticket.id}`),
    );
  }
  blocks.push(...moreLine(section.awaiting.length, awaitingApproval));
  blocks.push(...orderGroupBlocks(section));
  const counts = refreshStatuses
    .map((status) => ({ status, count: section.approverCounts.find((c) => c.status === status)?.count ?? 0 }))
    .filter((c) => c.count > 0);
  if (counts.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        md`*All tickets of your configs*\n${joinMd(
          counts.map((c) => md`${statusLabel(c.status)}: *${c.count}*`),
          md` · `,
        )}`,
      ),
    });
  }
  return blocks;
}

const stageLabels: Record<MyRefreshStage['stage'], (ticket: MyRefreshTicket) => string> = {
  answers: () => 'Answers to Otto’s questions',
  approval: () => 'Approval',
  ordering: (t) => (t.style === 'bump_down' ? 'Preparing the replacement' : 'Ordering the new computer'),
  scheduling: () => 'Picking a delivery time',
  delivery: (t) =>
    t.style === 'remote_customer'
      ? 'Shipping'
      : t.style === 'no_customer'
        ? 'Delivery'
        : 'Delivery and set-up',
};

const stageMarks: Record<MyRefreshStage['state'], Mrkdwn> = {
  done: md`:white_check_mark:`,
  now: md`:arrow_forward:`,
  next: md`:white_circle:`,
};

/** "✅ Approval · done Wed 18 Nov", "▶️ *Ordering the new computer* · since Wed 18 Nov", "⚪ Shipping". */
function stageLine(ticket: MyRefreshTicket, stage: MyRefreshStage): Mrkdwn {
  const label = stageLabels[stage.stage](ticket);
  const name = stage.state === 'now' ? md`*${label}*` : md`${label}`;
  const day = stage.day
    ? stage.state === 'done'
      ? md` · done ${stage.day}`
      : md` · since ${stage.day}`
    : '';
  return md`${stageMarks[stage.state]} ${name}${stage.state === 'next' ? '' : day}`;
}

/** What happens next and when, said to the reader: the customer, or the delegate about the customer. */
function nextText(ticket: MyRefreshTicket): Mrkdwn {
  const whose = ticket.onBehalfOf ? md`${ticket.onBehalfOf}’s` : md`your`;
  const Whose = ticket.onBehalfOf ? md`${ticket.onBehalfOf}’s` : md`Your`;
  const next = ticket.next;
  switch (next.kind) {
    case 'answer':
      return md`Answer a few questions about ${whose} new computer (about five minutes) by *${next.by}*.`;
    case 'delegate_answers':
      return md`${next.delegate} answers Otto’s questions for you, by ${next.by}. There is nothing for you to do.`;
    case 'staff_location':
      return md`The refresh team fills in the answers that were missing; Otto messages you when the refresh moves on.`;
    case 'approval':
      return md`The approver decides on the choices; their weekly digest reminds them on ${next.digest}. Otto messages you when they decide.`;
    case 'ordering':
      return next.after === 'ship'
        ? md`${Whose} new computer is being ordered. When it ships, Otto sends you its tracking number.`
        : next.after === 'deliver'
          ? md`The new computer is being ordered; its delivery is booked when it arrives.`
          : md`${Whose} new computer is being ordered. When it is ready, Otto asks you to pick a delivery time.`;
    case 'find_times':
      return md`Otto looks for free delivery times twice a day, at 07:00 and 13:00, and messages you when you can pick one.`;
    case 'pick_time':
      return md`Pick a time for the delivery of ${whose} new computer.`;
    case 'attend':
      return ticket.unitLocation
        ? md`Be at *${ticket.unitLocation}* on *${next.appointment}* with ${whose} current computer. Change the time if it no longer suits.`
        : md`${Whose} new computer is delivered and set up on *${next.appointment}*. Change the time if it no longer suits.`;
    case 'shipping':
      return next.trackingNumber
        ? md`${Whose} new computer is on its way: tracking number *${next.trackingNumber}*.`
        : md`${Whose} new computer is on its way; Otto sends you the tracking number.`;
    case 'on_hold':
      return md`The refresh is on hold. Otto messages you when it resumes.`;
  }
}

/** The one thing the reader can do now: the wizard, picking a time, or changing it. */
function myTicketButton(ticket: MyRefreshTicket) {
  const button = (actionId: string, label: string, primary: boolean) => ({
    type: 'button' as const,
    action_id: actionId,
    text: plain(label),
    ...(primary ? { style: 'primary' as const } : {}),
    value: buttonValueOf(ticket),
  });
  switch (ticket.next.kind) {
    case 'answer':
      return button(ids.wizardStart, ticket.next.started ? 'Continue' : 'Start', true);
    case 'pick_time':
      return button(ids.bookSlotOpen, 'Pick a time', true);
    case 'attend':
      return button(ids.bookSlotOpen, 'Change time', false);
    default:
      return undefined;
  }
}

function customerBlocks({ myTickets }: MyRefreshSection): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'divider' }, { type: 'header', text: plain('Your refresh') }];
  if (myTickets.length === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        md`You have no refresh in progress. Otto will message you when a computer of yours is due.`,
      ),
    });
    return blocks;
  }
  const shown = myTickets.slice(0, myTicketsShown);
  for (const ticket of shown) {
    const waiting = ticket.status === 'pending_customer';
    const forWhom = ticket.onBehalfOf
      ? md` · for ${ticket.onBehalfOf}, as their delegate`
      : ticket.asDelegate
        ? ' · as delegate'
        : '';
    const sentBack = ticket.onBehalfOf
      ? 'The approver asked for changes:'
      : 'Your approver asked for changes:';
    const text = mdLines([
      md`*#${ticket.id}* · ${ticket.systemName ?? ticket.serial} (${ticket.serial})${forWhom}`,
      waiting && ticket.denialReason && md`*${sentBack}* ${ticket.denialReason}`,
      ...ticket.timeline.map((stage) => stageLine(ticket, stage)),
      ticket.status === 'on_hold' && md`:double_vertical_bar: On hold`,
      md`*Next:* ${nextText(ticket)}`,
    ]);
    const button = myTicketButton(ticket);
    blocks.push({
      type: 'section',
      text: mrkdwn(text),
      ...(button ? { accessory: button } : {}),
    });
  }
  blocks.push(...moreLine(shown.length, myTickets.length));
  return blocks;
}

/** The refresh module's Home sections: approvals, problems, and the person's own refresh. */
export function renderRefreshHomeSection(section: RefreshHomeSection): RenderedSection {
  switch (section.kind) {
    case 'approvals':
      return { blocks: approverBlocks(section), as: 'Approver' };
    case 'problems':
      return { blocks: problemBlocks(section) };
    case 'my_refresh':
      return { blocks: customerBlocks(section), as: section.myTickets.length > 0 ? 'Customer' : undefined };
  }
}
