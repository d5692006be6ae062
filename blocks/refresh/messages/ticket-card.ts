import type { Button, KnownBlock, ModalView } from '@slack/types';
import { computerLabel } from '../../../src/domain/naming.js';
import { addressLines } from '../../../src/domain/refresh/wizard/address.js';
import type { HistoryLine, TicketCard } from '../../../src/services/refresh/tickets/ticket-card.js';
import { ids } from '../../../src/slack/ids.js';
import { type CardModalMetadata, cardModalMetadata, ticketValue } from '../../../src/slack/values/refresh.js';
import {
  isSlackUserId,
  link,
  type Mrkdwn,
  md,
  mdLines,
  messageText,
  mrkdwn,
  plain,
  quoted,
  type SlackMessage,
  slackDate,
  statusLabel,
  userMention,
} from '../../shared/text.js';

/** Block id of the card's buttons: a click there re-renders the card it came from. */
export const cardActionsBlock = 'ticket_card_actions';

const SECTION_LIMIT = 3000;
const FIELD_LIMIT = 2000;
/** History lines shown, newest last; older ones are counted. */
const HISTORY_SHOWN = 25;

// Actors are Slack ids, or words like `otto` and `system`, shown as they are.
const who = (id: string) => (isSlackUserId(id) ? userMention(id) : md`${id}`);

function historyLine(entry: HistoryLine, timeZone: string): Mrkdwn {
  const when = slackDate(entry.at, timeZone);
  const actor = entry.actor
    ? entry.actor.name
      ? md`${entry.actor.name} `
      : entry.actor.slackUserId
        ? md`${userMention(entry.actor.slackUserId)} `
        : ''
    : '';
  return md`${when} · ${entry.failed ? md`:warning: ` : ''}${actor}${entry.text}`;
}

/** Lines packed into as few sections as the text limit allows; a line too long for one is cut. */
function linesToSections(lines: readonly Mrkdwn[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current: Mrkdwn[] = [];
  let length = 0;
  for (const line of lines) {
    const size = Math.min(line.text.length, SECTION_LIMIT);
    if (current.length > 0 && length + 1 + size > SECTION_LIMIT) {
      blocks.push({ type: 'section', text: mrkdwn(mdLines(current)) });
      current = [];
      length = 0;
    }
    length += size + (current.length > 0 ? 1 : 0);
    current.push(line);
  }
  if (current.length > 0) blocks.push({ type: 'section', text: mrkdwn(mdLines(current)) });
  return blocks;
}

const field = (label: string, value: Mrkdwn | string) => mrkdwn(md`*${label}*\n${value}`, FIELD_LIMIT);

function personText(
  person: { name: string | null; email: string; slackUserId: string | null } | null,
): Mrkdwn {
  if (!person) return md`None`;
  const name = person.name ?? person.email;
  return person.slackUserId ? md`${name} (${userMention(person.slackUserId)})` : md`${name}`;
}

function locationText(card: TicketCard): string {
  const { ticket, config } = card.details;
  if (ticket.style === 'unit_specified_location') {
    return config.unitSpecifiedLocation
      ? `${config.unitSpecifiedLocation} (unit-specified)`
      : 'unit-specified';
  }
  if (ticket.style === 'remote_customer') {
    const a = ticket.shippingAddress;
    if (!a) return 'no shipping address yet';
    return addressLines(a).join('\n');
  }
  return [ticket.building, ticket.room && `room ${ticket.room}`].filter(Boolean).join(', ') || 'Not known';
}

function deviceText(card: TicketCard): Mrkdwn {
  const { ticket, proposedModel, chosenModel } = card.details;
  return mdLines([
    md`Proposed: ${proposedModel?.name ?? 'none'}`,
    chosenModel && md`Chosen: ${chosenModel.name}`,
    ticket.differentDeviceRequested &&
      md`Different device requested: ${ticket.differentDeviceReason ?? 'no reason given'}`,
  ]);
}

function replacementText(card: TicketCard): Mrkdwn {
  const { replacement, ticket } = card.details;
  return mdLines([
    replacement ? computerLabel(replacement) : 'Not assigned yet',
    ticket.trackingNumber && md`Tracking number ${ticket.trackingNumber}`,
  ]);
}

function appointmentText(card: TicketCard): Mrkdwn {
  const { appointment } = card;
  if (!appointment) return md`None booked`;
  return mdLines([
    slackDate(appointment.day1, card.timeZone),
    appointment.team && md`with ${appointment.team}`,
  ]);
}

function itsmText(card: TicketCard): Mrkdwn {
  if (!card.itsm) return md`Not opened yet`;
  const number = `#${card.itsm.id}`;
  // ITSM ids are numbers; anything else is shown as text, never inside a link's label.
  return card.itsm.url && /^[\w.-]+$/.test(card.itsm.id) ? link(card.itsm.url, number) : md`${number}`;
}

function orderGroupText(card: TicketCard): Mrkdwn {
  const group = card.orderGroup;
  if (!group) return md`Not in one yet`;
  return mdLines([
    group.name,
    group.poNumber ? md`PO ${group.poNumber}` : md`No PO yet`,
    group.requestItem && md`Request item ${group.requestItem}`,
  ]);
}

function peripheralsText(card: TicketCard): Mrkdwn {
  const { items, fromBundle } = card.peripherals;
  if (items.length === 0) return md`None`;
  const list = items.map((p) => (p.quantity > 1 ? `${p.quantity} × ${p.name}` : p.name)).join(', ');
  return fromBundle ? md`${list}\n_The config’s bundle, until the customer walks the wizard_` : md`${list}`;
}

function actionButtons(card: TicketCard): Button[] {
  const { ticket } = card.details;
  const value = ticketValue.encode({ ticketId: ticket.id, status: ticket.status });
  const button = (actionId: string, text: string, extra: Partial<Button> = {}): Button => ({
    type: 'button',
    action_id: actionId,
    text: plain(text),
    value,
    ...extra,
  });
  const buttons: Button[] = [];
  if (card.can.approve) {
    buttons.push(
      button(ids.ticketApprove, 'Approve', { style: 'primary' }),
      button(ids.ticketDeny, 'Deny', { style: 'danger' }),
    );
  }
  if (card.can.fillLocation)
    buttons.push(button(ids.ticketFillLocation, 'Fill location', { style: 'primary' }));
  if (card.can.edit) buttons.push(button(ids.ticketEdit, 'Edit'));
  if (card.can.changeRequest) buttons.push(button(ids.ticketChangeRequest, 'Change request'));
  if (card.can.reschedule) buttons.push(button(ids.ticketReschedule, 'Reschedule'));
  if (card.can.hold) buttons.push(button(ids.ticketHold, 'Put on hold'));
  if (card.can.resume) buttons.push(button(ids.ticketResume, 'Resume', { style: 'primary' }));
  if (card.can.cancel) {
    buttons.push(
      button(ids.ticketCancel, 'Cancel ticket', {
        style: 'danger',
        confirm: {
          title: plain('Cancel this ticket?'),
          text: mrkdwn(md`Refresh #${ticket.id} will be canceled for good; it cannot be reopened.`),
          confirm: plain('Cancel ticket'),
          deny: plain('Keep it'),
          style: 'danger',
        },
      }),
    );
  }
  return buttons;
}

/** The ticket card: facts, decision, the viewer's buttons, and the history (SPEC §5). */
export function renderTicketCard(card: TicketCard, note?: Mrkdwn): SlackMessage {
  const { details } = card;
  const { ticket } = details;
  const status =
    ticket.status === 'on_hold' && ticket.statusBeforeHold
      ? `on hold (was ${statusLabel(ticket.statusBeforeHold)})`
      : statusLabel(ticket.status);
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(`Refresh #${ticket.id} · ${status}`, 150) }];
  if (note) blocks.push({ type: 'context', elements: [mrkdwn(note)] });
  blocks.push(
    {
      type: 'section',
      fields: [
        field('Computer', mdLines([computerLabel(details.system), details.system.model])),
        field('Customer', personText(details.user)),
        field('Delegate', personText(details.delegate)),
        field('Config', md`${details.config.name}\n${statusLabel(ticket.style)}`),
        field('Device', deviceText(card)),
        field('Location', locationText(card)),
        field('Support team', details.supportTeam ?? 'None'),
        field('Group', details.group ?? 'None'),
        field('Replacement', replacementText(card)),
        field('Created', md`${slackDate(ticket.createdAt, card.timeZone)} by ${who(ticket.createdBy)}`),
      ],
    },
    {
      type: 'section',
      fields: [
        field('Appointment', appointmentText(card)),
        field('ITSM ticket', itsmText(card)),
        field('Order group', orderGroupText(card)),
        field('Peripherals', peripheralsText(card)),
        field('Software', details.software.map((s) => s.name).join(', ') || 'None requested'),
      ],
    },
  );
  const decision = card.lastDecision;
  if (ticket.status === 'requires_approval' && details.approvalReasons.length > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(md`Needs approval because ${details.approvalReasons.join('; ')}.`)],
    });
  }
  if (decision) {
    const reason = decision.reason ? md`:\n${quoted(decision.reason)}` : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(
        md`*${decision.approved ? 'Approved' : 'Denied'}* by ${who(decision.by)} ${slackDate(decision.at, card.timeZone)}${reason}`,
      ),
    });
  }
  if (ticket.notes) blocks.push({ type: 'section', text: mrkdwn(md`*Notes*\n${ticket.notes}`) });
  const buttons = actionButtons(card);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: cardActionsBlock, elements: buttons });

  blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn(md`*History*`) });
  const shown = card.history.slice(-HISTORY_SHOWN);
  const hidden = card.history.length - shown.length;
  if (shown.length === 0) blocks.push({ type: 'context', elements: [mrkdwn(md`Nothing recorded yet.`)] });
  else {
    if (hidden > 0)
      blocks.push({
        type: 'context',
        elements: [mrkdwn(md`${hidden} earlier entr${hidden === 1 ? 'y' : 'ies'} not shown.`)],
      });
    blocks.push(...linesToSections(shown.map((entry) => historyLine(entry, card.timeZone))));
  }
  return { text: messageText(md`Refresh #${ticket.id}: ${status}`), blocks };
}

export const ticketCardCallbackId = 'ticket_card';

/** The card in a modal (from the Home's or a list's "View" button). */
export function ticketCardModal(card: TicketCard, options: { fromHome: boolean; note?: Mrkdwn }): ModalView {
  const metadata: CardModalMetadata = { ticketId: card.details.ticket.id, fromHome: options.fromHome };
  return {
    type: 'modal',
    callback_id: ticketCardCallbackId,
    title: plain(`Refresh #${card.details.ticket.id}`, 24),
    close: plain('Close'),
    private_metadata: cardModalMetadata.encode(metadata),
    blocks: renderTicketCard(card, options.note).blocks,
  };
}

/** What a ticket form turns into when it cannot be saved: why, and that nothing changed. */
export function ticketNoticeModal(title: string, text: Mrkdwn): ModalView {
  return {
    type: 'modal',
    title: plain(title, 24),
    close: plain('Close'),
    blocks: [{ type: 'section', text: mrkdwn(text) }],
  };
}
