import type { Block, KnownBlock } from '@slack/types';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../db/client.js';
import { preparedFor } from '../../db/prepared.js';
import { outbox } from '../../db/schema/outbox.js';
import { SlackChannelId, SlackUserId } from '../domain/slack-ids.js';
import { ItsmRequest, type ItsmRequestInput } from '../itsm/port.js';
import { type EmailTemplateName, emailTemplateData, emailTemplateNames } from '../mail/template-data.js';

const SlackBlock = z.custom<KnownBlock | Block>(
  (value) =>
    typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string',
  'a Block Kit block',
);

/** A DM: `text` is the notification and screen-reader text, `blocks` what the message shows. */
export const SlackMessagePayload = z.object({
  text: z.string().min(1).max(4000),
  blocks: z.array(SlackBlock).max(50).optional(),
});
export type SlackMessagePayload = z.infer<typeof SlackMessagePayload>;

export const SlackChannelPayload = SlackMessagePayload.extend({ thread_ts: z.string().min(1).optional() });
export type SlackChannelPayload = z.infer<typeof SlackChannelPayload>;

export const EmailAttachment = z.object({
  filename: z.string().min(1).max(100),
  contentType: z.string().min(1).max(100),
  content: z.string().max(100_000),
});
export type EmailAttachment = z.infer<typeof EmailAttachment>;

export const EmailPayload = z
  .object({
    template: z.enum(emailTemplateNames),
    subject: z.string().min(1).max(250),
    data: z.record(z.string(), z.unknown()),
    /** Small text attachments, e.g. the booking's .ics invitation. */
    attachments: z.array(EmailAttachment).max(5).optional(),
  })
  .superRefine((payload, ctx) => {
    // Bad template data fails the change that causes the notice, not the delivery later.
    const parsed = emailTemplateData[payload.template].safeParse(payload.data);
    for (const issue of parsed.error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: ['data', ...issue.path] });
    }
  });
export type EmailPayload = z.infer<typeof EmailPayload>;

const noticeFields = {
  /** What the notice is (invitation, approval_requested, …): for the log and for tests. */
  notice: z.string().min(1),
  ticketId: z.number().int().positive().optional(),
  caseId: z.number().int().positive().optional(),
  /** Enqueueing the same key again writes nothing. */
  dedupeKey: z.string().min(1).optional(),
};

export const Notice = z.discriminatedUnion('channel', [
  z.object({
    channel: z.literal('slack_dm'),
    recipient: SlackUserId,
    payload: SlackMessagePayload,
    ...noticeFields,
  }),
  z.object({
    channel: z.literal('slack_channel'),
    recipient: SlackChannelId,
    payload: SlackChannelPayload,
    ...noticeFields,
  }),
  z.object({ channel: z.literal('email'), recipient: z.email(), payload: EmailPayload, ...noticeFields }),
  // ITSM requests travel the same durable road: an outage delays them, loses none.
  z.object({
    channel: z.literal('itsm'),
    recipient: z.literal('itsm'),
    payload: ItsmRequest,
    ...noticeFields,
  }),
]);
export type Notice = z.infer<typeof Notice>;
export type NoticeInput = z.input<typeof Notice>;

/**
 * Writes a notice to the outbox inside the caller's transaction (synchronous: never await
 * inside one). Returns the outbox id, or undefined when `dedupeKey` was already used.
 */
export function enqueueNotice(tx: Db | Tx, input: NoticeInput, now: Date): number | undefined {
  const notice = Notice.parse(input);
  const row = tx
    .insert(outbox)
    .values({
      channel: notice.channel,
      recipient: notice.recipient,
      notice: notice.notice,
      payload: notice.payload,
      ticketId: notice.ticketId,
      caseId: notice.caseId,
      dedupeKey: notice.dedupeKey,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id })
    .get();
  return row?.id;
}

export interface CustomerNoticeInput<T extends EmailTemplateName = 'notice'> {
  /** The customer, or their delegate when one is set: the service decides. */
  slackUserId?: string | null | undefined;
  email?: string | null | undefined;
  notice: string;
  /** The DM. */
  text: string;
  blocks?: readonly (KnownBlock | Block)[] | undefined;
  /** The e-mail; `template` defaults to `notice`. */
  template?: T;
  subject: string;
  data: z.input<(typeof emailTemplateData)[T]>;
  attachments?: EmailAttachment[] | undefined;
  ticketId?: number | undefined;
  caseId?: number | undefined;
  /** Suffixed per channel, so each of the pair is written once. */
  dedupeKey?: string | undefined;
}

export interface CustomerNoticeIds {
  slackDm?: number | undefined;
  email?: number | undefined;
}

/** Queues an ITSM request (create, update, close a task) for after commit; the outcome is recorded as an event on the ticket. */
export function enqueueItsmRequest(
  tx: Db | Tx,
  request: ItsmRequestInput,
  options: { ticketId?: number; dedupeKey?: string },
  now: Date,
): number | undefined {
  const notice = request.operation === 'create_ticket' ? `itsm_${request.kind}` : `itsm_${request.operation}`;
  return enqueueNotice(tx, { channel: 'itsm', recipient: 'itsm', notice, payload: request, ...options }, now);
}

/** The usual pair for a person, as outbox notices: a Slack DM and an e-mail, each to whichever address is known. */
function customerNoticePair<T extends EmailTemplateName>(
  input: CustomerNoticeInput<T>,
): Array<[keyof CustomerNoticeIds, NoticeInput]> {
  const { notice, ticketId, caseId, dedupeKey } = input;
  const pair: Array<[keyof CustomerNoticeIds, NoticeInput]> = [];
  if (input.slackUserId) {
    pair.push([
      'slackDm',
      {
        channel: 'slack_dm',
        recipient: input.slackUserId,
        payload: { text: input.text, blocks: input.blocks && [...input.blocks] },
        notice,
        ticketId,
        caseId,
        dedupeKey: dedupeKey && `${dedupeKey}:slack_dm`,
      },
    ]);
  }
  if (input.email) {
    pair.push([
      'email',
      {
        channel: 'email',
        recipient: input.email,
        payload: {
          template: input.template ?? 'notice',
          subject: input.subject,
          data: input.data,
          ...(input.attachments && { attachments: input.attachments }),
        },
        notice,
        ticketId,
        caseId,
        dedupeKey: dedupeKey && `${dedupeKey}:email`,
      },
    ]);
  }
  return pair;
}

/** The usual pair for a person: a Slack DM and an e-mail, each to whichever address is known. */
export function enqueueCustomerNotice<T extends EmailTemplateName = 'notice'>(
  tx: Db | Tx,
  input: CustomerNoticeInput<T>,
  now: Date,
): CustomerNoticeIds {
  const ids: CustomerNoticeIds = {};
  for (const [key, notice] of customerNoticePair(input)) ids[key] = enqueueNotice(tx, notice, now);
  return ids;
}

const statements = preparedFor((db) => ({
  insertNotice: db
    .insert(outbox)
    .values({
      channel: sql.placeholder('channel'),
      recipient: sql.placeholder('recipient'),
      notice: sql.placeholder('notice'),
      payload: sql.placeholder('payload'),
      ticketId: sql.placeholder('ticketId'),
      caseId: sql.placeholder('caseId'),
      dedupeKey: sql.placeholder('dedupeKey'),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: sql.placeholder('now'),
      createdAt: sql.placeholder('now'),
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id })
    .prepare(),
}));

export interface NoticeWriter {
  notice(input: NoticeInput, now: Date): number | undefined;
  customerNotice<T extends EmailTemplateName>(input: CustomerNoticeInput<T>, now: Date): CustomerNoticeIds;
}

/**
 * `enqueueNotice` and `enqueueCustomerNotice` (same checks, rows and dedupe keys) through one
 * prepared insert, for jobs that write thousands of notices: the query builder costs some 0.4 ms
 * a row. The statement runs on the connection, so inside a transaction it is part of it.
 */
export function noticeWriter(db: Db): NoticeWriter {
  const { insertNotice } = statements(db);
  const notice = (input: NoticeInput, now: Date): number | undefined => {
    const parsed = Notice.parse(input);
    return insertNotice.get({
      channel: parsed.channel,
      recipient: parsed.recipient,
      notice: parsed.notice,
      payload: parsed.payload,
      ticketId: parsed.ticketId ?? null,
      caseId: parsed.caseId ?? null,
      dedupeKey: parsed.dedupeKey ?? null,
      now,
    })?.id;
  };
  return {
    notice,
    customerNotice(input, now) {
      const ids: CustomerNoticeIds = {};
      for (const [key, pairNotice] of customerNoticePair(input)) ids[key] = notice(pairNotice, now);
      return ids;
    },
  };
}
