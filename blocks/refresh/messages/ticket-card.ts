import type { Button, KnownBlock, ModalView } from '@slack/types';
import { computerLabel } from '../../../src/domain/naming.js';
import { addressLines } from '../../../src/domain/refresh/wizard/address.js';
import type { HistoryEntry, TicketCard } from '../../../src/services/refresh/tickets/ticket-card.js';
import { ids } from '../../../src/slack/ids.js';
import { type CardModalMetadata, cardModalMetadata, ticketValue } from '../../../src/slack/values/refresh.js';
import { escapeMrkdwn, mrkdwn, plain, statusLabel, truncate, userMention } from '../../shared/text.js';

/** Block id of the card's buttons: a click there re-renders the card it came from. */
export const cardActionsBlock = 'ticket_card_actions';

const SECTION_LIMIT = 3000;
const FIELD_LIMIT = 2000;
/** History lines shown, newest last; older ones are counted. */
const HISTORY_SHOWN = 25;

/** Slack renders the instant in the viewer's time zone; the fallback is UTC. */
export function slackDate(at: Date): string {
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(at.getTime() / 1000)}^{date_short} {time}|${fallback}>`;
}

const isSlackUser = (id: string) => /^[UW][A-Z0-9]{2,}$/.test(id);
const who = (id: string) => (isSlackUser(id) ? userMention(id) : escapeMrkdwn(id));

function shortValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return escapeMrkdwn(truncate(statusLabel(value), 120));
  return escapeMrkdwn(truncate(JSON.stringify(value), 120));
}

function historyLine(entry: HistoryEntry): string {
  const when = slackDate(entry.at);
  switch (entry.kind) {
    case 'audit': {
      const changes = Object.entries(entry.changes ?? {})
        .map(([key, { from, to }]) =>
          key === 'status'
            ? `${shortValue(from)} → ${shortValue(to)}`
            : `${escapeMrkdwn(key)}: ${shortValue(from)} → ${shortValue(to)}`,
        )
        .join('; ');
      return `${when} · ${who(entry.actor)} *${escapeMrkdwn(statusLabel(entry.action))}*${changes ? ` — ${changes}` : ''}`;
    }
    case 'notice': {
      const channel = {
        slack_dm: 'DM',
        slack_channel: 'channel post',
        email: 'e-mail',
        itsm: 'ITSM request',
      }[entry.channel];
      const to =
        entry.channel === 'slack_dm'
          ? who(entry.recipient)
          : entry.channel === 'itsm'
            ? 'the ITSM'
            : escapeMrkdwn(entry.recipient);
      const state =
        entry.status === 'sent' && entry.deliveredAt ? `sent ${slackDate(entry.deliveredAt)}` : entry.status;
      const subject = entry.subject ? ` “${escapeMrkdwn(truncate(entry.subject, 120))}”` : '';
      return `${when} · notice *${escapeMrkdwn(statusLabel(entry.notice))}* by ${channel} to ${to}${subject} · ${state}`;
    }
    case 'event':
      return `${when} · ${escapeMrkdwn(entry.source)} event *${escapeMrkdwn(statusLabel(entry.eventKind))}*${entry.ok ? '' : ' (failed)'}${entry.detail ? ` — ${shortValue(entry.detail)}` : ''}`;
  }
}

/** Lines packed into as few sections as the text limit allows. */
function linesToSections(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    const safe = truncate(line, SECTION_LIMIT);
    if (current && current.length + 1 + safe.length > SECTION_LIMIT) {
      blocks.push({ type: 'section', text: mrkdwn(current) });
      current = '';
    }
    current = current ? `${current}\n${safe}` : safe;
  }
  if (current) blocks.push({ type: 'section', text: mrkdwn(current) });
  return blocks;
}

const field = (label: string, value: string) => mrkdwn(truncate(`*${label}*\n${value}`, FIELD_LIMIT));

function personText(
  person: { name: string | null; email: string; slackUserId: string | null } | null,
): string {
  if (!person) return '—';
  const name = escapeMrkdwn(person.name ?? person.email);
  return person.slackUserId ? `${name} (${userMention(person.slackUserId)})` : name;
}

function locationText(card: TicketCard): string {
  const { ticket, config } = card.details;
  if (ticket.style === 'unit_specified_location') {
    return config.unitSpecifiedLocation
      ? `${escapeMrkdwn(config.unitSpecifiedLocation)} (unit-specified)`
      : 'unit-specified';
  }
  if (ticket.style === 'remote_customer') {
    const a = ticket.shippingAddress;
    if (!a) return 'no shipping address yet';
    return escapeMrkdwn(addressLines(a).join('\n'));
  }
  return escapeMrkdwn([ticket.building, ticket.room].filter(Boolean).join(', ')) || '—';
}

function deviceText(card: TicketCard): string {
  const { ticket, proposedModel, chosenModel } = card.details;
  const lines = [`Proposed: ${escapeMrkdwn(proposedModel?.name ?? '—')}`];
  if (chosenModel) lines.push(`Chosen: ${escapeMrkdwn(chosenModel.name)}`);
  if (ticket.differentDeviceRequested) {
    lines.push(
      `Different device requested: ${escapeMrkdwn(ticket.differentDeviceReason ?? 'no reason given')}`,
    );
  }
  return lines.join('\n');
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
          text: mrkdwn(`Refresh #${ticket.id} will be canceled for good; it cannot be reopened.`),
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
export function renderTicketCard(card: TicketCard, note?: string): { text: string; blocks: KnownBlock[] } {
  const { details } = card;
  const { ticket } = details;
  const status =
    ticket.status === 'on_hold' && ticket.statusBeforeHold
      ? `on hold (was ${statusLabel(ticket.statusBeforeHold)})`
      : statusLabel(ticket.status);
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(truncate(`Refresh #${ticket.id} · ${status}`, 150)) },
  ];
  if (note) blocks.push({ type: 'context', elements: [mrkdwn(truncate(note, SECTION_LIMIT))] });
  blocks.push(
    {
      type: 'section',
      fields: [
        field(
          'Computer',
          `${escapeMrkdwn(computerLabel(details.system))}${details.system.model ? `\n${escapeMrkdwn(details.system.model)}` : ''}`,
        ),
        field('Customer', personText(details.user)),
        field('Delegate', personText(details.delegate)),
        field('Config', `${escapeMrkdwn(details.config.name)}\n${statusLabel(ticket.style)}`),
        field('Device', deviceText(card)),
        field('Location', locationText(card)),
        field('Support team', escapeMrkdwn(details.supportTeam ?? '—')),
        field('Group', escapeMrkdwn(details.group ?? '—')),
        field('Replacement', details.replacement ? escapeMrkdwn(computerLabel(details.replacement)) : '—'),
        field('Created', `${slackDate(ticket.createdAt)} by ${who(ticket.createdBy)}`),
      ],
    },
    {
      type: 'section',
      fields: [
        field(
          'Peripherals',
          escapeMrkdwn(
            details.peripherals
              .map((p) => (p.quantity > 1 ? `${p.quantity} × ${p.name}` : p.name))
              .join(', '),
          ) || '—',
        ),
        field('Software', escapeMrkdwn(details.software.map((s) => s.name).join(', ')) || '—'),
      ],
    },
  );
  const decision = card.lastDecision;
  if (ticket.status === 'requires_approval' && details.approvalReasons.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          truncate(
            `Needs approval because ${details.approvalReasons.map(escapeMrkdwn).join('; ')}.`,
            SECTION_LIMIT,
          ),
        ),
      ],
    });
  }
  if (decision) {
    const reason = decision.reason ? `:\n>${escapeMrkdwn(decision.reason).replace(/\n/g, '\n>')}` : '';
    blocks.push({
      type: 'section',
      text: mrkdwn(
        truncate(
          `*${decision.approved ? 'Approved' : 'Denied'}* by ${who(decision.by)} ${slackDate(decision.at)}${reason}`,
          SECTION_LIMIT,
        ),
      ),
    });
  }
  if (ticket.notes)
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(`*Notes*\n${escapeMrkdwn(ticket.notes)}`, SECTION_LIMIT)),
    });
  const buttons = actionButtons(card);
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: cardActionsBlock, elements: buttons });

  blocks.push({ type: 'divider' }, { type: 'section', text: mrkdwn('*History*') });
  const shown = card.history.slice(-HISTORY_SHOWN);
  const hidden = card.history.length - shown.length;
  if (shown.length === 0) blocks.push({ type: 'context', elements: [mrkdwn('Nothing recorded yet.')] });
  else {
    if (hidden > 0)
      blocks.push({
        type: 'context',
        elements: [mrkdwn(`${hidden} earlier entr${hidden === 1 ? 'y' : 'ies'} not shown.`)],
      });
    blocks.push(...linesToSections(shown.map(historyLine)));
  }
  return { text: `Refresh #${ticket.id}: ${status}`, blocks };
}

export const ticketCardCallbackId = 'ticket_card';

/** The card in a modal (from the Home's or a list's "View" button). */
export function ticketCardModal(card: TicketCard, options: { fromHome: boolean; note?: string }): ModalView {
  const metadata: CardModalMetadata = { ticketId: card.details.ticket.id, fromHome: options.fromHome };
  return {
    type: 'modal',
    callback_id: ticketCardCallbackId,
    title: plain(truncate(`Refresh #${card.details.ticket.id}`, 24)),
    close: plain('Close'),
    private_metadata: cardModalMetadata.encode(metadata),
    blocks: renderTicketCard(card, options.note).blocks,
  };
}

/** What a ticket form turns into when it cannot be saved: why, and that nothing changed. */
export function ticketNoticeModal(title: string, text: string): ModalView {
  return {
    type: 'modal',
    title: plain(truncate(title, 24)),
    close: plain('Close'),
    blocks: [{ type: 'section', text: mrkdwn(truncate(text, SECTION_LIMIT)) }],
  };
}
