import type { HomeView, KnownBlock } from '@slack/types';
import { type RoleName, roleLabels } from '../../src/domain/enums.js';
import { refreshStatuses } from '../../src/domain/refresh/enums.js';
import { type HomeTicket, type HomeViewModel, homeLimits } from '../../src/services/home/get-home.js';
import type { CalendarOverview } from '../../src/services/scheduling/calendar-overview.js';
import { ids } from '../../src/slack/ids.js';
import { ticketValue } from '../../src/slack/values/refresh.js';
import { decisionButtons } from '../refresh/messages/approval-request.js';
import { teamCalendarSection } from '../scheduling/calendar.js';
import { slotRuleBlocks } from '../scheduling/slot-rules.js';
import { escapeMrkdwn, mrkdwn, plain, statusLabel, truncate, userMention } from './text.js';

const SECTION_LIMIT = 3000;

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

function ticketLine(ticket: HomeTicket): string {
  const system = escapeMrkdwn(ticket.systemName ?? ticket.serial);
  const customer = ticket.customer ? ` · ${escapeMrkdwn(ticket.customer)}` : '';
  return `*#${ticket.id}* · ${system} (${escapeMrkdwn(ticket.serial)})${customer}`;
}

const more = (shown: number, total: number): KnownBlock[] =>
  total > shown ? [{ type: 'context', elements: [mrkdwn(`…and ${total - shown} more.`)] }] : [];

function problemBlocks(problems: NonNullable<HomeViewModel['problems']>): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'header', text: plain('Problems') },
    {
      type: 'section',
      fields: [
        mrkdwn(`*Pending location info*\n${problems.pendingLocationInfo}`),
        mrkdwn(`*Pending ITSM existence*\n${problems.pendingItsmExistence}`),
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
    blocks.push({ type: 'section', text: mrkdwn(`*${list.title}*`) });
    for (const ticket of list.tickets) {
      // A replacement the ITSM lacks shows why, and the button that asks again.
      if (ticket.lookup !== undefined) {
        blocks.push({
          type: 'section',
          text: mrkdwn(truncate(`${ticketLine(ticket)}\n${escapeMrkdwn(ticket.lookup)}`, SECTION_LIMIT)),
          accessory: retryLookupButton(ticket),
        });
        continue;
      }
      blocks.push({ type: 'section', text: mrkdwn(ticketLine(ticket)), accessory: viewButton(ticket) });
    }
    blocks.push(...more(list.tickets.length, list.total));
  }
  return blocks;
}

function approverBlocks(vm: HomeViewModel): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'header', text: plain('Awaiting your approval') },
    {
      type: 'section',
      text: mrkdwn(
        vm.awaitingApproval === 0
          ? 'Nothing awaits your approval.'
          : `${vm.awaitingApproval} refresh ticket${vm.awaitingApproval === 1 ? '' : 's'} await your approval.`,
      ),
    },
  ];
  for (const ticket of vm.awaiting) {
    blocks.push(
      { type: 'section', text: mrkdwn(ticketLine(ticket)), accessory: viewButton(ticket) },
      decisionButtons(ticket.id, ticket.status, `home_decide_${ticket.id}`),
    );
  }
  blocks.push(...more(vm.awaiting.length, vm.awaitingApproval));
  const counts = refreshStatuses
    .map((status) => ({ status, count: vm.approverCounts.find((c) => c.status === status)?.count ?? 0 }))
    .filter((c) => c.count > 0);
  if (counts.length > 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        truncate(
          `*All tickets of your configs*\n${counts.map((c) => `${statusLabel(c.status)}: *${c.count}*`).join(' · ')}`,
          SECTION_LIMIT,
        ),
      ),
    });
  }
  return blocks;
}

/** The customer's next step on a ticket of theirs: the wizard, picking a time, or changing it. */
function myTicketButton(ticket: HomeViewModel['myTickets'][number]) {
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

function customerBlocks(vm: HomeViewModel): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'divider' }, { type: 'header', text: plain('Your refresh') }];
  if (vm.myTickets.length === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn('You have no refresh in progress. Otto will message you when a computer of yours is due.'),
    });
    return blocks;
  }
  const shown = vm.myTickets.slice(0, homeLimits.myTickets);
  for (const ticket of shown) {
    const system = escapeMrkdwn(ticket.systemName ?? ticket.serial);
    let text = `*#${ticket.id}* · ${system} (${escapeMrkdwn(ticket.serial)})${ticket.asDelegate ? ' · as delegate' : ''}\nStatus: ${statusLabel(ticket.status)}`;
    const waiting = ticket.status === 'pending_customer';
    if (waiting && ticket.denialReason) {
      text += `\n*Your approver asked for changes:* ${escapeMrkdwn(ticket.denialReason)}`;
    }
    if (ticket.appointment) text += `\nDelivery: *${escapeMrkdwn(ticket.appointment)}*`;
    const button = myTicketButton(ticket);
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(text, SECTION_LIMIT)),
      ...(button ? { accessory: button } : {}),
    });
  }
  blocks.push(...more(shown.length, vm.myTickets.length));
  return blocks;
}

/** Staff's calendar overview: the next days' free and booked slots per team, with a team filter. */
function calendarBlocks(calendar: CalendarOverview, bulkReschedule: boolean): KnownBlock[] {
  const all = { text: plain('All teams'), value: 'all' };
  // Option values are team ids (names may be long); at most 100 options, "All teams" included.
  const options = [
    all,
    ...calendar.teamChoices
      .slice(0, 99)
      .map((team) => ({ text: plain(truncate(team.name, 75)), value: String(team.id) })),
  ];
  const selected = options.find((o) => o.value === String(calendar.filter?.id)) ?? all;
  const teams = calendar.teams.slice(0, homeLimits.calendarTeams);
  const blocks: KnownBlock[] = [
    { type: 'divider' },
    { type: 'header', text: plain(`Calendar · next ${homeLimits.calendarDays} days`) },
    {
      type: 'actions',
      block_id: 'home_calendar_filter',
      elements: [
        {
          type: 'static_select',
          action_id: ids.homeCalendarTeam,
          placeholder: plain('Team'),
          options,
          initial_option: selected,
        },
        ...(bulkReschedule
          ? [{ type: 'button' as const, action_id: ids.bulkRescheduleOpen, text: plain('Bulk reschedule') }]
          : []),
      ],
    },
    ...teams.map((team) => teamCalendarSection(team, '_No slots._')),
    ...more(teams.length, calendar.teams.length),
  ];
  return blocks;
}

/** The App Home tab, by role: each person sees the part of Otto that is theirs (SPEC §5). */
export function renderHome(vm: HomeViewModel): HomeView {
  const labels = [
    ...vm.roles.map((role: RoleName) => roleLabels[role]),
    ...(vm.isApprover ? ['Approver'] : []),
  ];
  if (vm.myTickets.length > 0) labels.push('Customer');
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain('Otto') },
    {
      type: 'section',
      text: mrkdwn(
        `Hi ${userMention(vm.userId)}! ${labels.length > 0 ? `You’re here as *${labels.join('*, *')}*.` : 'Otto coordinates the refresh of your computer.'}`,
      ),
    },
  ];

  // What awaits the person's action comes first.
  if (vm.isApprover) blocks.push(...approverBlocks(vm));
  if (vm.problems) blocks.push(...problemBlocks(vm.problems));

  const teams = vm.slotTeams.slice(0, homeLimits.slotTeams);
  for (const { team, upcomingSlots } of teams) {
    blocks.push(
      { type: 'divider' },
      {
        type: 'section',
        text: mrkdwn(
          `*Schedule slots · ${escapeMrkdwn(team)}*\n${upcomingSlots} slot${upcomingSlots === 1 ? '' : 's'} in the next two weeks.`,
        ),
      },
    );
  }
  blocks.push(...more(teams.length, vm.slotTeams.length));
  if (vm.slotRules) {
    // Slot rules take what is left of Block Kit's 100 after everything else the Home shows.
    const after =
      (vm.calendar ? calendarBlocks(vm.calendar, false).length : 0) + customerBlocks(vm).length + 1;
    blocks.push(...slotRuleBlocks(vm.slotRules, 100 - blocks.length - after));
  }

  if (vm.calendar) blocks.push(...calendarBlocks(vm.calendar, vm.roles.includes('admin')));

  blocks.push(...customerBlocks(vm));
  blocks.push({ type: 'context', elements: [mrkdwn('Type `/otto help` to see what you can do.')] });
  return { type: 'home', blocks };
}
