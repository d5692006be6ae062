import type { KnownBlock } from '@slack/types';
import { refreshStatuses } from '../../src/domain/refresh/enums.js';
import type {
  ApprovalsSection,
  HomeTicket,
  MyRefreshSection,
  MyRefreshTicket,
  ProblemsSection,
  RefreshHomeSection,
} from '../../src/services/refresh/home-sections.js';
import { ids } from '../../src/slack/ids.js';
import { ticketValue } from '../../src/slack/values/refresh.js';
import type { RenderedSection } from '../shared/home-section.js';
import { joinMd, type Mrkdwn, md, mdLines, moreLine, mrkdwn, plain, statusLabel } from '../shared/text.js';
import { decisionButtons } from './messages/approval-request.js';

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

/** The customer's next step on a ticket of theirs: the wizard, picking a time, or changing it. */
function myTicketButton(ticket: MyRefreshTicket) {
  const button = (actionId: string, label: string, primary: boolean) => ({
    type: 'button' as const,
    action_id: actionId,
    text: plain(label),
    ...(primary ? { style: 'primary' as const } : {}),
    value: buttonValueOf(ticket),
  });
  if (ticket.status === 'pending_customer') return button(ids.wizardStart, 'Continue', true);
  if (ticket.status === 'pending_customer_scheduling') return button(ids.bookSlotOpen, 'Pick a time', true);
  if (ticket.appointment) return button(ids.bookSlotOpen, 'Change time', false);
  return undefined;
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
    const text = mdLines([
      md`*#${ticket.id}* · ${ticket.systemName ?? ticket.serial} (${ticket.serial})${ticket.asDelegate ? ' · as delegate' : ''}`,
      md`Status: ${statusLabel(ticket.status)}`,
      waiting && ticket.denialReason && md`*Your approver asked for changes:* ${ticket.denialReason}`,
      ticket.appointment && md`Delivery: *${ticket.appointment}*`,
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
