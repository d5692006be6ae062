import { formatMoment } from '../calendar/format-date-time.js';
import { statusLabel } from '../naming.js';
import { type RefreshStatus, refreshStatuses } from './enums.js';
import { statusPhrase } from './status-wording.js';

// A ticket's history as its people read it: one sentence per thing that happened, naming people,
// computers, times and places as they know them, never the ids and JSON the rows keep.

/** One row of a ticket's record, as the audits, the outbox and the events keep it. */
export type HistoryRecord =
  | {
      kind: 'audit';
      at: Date;
      actor: string;
      action: string;
      changes: Record<string, { from: unknown; to: unknown }> | null;
    }
  | {
      kind: 'notice';
      at: Date;
      notice: string;
      channel: 'slack_dm' | 'slack_channel' | 'email' | 'itsm';
      recipient: string;
      status: 'pending' | 'sending' | 'sent' | 'failed';
      /** The e-mail's subject as sent. */
      subject: string | null;
      /** An ITSM request's operation and kind (create_ticket, refresh …). */
      request: { operation?: string; kind?: string; task?: string } | null;
    }
  | {
      kind: 'event';
      at: Date;
      source: string;
      eventKind: string;
      ok: boolean;
      detail: Record<string, unknown> | null;
    };

/** Who did it: a person (by name, else by their Slack id for a mention) or Otto. */
export interface HistoryActor {
  name: string | null;
  slackUserId: string | null;
}

/** A line of the card's history: "<actor> <text>", or the text alone when nobody is named. */
export interface HistoryLine {
  at: Date;
  actor: HistoryActor | null;
  text: string;
  /** Something went wrong (a failed call, a notice that could not be sent). */
  failed: boolean;
}

/** What the sentences name, looked up by the service from the ids the rows keep. */
export interface HistoryNames {
  /** People by Slack user id, by person id (as a string) and by e-mail address. */
  person(ref: string | number): string | undefined;
  slot(id: number): Date | undefined;
  model(id: number): string | undefined;
  peripheral(id: number): string | undefined;
  orderGroup(id: number): string | undefined;
  /** A support team's channel by its id: "North NIT". */
  channel(id: string): string | undefined;
  timeZone: string;
}

const otto: HistoryActor = { name: 'Otto', slackUserId: null };
const isSlackId = (id: string) => /^[UW][A-Z0-9]{2,}$/.test(id);

const noticeNames: Record<string, string> = {
  approval_requested: 'the approval request',
  submitted: 'the note that the answers were received',
  approved: 'the news of the approval',
  denied: 'the news of the denial',
  slot_invitation: 'the invitation to pick a delivery time',
  booking_confirmation: 'the booking confirmation',
  appointment_moved: 'the new appointment time',
  appointment_reminder: 'the appointment reminder',
  appointment_withdrawn: 'the news that the appointment is off',
  tracking: 'the tracking number',
  completed: 'the completion notice',
  delivery_booked: 'the delivery booking',
  delivery_booking_ended: 'the delivery booking, marked as over',
  invitation: 'the invitation to the wizard',
  wizard_reminder: 'a reminder about the wizard',
  approver_digest: 'the Friday digest',
  order_group_approval_requested: 'the order group’s approval request',
  order_group_approved: 'the news of the order group’s approval',
  itsm_ticket_posted: 'the ITSM ticket',
  mac_mdm_request: 'the request for MDM setup',
};

const itsmKinds: Record<string, string> = {
  refresh: 'the delivery',
  confirm_location: 'a check of the location',
  change_request: 'the change request',
};

const taskNames: Record<string, string> = {
  prestage: 'the prestage task',
  depot_build: 'the depot build task',
  nit_delivery: 'the delivery and setup task',
};

const requestNames: Record<string, string> = {
  create_ticket: 'open a ticket',
  update_ticket: 'update its ticket',
  close_task: 'close a task',
};

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) ? value : undefined;
const isStatus = (value: unknown): value is RefreshStatus =>
  typeof value === 'string' && (refreshStatuses as readonly string[]).includes(value);

function clip(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

function listOf(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Turns the ticket's record into sentences; rows that say nothing to a reader are left out. */
export function historySentences(records: readonly HistoryRecord[], names: HistoryNames): HistoryLine[] {
  const lines: HistoryLine[] = [];
  for (const record of records) {
    const line =
      record.kind === 'audit'
        ? auditLine(record, names)
        : record.kind === 'notice'
          ? noticeLine(record, names)
          : eventLine(record, names);
    if (line) lines.push(line);
  }
  return lines;
}

function actorOf(id: string, names: HistoryNames): HistoryActor {
  if (id === 'otto' || id === 'system') return otto;
  const name = names.person(id) ?? null;
  return isSlackId(id) ? { name, slackUserId: id } : { name: name ?? id, slackUserId: null };
}

function personNamed(ref: unknown, names: HistoryNames): string {
  if (typeof ref === 'number' || typeof ref === 'string') {
    const name = names.person(ref);
    if (name) return name;
    if (typeof ref === 'string' && ref.includes('@')) return ref;
  }
  return 'someone Otto does not know';
}

function when(at: unknown, names: HistoryNames): string | undefined {
  return at instanceof Date ? formatMoment(at, names.timeZone) : undefined;
}

function slotTime(id: unknown, names: HistoryNames): string | undefined {
  const slotId = num(id);
  return slotId === undefined ? undefined : when(names.slot(slotId), names);
}

/** "Tue 8 Dec, 09:00 to Thu 10 Dec, 14:30" and the like, from a change of slot. */
function appointmentChange(change: { from: unknown; to: unknown } | undefined, names: HistoryNames) {
  if (!change) return undefined;
  const from = slotTime(change.from, names);
  const to = slotTime(change.to, names);
  if (from && to) return `moved the appointment from ${from} to ${to}`;
  if (to) return `booked the appointment for ${to}`;
  if (from) return `took back the appointment at ${from}`;
  return undefined;
}

function statusChange(changes: HistoryRecord & { kind: 'audit' }): {
  from?: RefreshStatus;
  to?: RefreshStatus;
} {
  const status = changes.changes?.status;
  return {
    ...(isStatus(status?.from) ? { from: status.from } : {}),
    ...(isStatus(status?.to) ? { to: status.to } : {}),
  };
}

function auditLine(record: HistoryRecord & { kind: 'audit' }, names: HistoryNames): HistoryLine {
  const changes = record.changes ?? {};
  const { from, to } = statusChange(record);
  const moved = from !== undefined && to !== undefined && from !== to;
  const now = (text: string) => (moved && to ? `${text}; it is now ${statusPhrase(to)}` : text);
  const slot = appointmentChange(changes.scheduleSlotId, names);
  let text: string;
  switch (record.action) {
    case 'created': {
      const config = str(changes.config?.to);
      const replacement = str(changes.replacement?.to);
      text = `created the ticket${config ? ` with the config “${config}”` : ''}${replacement ? `, replacement ${replacement}` : ''}`;
      if (to) text += `; it is ${statusPhrase(to)}`;
      break;
    }
    case 'wizard_submitted':
      text = now('finished the wizard');
      break;
    case 'approve':
      text = now('approved the ticket');
      break;
    case 'deny': {
      const reason = str(changes.denialReason?.to);
      text = `denied the ticket${reason ? `: “${clip(reason)}”` : ''}; the customer walks the wizard again`;
      break;
    }
    case 'wizard_expired':
      text = now('closed the wizard, unfinished after 14 business days');
      break;
    case 'location_provided': {
      const place = [str(changes.building?.to), str(changes.room?.to)].filter(Boolean).join(', room ');
      text = now(`filled in the location${place ? ` (${place})` : ''}`);
      break;
    }
    case 'replacement_assigned': {
      const serial = str(changes.replacement?.to);
      text = now(`assigned the replacement${serial ? ` ${serial}` : ''}`);
      break;
    }
    case 'itsm_found':
      text = now('found the replacement in the ITSM');
      break;
    case 'slots_available':
      text = now('invited the customer to pick a delivery time');
      break;
    case 'slot_booked':
    case 'slot_assigned':
      text = now(slot ?? 'booked the appointment');
      break;
    case 'reschedule_requested': {
      const off = slotTime(changes.scheduleSlotId?.from, names);
      text = `asked the customer to pick a new time${off ? ` (the appointment at ${off} is off)` : ''}`;
      break;
    }
    case 'itsm_closed':
      text = 'completed the ticket: its ITSM ticket was closed';
      break;
    case 'hold':
      text = 'put the ticket on hold';
      break;
    case 'resume': {
      const lapsed = slotTime(changes.scheduleSlotId?.from, names);
      text = now(
        `resumed the ticket${lapsed ? ` (the appointment at ${lapsed} had gone by while it was on hold)` : ''}`,
      );
      break;
    }
    case 'cancel':
      text = 'canceled the ticket';
      break;
    case 'slot_deleted': {
      const at = slotTime(changes.scheduleSlotId?.from, names);
      text = `deleted the delivery slot${at ? ` of ${at}` : ''}, so the appointment is off`;
      break;
    }
    case 'appointment_withdrawn': {
      const at = slotTime(changes.scheduleSlotId?.from, names);
      text = `took back the appointment${at ? ` of ${at}` : ''}: the ticket is on hold, and the customer picks a new time when it resumes`;
      break;
    }
    case 'edit':
      text = `edited the ticket: ${editSentence(changes, names)}`;
      break;
    case 'change_request': {
      const request = str(changes.changeRequest?.to);
      text = `filed a change request${request ? `: “${clip(request)}”` : ''}`;
      break;
    }
    case 'tracking_entered': {
      const number = str(changes.trackingNumber?.to);
      text = `entered the tracking number${number ? ` ${number}` : ''}`;
      break;
    }
    case 'order_group': {
      const id = num(changes.orderGroupId?.to);
      const group = id === undefined ? undefined : names.orderGroup(id);
      text = `added the ticket to ${group ? `order group “${group}”` : 'an order group'}`;
      break;
    }
    case 'invitation_sent':
      text = 'invited the customer to the wizard';
      break;
    case 'invitation_unreachable':
      text = 'could not invite the customer: they have neither Slack nor an e-mail address Otto knows';
      break;
    case 'reminder_sent': {
      const n = num(changes.remindersSent?.to);
      text = `reminded the customer about the wizard${n ? ` (reminder ${n})` : ''}`;
      break;
    }
    case 'reminder_unreachable':
      text = 'could not remind the customer: they have neither Slack nor an e-mail address Otto knows';
      break;
    default:
      text = now(`recorded “${statusLabel(record.action)}”`);
  }
  // A quotation that ends a sentence ends it: “Add a monitor.” takes no second full stop.
  const sentence = /[.!?]”?$/.test(text) ? text : `${text}.`;
  return { at: record.at, actor: actorOf(record.actor, names), text: sentence, failed: false };
}

// The order an edit's changes are told in: stored changes come back in any key order (PostgreSQL's
// jsonb sorts its keys), and a sentence must not depend on the database.
const editOrder = [
  'delegateId',
  'proposedModelId',
  'chosenModelId',
  'notes',
  'peripheralIds',
  'replacement',
  'replacementSystemId',
];
const editRank = (key: string) => {
  const rank = editOrder.indexOf(key);
  return rank === -1 ? editOrder.length : rank;
};

function editSentence(changes: Record<string, { from: unknown; to: unknown }>, names: HistoryNames): string {
  const parts: string[] = [];
  const model = (value: unknown) => {
    const id = num(value);
    return id === undefined ? 'none' : (names.model(id) ?? 'a model no longer in the catalog');
  };
  const ordered = Object.entries(changes).sort(([a], [b]) => editRank(a) - editRank(b) || a.localeCompare(b));
  for (const [key, { from, to }] of ordered) {
    switch (key) {
      case 'delegateId':
        parts.push(to === null ? 'removed the delegate' : `made ${personNamed(to, names)} the delegate`);
        break;
      case 'proposedModelId':
      case 'chosenModelId': {
        const which = key === 'proposedModelId' ? 'proposed' : 'chosen';
        parts.push(
          from === null || from === undefined
            ? `set the ${which} model to ${model(to)}`
            : to === null
              ? `cleared the ${which} model (it was ${model(from)})`
              : `changed the ${which} model from ${model(from)} to ${model(to)}`,
        );
        break;
      }
      case 'notes':
        parts.push(str(to) ? `set the notes to “${clip(String(to), 120)}”` : 'cleared the notes');
        break;
      case 'replacement':
        parts.push(
          str(from) && str(to)
            ? `exchanged the replacement ${from} for ${to}`
            : `set the replacement to ${str(to) ?? 'none'}`,
        );
        break;
      case 'peripheralIds': {
        const items = Array.isArray(to)
          ? to.map((id) => names.peripheral(Number(id)) ?? 'a peripheral no longer in the catalog')
          : [];
        parts.push(items.length ? `set the peripherals to ${listOf(items)}` : 'removed the peripherals');
        break;
      }
      case 'replacementSystemId':
        break;
      default:
        parts.push(
          `changed the ${statusLabel(key.replace(/Id$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))}`,
        );
    }
  }
  return parts.length ? parts.join('; ') : 'nothing that shows';
}

function noticeLine(
  record: HistoryRecord & { kind: 'notice' },
  names: HistoryNames,
): HistoryLine | undefined {
  if (record.channel === 'itsm') {
    // A request that went through is on record as the ITSM's event; one still waiting or failed is said here.
    if (record.status === 'sent') return undefined;
    const op = record.request?.operation;
    const what = (op && requestNames[op]) ?? 'do something';
    const about =
      record.request?.kind && op === 'create_ticket'
        ? ` for ${itsmKinds[record.request.kind] ?? 'a ticket'}`
        : '';
    return record.status === 'failed'
      ? {
          at: record.at,
          actor: otto,
          text: `could not ask the ITSM to ${what}${about}; it gave up.`,
          failed: true,
        }
      : { at: record.at, actor: otto, text: `is asking the ITSM to ${what}${about}.`, failed: false };
  }
  // The card's message in the team channel is updated as the ITSM ticket changes; that is no news.
  if (record.notice === 'itsm_ticket_updated') return undefined;
  const what = noticeNames[record.notice] ?? `the “${statusLabel(record.notice)}” notice`;
  const to =
    record.channel === 'slack_channel'
      ? `in ${names.channel(record.recipient) ? `${names.channel(record.recipient)}’s channel` : 'the support team’s channel'}`
      : `to ${personNamed(record.recipient, names)} ${record.channel === 'email' ? 'by e-mail' : 'in Slack'}`;
  const subject = record.subject ? ` (“${clip(record.subject, 120)}”)` : '';
  const verb = record.channel === 'slack_channel' ? 'posted' : 'sent';
  switch (record.status) {
    case 'sent':
      return { at: record.at, actor: otto, text: `${verb} ${what} ${to}${subject}.`, failed: false };
    case 'failed':
      return { at: record.at, actor: otto, text: `could not send ${what} ${to}; it gave up.`, failed: true };
    default:
      return { at: record.at, actor: otto, text: `is sending ${what} ${to}.`, failed: false };
  }
}

function eventLine(record: HistoryRecord & { kind: 'event' }, names: HistoryNames): HistoryLine | undefined {
  const d = record.detail ?? {};
  const ticket = str(d.itsmTicketId) ? `ITSM ticket #${d.itsmTicketId}` : 'the ITSM ticket';
  const by = str(d.by) ? actorOf(String(d.by), names) : null;
  const line = (actor: HistoryActor | null, text: string, failed = !record.ok): HistoryLine => ({
    at: record.at,
    actor,
    text: actor ? text : text.charAt(0).toUpperCase() + text.slice(1),
    failed,
  });
  if (!record.ok) {
    const error = str(d.error) ? ` (${clip(String(d.error), 160)})` : '';
    const retry = d.retryAt ? when(new Date(String(d.retryAt)), names) : undefined;
    const again = retry ? `; Otto tries again ${retry}` : '';
    switch (record.eventKind) {
      case 'itsm_lookup':
        return line(otto, `could not look up the replacement in the ITSM${error}.`);
      case 'itsm_ticket_state_read':
        return line(otto, `could not read the state of ${ticket}${error}.`);
      case 'mac_mdm_request_skipped':
        return line(otto, 'did not ask Mac Engineering for MDM setup: no address for them is set up.');
      case 'itsm_ticket_cancelled': {
        const status = str(d.status) ? ` (“${clip(String(d.status), 60)}”)` : '';
        return line(
          null,
          `${ticket} was cancelled in the ITSM${status}: Otto no longer checks it, and lists the ticket under Problems.`,
        );
      }
      case 'generic_slot_skipped':
        return line(otto, 'could not book the delivery: the ticket has no support team.');
      case 'itsm_create_ticket':
      case 'itsm_update_ticket':
      case 'itsm_close_task': {
        const op = record.eventKind.replace(/^itsm_/, '');
        return line(otto, `could not ask the ITSM to ${requestNames[op] ?? 'do it'}${error}${again}.`);
      }
      default:
        return line(otto, `could not ${statusLabel(record.eventKind)}${error}${again}.`);
    }
  }
  switch (record.eventKind) {
    case 'itsm_ticket_created': {
      const kind = str(d.kind) ?? 'refresh';
      // What the ITSM could not do beside the ticket, e.g. a replacement it could not attach.
      const warnings = Array.isArray(d.warnings)
        ? d.warnings.filter(str).map((w) => clip(String(w), 200))
        : [];
      const but = warnings.length > 0 ? `, but ${warnings.join('; ')}` : '';
      return line(null, `${ticket} was opened for ${itsmKinds[kind] ?? 'the refresh'}${but}.`);
    }
    case 'itsm_ticket_updated': {
      const redated = Array.isArray(d.tasks) && d.tasks.length > 0;
      const what = [d.noted ? 'a note' : '', redated ? 'new task dates' : ''].filter(Boolean).join(' and ');
      return line(null, `${ticket} was updated${what ? ` with ${what}` : ''}.`);
    }
    case 'itsm_task_closed':
      return line(otto, `closed ${taskNames[String(d.taskKind)] ?? 'a task'} on ${ticket}.`);
    case 'itsm_task_done':
      return line(by, `marked ${taskNames[String(d.taskKind)] ?? 'a task'} done on ${ticket}.`);
    case 'itsm_ticket_installed':
      return line(by, `marked ${ticket} installed.`);
    case 'itsm_ticket_closed':
      return line(by, `closed ${ticket}.`);
    case 'itsm_lookup': {
      const serial = str(d.serial) ? ` ${d.serial}` : '';
      return d.found === true
        ? line(otto, `found the replacement${serial} in the ITSM.`)
        : line(otto, `looked for the replacement${serial} in the ITSM; it is not there yet.`);
    }
    case 'itsm_ticket_state_read':
      return line(
        otto,
        `checked ${ticket}: ${d.closed === true ? 'closed' : d.cancelled === true ? 'cancelled' : d.installed === true ? 'installed, not closed yet' : 'still open'}.`,
      );
    case 'refresh_installed':
      return line(null, `${ticket} says the replacement is installed.`);
    case 'changed_location': {
      const place = (value: unknown) => {
        const l = (value ?? {}) as { building?: unknown; room?: unknown };
        const text = [str(l.building), str(l.room) && `room ${l.room}`].filter(Boolean).join(', ');
        return text || 'no location';
      };
      const customer = { name: 'The customer', slackUserId: null };
      if (!d.to) return line(customer, 'gave a location other than the inventory’s.');
      return line(customer, `gave the location as ${place(d.to)}; the inventory had ${place(d.from)}.`);
    }
    default:
      return line(
        null,
        `${statusLabel(record.eventKind)}.`.replace(/^./, (c) => c.toUpperCase()),
      );
  }
}
