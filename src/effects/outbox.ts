import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { insertRows } from '../../db/bulk.js';
import type { Db, Tx } from '../../db/client.js';
import { prepared, preparedFor } from '../../db/prepared.js';
import { outbox } from '../../db/schema/index.js';
import {
  type NoticeChannel,
  type NoticeKind,
  type NoticeViewInput,
  noticeGoesBy,
  notices,
} from '../domain/notices/index.js';
import { SlackChannelId, SlackUserId } from '../domain/slack-ids.js';
import { ItsmRequest, type ItsmRequestInput } from '../itsm/port.js';

const recipientOf: Record<NoticeChannel, z.ZodType<string>> = {
  slack_dm: SlackUserId,
  slack_channel: SlackChannelId,
  email: z.email(),
};

const RowIds = z.object({
  ticketId: z.number().int().positive().optional(),
  caseId: z.number().int().positive().optional(),
  /** Enqueueing the same key again writes nothing. */
  dedupeKey: z.string().min(1).optional(),
});
type RowIds = z.input<typeof RowIds>;

/** A notice for one address: its kind and its view, rendered only when it is delivered. */
export type NoticeInput<K extends NoticeKind = NoticeKind> = {
  [Kind in K]: {
    channel: NoticeChannel;
    recipient: string;
    kind: Kind;
    view: NoticeViewInput<Kind>;
  } & RowIds;
}[K];

/** The outbox row a notice or an ITSM request becomes, checked. */
interface OutboxWrite {
  channel: (typeof outbox.$inferInsert)['channel'];
  recipient: string;
  notice: string;
  payload: Record<string, unknown>;
  ticketId?: number | undefined;
  caseId?: number | undefined;
  dedupeKey?: string | undefined;
  /** E-mails: the random part of the Message-ID. */
  mailKey?: string | undefined;
}

/** Checks the view against its kind's schema: bad data fails the change that causes the notice, not its delivery. */
function checkedView(kind: NoticeKind, view: unknown): Record<string, unknown> {
  const definition = notices[kind] as { view: z.ZodType<Record<string, unknown>> } | undefined;
  if (!definition) throw new Error(`Otto sends no notice of kind ${kind}`);
  return definition.view.parse(view);
}

function noticeWrite(
  input: NoticeInput,
  view = checkedView(input.kind, input.view),
  ids: RowIds = RowIds.parse({ ticketId: input.ticketId, caseId: input.caseId, dedupeKey: input.dedupeKey }),
): OutboxWrite {
  if (!noticeGoesBy(input.kind, input.channel)) {
    throw new Error(`a ${input.kind} notice is not sent by ${input.channel}`);
  }
  return {
    channel: input.channel,
    recipient: recipientOf[input.channel].parse(input.recipient),
    notice: input.kind,
    payload: view,
    ...(input.channel === 'email' && { mailKey: randomBytes(12).toString('hex') }),
    ...ids,
  };
}

/** One row's values, its placeholders suffixed by `n` (a statement may write several). */
const noticeValues = (n: string) => ({
  channel: sql.placeholder(`channel${n}`),
  recipient: sql.placeholder(`recipient${n}`),
  notice: sql.placeholder(`notice${n}`),
  payload: sql.placeholder(`payload${n}`),
  payloadForm: 'view' as const,
  ticketId: sql.placeholder(`ticketId${n}`),
  caseId: sql.placeholder(`caseId${n}`),
  dedupeKey: sql.placeholder(`dedupeKey${n}`),
  mailKey: sql.placeholder(`mailKey${n}`),
  status: 'pending' as const,
  attempts: 0,
  nextAttemptAt: sql.placeholder('now'),
  createdAt: sql.placeholder('now'),
});

// Every notice and ITSM request is one row: the inserts are prepared once per database handle
// (the query builder costs some 0.4 ms a row), and run inside whatever transaction the handle
// holds. A person's pair (DM and e-mail) is one statement of two rows.
const statements = preparedFor((db) => ({
  insertNotice: prepared(
    db
      .insert(outbox)
      .values(noticeValues(''))
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id }),
    'outbox-insert-notice',
  ),
  insertPair: prepared(
    db
      .insert(outbox)
      .values([noticeValues('0'), noticeValues('1')])
      .onConflictDoNothing({ target: outbox.dedupeKey })
      .returning({ id: outbox.id, channel: outbox.channel }),
    'outbox-insert-notice-pair',
  ),
}));

/** A row's placeholder values, suffixed by `n`. */
function rowValues(row: OutboxWrite, n: string): Record<string, unknown> {
  return {
    [`channel${n}`]: row.channel,
    [`recipient${n}`]: row.recipient,
    [`notice${n}`]: row.notice,
    [`payload${n}`]: row.payload,
    [`ticketId${n}`]: row.ticketId ?? null,
    [`caseId${n}`]: row.caseId ?? null,
    [`dedupeKey${n}`]: row.dedupeKey ?? null,
    [`mailKey${n}`]: row.mailKey ?? null,
  };
}

async function insertRow(tx: Db | Tx, row: OutboxWrite, now: Date): Promise<number | undefined> {
  const [inserted] = await statements(tx).insertNotice.execute({ ...rowValues(row, ''), now });
  return inserted?.id;
}

/**
 * Writes a notice to the outbox inside the caller's transaction. Returns the outbox id, or
 * undefined when `dedupeKey` was already used.
 */
export async function enqueueNotice<K extends NoticeKind>(
  tx: Db | Tx,
  input: NoticeInput<K>,
  now: Date,
): Promise<number | undefined> {
  return await insertRow(tx, noticeWrite(input as NoticeInput), now);
}

/** Queues an ITSM request (create, update, close a task) for after commit; the outcome is recorded as an event on the ticket. */
export async function enqueueItsmRequest(
  tx: Db | Tx,
  request: ItsmRequestInput,
  options: { ticketId?: number; dedupeKey?: string },
  now: Date,
): Promise<number | undefined> {
  // ITSM requests travel the same durable road: an outage delays them, loses none.
  const notice = request.operation === 'create_ticket' ? `itsm_${request.kind}` : `itsm_${request.operation}`;
  const row: OutboxWrite = {
    channel: 'itsm',
    recipient: 'itsm',
    notice,
    payload: ItsmRequest.parse(request),
    ...RowIds.parse(options),
  };
  return await insertRow(tx, row, now);
}

/** A person's two addresses; a notice goes to each that is known. */
export interface NoticeAddress {
  slackUserId?: string | null | undefined;
  email?: string | null | undefined;
}

export type CustomerNoticeInput<K extends NoticeKind = NoticeKind> = {
  [Kind in K]: {
    /** The customer, or their delegate when one is set: services/notices decides. */
    to: NoticeAddress;
    kind: Kind;
    view: NoticeViewInput<Kind>;
  } & Omit<RowIds, 'dedupeKey'> & {
      /** Suffixed per channel, so each of the pair is written once. */
      dedupeKey?: string | undefined;
    };
}[K];

export interface CustomerNoticeIds {
  slackDm?: number | undefined;
  email?: number | undefined;
}

/** The usual pair for a person, as outbox rows: a Slack DM and an e-mail, each to whichever address is known. */
function customerNoticePair(input: CustomerNoticeInput): Array<[keyof CustomerNoticeIds, OutboxWrite]> {
  const { to, kind, ticketId, caseId, dedupeKey } = input;
  const channels: Array<[keyof CustomerNoticeIds, NoticeChannel, string]> = [];
  if (to.slackUserId) channels.push(['slackDm', 'slack_dm', to.slackUserId]);
  if (to.email) channels.push(['email', 'email', to.email]);
  if (channels.length === 0) return [];
  // One view and one set of ids for both: checked once.
  const view = checkedView(kind, input.view);
  const ids = RowIds.parse({ ticketId, caseId, dedupeKey });
  return channels.map(([key, channel, recipient]) => [
    key,
    noticeWrite({ channel, recipient, kind, view: input.view } as NoticeInput, view, {
      ...ids,
      dedupeKey: ids.dedupeKey && `${ids.dedupeKey}:${channel}`,
    }),
  ]);
}

/** The usual pair for a person: a Slack DM and an e-mail, each to whichever address is known. */
export async function enqueueCustomerNotice<K extends NoticeKind>(
  tx: Db | Tx,
  input: CustomerNoticeInput<K>,
  now: Date,
): Promise<CustomerNoticeIds> {
  const ids: CustomerNoticeIds = {};
  const pair = customerNoticePair(input as CustomerNoticeInput);
  const [first, second] = pair;
  if (first && second) {
    const inserted = await statements(tx).insertPair.execute({
      ...rowValues(first[1], '0'),
      ...rowValues(second[1], '1'),
      now,
    });
    for (const [key, row] of pair) ids[key] = inserted.find((r) => r.channel === row.channel)?.id;
    return ids;
  }
  for (const [key, row] of pair) ids[key] = await insertRow(tx, row, now);
  return ids;
}

/** A person's notice pair, checked and ready to be written with many others (`enqueueCustomerNotices`). */
export interface CheckedCustomerNotice {
  readonly rows: readonly OutboxWrite[];
}

/**
 * Checks a customer notice as `enqueueCustomerNotice` would (throwing on a malformed address or
 * view) without writing it, so a run over many people can leave out the one that fails.
 */
export function checkCustomerNotice<K extends NoticeKind>(
  input: CustomerNoticeInput<K>,
): CheckedCustomerNotice {
  return { rows: customerNoticePair(input as CustomerNoticeInput).map(([, row]) => row) };
}

/**
 * Writes many checked notices in multi-row statements inside the caller's transaction: what a
 * timer or the digest sends to thousands of people at once. Rows whose dedupe key was already
 * used are skipped. Gives, for each notice in order, the channels it was written for.
 */
export async function enqueueCustomerNotices(
  tx: Db | Tx,
  notices: readonly CheckedCustomerNotice[],
  now: Date,
): Promise<NoticeChannel[][]> {
  const rows = notices.flatMap((notice) =>
    notice.rows.map((row) => ({
      ...row,
      payloadForm: 'view' as const,
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    })),
  );
  const { returned } = await insertRows(tx, outbox, rows, {
    onConflictDoNothing: ['dedupeKey'],
    returning: ['dedupeKey'],
  });
  const written = new Set(returned.map(([dedupeKey]) => dedupeKey));
  // A row without a dedupe key cannot meet one: it was written.
  return notices.map((notice) =>
    notice.rows
      .filter((row) => row.dedupeKey === undefined || written.has(row.dedupeKey))
      .map((row) => row.channel as NoticeChannel),
  );
}
