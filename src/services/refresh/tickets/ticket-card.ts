import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import {
  audits,
  configBundlePeripherals,
  emailLog,
  events,
  models,
  orderGroups,
  outbox,
  people,
  peripherals,
  scheduleSlots,
  supportTeams,
} from '../../../../db/schema/index.js';
import { personName } from '../../../domain/naming.js';
import {
  type HistoryLine,
  type HistoryNames,
  type HistoryRecord,
  historySentences,
} from '../../../domain/refresh/history.js';
import { allowedEvents } from '../../../domain/refresh/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid, notAllowed } from '../../errors.js';
import { isManager } from '../../people/access.js';
import { isApproverOf } from '../approvals/approvers.js';
import { bookedSlotOf } from '../booking/seats.js';
import { canExchangeReplacement } from '../ordering/exchange-replacement.js';
import { canEditTicket } from './edit-ticket.js';
import { findTicket } from './find-ticket.js';
import { loadTicket, type TicketRow } from './load-ticket.js';
import { loadTicketDetails, type TicketDetails } from './ticket-details.js';
import { isBeforeOrdering } from './ticket-state.js';

export type { HistoryLine } from '../../../domain/refresh/history.js';

/** What the viewer may do from the card; the services check again when they do it. */
export interface TicketCapabilities {
  approve: boolean;
  edit: boolean;
  changeRequest: boolean;
  fillLocation: boolean;
  hold: boolean;
  resume: boolean;
  cancel: boolean;
  reschedule: boolean;
}

/** The latest approve/deny in the ticket's audits; it stays true after the ticket moves on. */
export interface Decision {
  approved: boolean;
  by: string;
  at: Date;
  reason: string | null;
}

/** The peripherals the customer will get: chosen in the wizard, else the config's bundle. */
export interface CardPeripherals {
  items: Array<{ name: string; quantity: number }>;
  /** True while they are the config's bundle (the customer has not walked the wizard yet). */
  fromBundle: boolean;
}

export interface TicketCard {
  details: TicketDetails;
  /** The booked appointment (day1) and the team that delivers it; null while none is booked. */
  appointment: { day1: Date; team: string | null } | null;
  /** The ITSM ticket, with where to open it (its ITSM's page, or its message in the team channel). */
  itsm: { id: string; url: string | null } | null;
  orderGroup: { name: string; poNumber: string | null; requestItem: string | null } | null;
  peripherals: CardPeripherals;
  /** The history in sentences, oldest first. */
  history: HistoryLine[];
  lastDecision: Decision | null;
  can: TicketCapabilities;
  /** The zone its times are written in: its support team's, else the organisation's. */
  timeZone: string;
}

function lastDecisionIn(history: HistoryRecord[]): Decision | null {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const entry = history[i];
    if (entry?.kind !== 'audit' || (entry.action !== 'approve' && entry.action !== 'deny')) continue;
    const reason = entry.changes?.denialReason?.to;
    return {
      approved: entry.action === 'approve',
      by: entry.actor,
      at: entry.at,
      reason: entry.action === 'deny' && typeof reason === 'string' ? reason : null,
    };
  }
  return null;
}

export const TicketCardInput = z.object({
  actor: SlackUserId,
  /** A ticket id, or what staff typed: `12`, `#12` or a serial. */
  ticket: z.union([z.number().int().positive(), z.string().min(1).max(100)]),
});
export type TicketCardInput = z.infer<typeof TicketCardInput>;

const kindOrder = { audit: 0, event: 1, notice: 2 } as const;

/** Audits, notices (with the e-mail log) and events of a ticket, merged in time order. */
export async function ticketHistory(db: Db | Tx, ticketId: number): Promise<HistoryRecord[]> {
  const entries: HistoryRecord[] = [];
  for (const row of await db
    .select()
    .from(audits)
    .where(eq(audits.ticketId, ticketId))
    .orderBy(asc(audits.id))) {
    entries.push({ kind: 'audit', at: row.at, actor: row.actor, action: row.action, changes: row.changes });
  }
  const notices = await db
    .select({
      createdAt: outbox.createdAt,
      notice: outbox.notice,
      channel: outbox.channel,
      recipient: outbox.recipient,
      status: outbox.status,
      payload: outbox.payload,
      subject: emailLog.subject,
    })
    .from(outbox)
    .leftJoin(emailLog, eq(emailLog.outboxId, outbox.id))
    .where(eq(outbox.ticketId, ticketId))
    .orderBy(asc(outbox.id));
  for (const { createdAt, payload, ...row } of notices) {
    const request =
      row.channel === 'itsm'
        ? {
            operation: String(payload.operation ?? ''),
            kind: String(payload.kind ?? ''),
            task: String((payload.task as { kind?: unknown } | undefined)?.kind ?? ''),
          }
        : null;
    entries.push({ kind: 'notice', at: createdAt, ...row, request });
  }
  for (const row of await db
    .select()
    .from(events)
    .where(eq(events.ticketId, ticketId))
    .orderBy(asc(events.id))) {
    entries.push({
      kind: 'event',
      at: row.at,
      source: row.source,
      eventKind: row.kind,
      ok: row.ok,
      detail: row.detail,
    });
  }
  // Stable: rows of one kind keep their insertion order within the same instant.
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || kindOrder[a.kind] - kindOrder[b.kind]);
}

const idsIn = (values: unknown[]) => [
  ...new Set(values.filter((v): v is number => typeof v === 'number' && Number.isInteger(v))),
];

/** Looks up every person, slot, model, peripheral, order group and channel the record names. */
async function historyNames(db: Db | Tx, records: HistoryRecord[], timeZone: string): Promise<HistoryNames> {
  const refs: string[] = [];
  const personIds: unknown[] = [];
  const slotIds: unknown[] = [];
  const modelIds: unknown[] = [];
  const peripheralIds: unknown[] = [];
  const groupIds: unknown[] = [];
  const channels: string[] = [];
  for (const r of records) {
    if (r.kind === 'audit') {
      refs.push(r.actor);
      const c = r.changes ?? {};
      personIds.push(c.delegateId?.from, c.delegateId?.to);
      slotIds.push(c.scheduleSlotId?.from, c.scheduleSlotId?.to);
      modelIds.push(
        c.proposedModelId?.from,
        c.proposedModelId?.to,
        c.chosenModelId?.from,
        c.chosenModelId?.to,
      );
      if (Array.isArray(c.peripheralIds?.to)) peripheralIds.push(...c.peripheralIds.to);
      groupIds.push(c.orderGroupId?.to);
    } else if (r.kind === 'notice') {
      if (r.channel === 'slack_channel') channels.push(r.recipient);
      else refs.push(r.recipient);
    } else if (typeof r.detail?.by === 'string') refs.push(r.detail.by);
  }
  const byRef = new Map<string, string>();
  const slackIds = [...new Set(refs.filter((ref) => SlackUserId.safeParse(ref).success))];
  const emails = [...new Set(refs.filter((ref) => ref.includes('@')))];
  const ids = idsIn(personIds);
  const found = [
    ...(slackIds.length ? await db.select().from(people).where(inArray(people.slackUserId, slackIds)) : []),
    ...(emails.length ? await db.select().from(people).where(inArray(people.email, emails)) : []),
    ...(ids.length ? await db.select().from(people).where(inArray(people.id, ids)) : []),
  ];
  for (const person of found) {
    const name = personName(person);
    byRef.set(String(person.id), name);
    byRef.set(person.email, name);
    if (person.slackUserId) byRef.set(person.slackUserId, name);
  }
  const slots = new Map<number, Date>();
  const slotList = idsIn(slotIds);
  if (slotList.length) {
    for (const slot of await db
      .select({ id: scheduleSlots.id, startsAt: scheduleSlots.startsAt })
      .from(scheduleSlots)
      .where(inArray(scheduleSlots.id, slotList))) {
      slots.set(slot.id, slot.startsAt);
    }
  }
  const modelNames = new Map<number, string>();
  const modelList = idsIn(modelIds);
  if (modelList.length) {
    for (const m of await db.select().from(models).where(inArray(models.id, modelList))) {
      modelNames.set(m.id, `${m.manufacturer} ${m.name}`);
    }
  }
  const peripheralNames = new Map<number, string>();
  const peripheralList = idsIn(peripheralIds);
  if (peripheralList.length) {
    for (const p of await db.select().from(peripherals).where(inArray(peripherals.id, peripheralList))) {
      peripheralNames.set(p.id, p.name);
    }
  }
  const groupNames = new Map<number, string>();
  const groupList = idsIn(groupIds);
  if (groupList.length) {
    for (const g of await db.select().from(orderGroups).where(inArray(orderGroups.id, groupList))) {
      groupNames.set(g.id, g.name);
    }
  }
  const channelNames = new Map<string, string>();
  const channelList = [...new Set(channels)];
  if (channelList.length) {
    for (const t of await db
      .select({ name: supportTeams.name, channel: supportTeams.slackChannelId })
      .from(supportTeams)
      .where(inArray(supportTeams.slackChannelId, channelList))) {
      if (t.channel) channelNames.set(t.channel, t.name);
    }
  }
  return {
    person: (ref) => byRef.get(String(ref)),
    slot: (id) => slots.get(id),
    model: (id) => modelNames.get(id),
    peripheral: (id) => peripheralNames.get(id),
    orderGroup: (id) => groupNames.get(id),
    channel: (id) => channelNames.get(id),
    timeZone,
  };
}

/** The ITSM ticket's page in its ITSM, or (built-in) its message in the support team's channel. */
async function itsmLink(
  ctx: ServiceContext,
  itsmTicketId: string,
): Promise<{ id: string; url: string | null }> {
  if (ctx.itsm.ticketUrl) return { id: itsmTicketId, url: ctx.itsm.ticketUrl(itsmTicketId) ?? null };
  const [posted] = await ctx.db
    .select({ ref: outbox.deliveryRef })
    .from(outbox)
    .where(and(eq(outbox.dedupeKey, `itsm-ticket:${itsmTicketId}`), eq(outbox.status, 'sent')))
    .limit(1);
  const [channel, ts] = (posted?.ref ?? '').split(':');
  const url =
    channel && ts && /^\d+\.\d+$/.test(ts)
      ? `https://slack.com/archives/${channel}/p${ts.replace('.', '')}`
      : null;
  return { id: itsmTicketId, url };
}

/** The peripherals the customer will get: the wizard's choice, else (before it) the config's bundle. */
async function cardPeripherals(
  db: Db | Tx,
  ticket: TicketRow,
  details: TicketDetails,
): Promise<CardPeripherals> {
  const chosen = details.peripherals.map(({ name, quantity }) => ({ name, quantity }));
  if (chosen.length > 0 || ticket.status !== 'pending_customer') return { items: chosen, fromBundle: false };
  const bundle = await db
    .select({ name: peripherals.name, quantity: configBundlePeripherals.quantity })
    .from(configBundlePeripherals)
    .innerJoin(peripherals, eq(peripherals.id, configBundlePeripherals.peripheralId))
    .where(eq(configBundlePeripherals.configId, ticket.configId))
    .orderBy(peripherals.name);
  return { items: bundle, fromBundle: bundle.length > 0 };
}

/**
 * A ticket by id or serial with its history, for refresh managers, admins and the approvers of
 * its config (SPEC §5: `/otto ticket <id|serial>`).
 */
export async function getTicketCard(ctx: ServiceContext, input: TicketCardInput): Promise<TicketCard> {
  const parsed = TicketCardInput.safeParse(input);
  if (!parsed.success) throw invalid('Say which ticket: its number (e.g. `#12`) or a serial number.');
  const { actor, ticket: ref } = parsed.data;
  const manager = await isManager(ctx, actor);
  const ticket = typeof ref === 'number' ? await loadTicket(ctx.db, ref) : await findTicket(ctx.db, ref);
  const approver = await isApproverOf(ctx.db, actor, ticket.configId);
  if (!manager && !approver) {
    throw notAllowed(
      'Only refresh managers, refresh admins and the approvers of its config can look at a ticket.',
    );
  }
  const editor = await canEditTicket(ctx, actor, ticket);
  // The role says who may; the state machine says what the ticket's state allows.
  const allowed = new Set(allowedEvents(ticket));
  const records = await ticketHistory(ctx.db, ticket.id);
  const details = await loadTicketDetails(ctx.db, ticket);
  const timeZone = details.supportTeamTimeZone ?? ctx.calendar.timeZone;
  const slot = await bookedSlotOf(ctx.db, ticket);
  const [group] = ticket.orderGroupId
    ? await ctx.db.select().from(orderGroups).where(eq(orderGroups.id, ticket.orderGroupId)).limit(1)
    : [];
  return {
    details,
    timeZone,
    appointment: slot ? { day1: slot.startsAt, team: details.supportTeam } : null,
    itsm: ticket.itsmTicketId ? await itsmLink(ctx, ticket.itsmTicketId) : null,
    orderGroup: group ? { name: group.name, poNumber: group.poNumber, requestItem: group.requestItem } : null,
    peripherals: await cardPeripherals(ctx.db, ticket, details),
    history: historySentences(records, await historyNames(ctx.db, records, timeZone)),
    lastDecision: lastDecisionIn(records),
    can: {
      approve: approver && allowed.has('approve'),
      edit: editor && (isBeforeOrdering(ticket) || (await canExchangeReplacement(ctx, actor, ticket))),
      changeRequest: editor && !isBeforeOrdering(ticket) && ticket.status !== 'canceled',
      fillLocation: manager && allowed.has('location_provided'),
      hold: manager && allowed.has('hold'),
      resume: manager && allowed.has('resume'),
      cancel: manager && allowed.has('cancel'),
      // Staff change a booking by assigning a time (or asking the customer, from the same form).
      reschedule: manager && allowed.has('slot_assigned'),
    },
  };
}
