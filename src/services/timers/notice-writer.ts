import { sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { preparedFor } from '../../../db/prepared.js';
import { outbox } from '../../../db/schema/index.js';
import {
  type CustomerNoticeIds,
  type CustomerNoticeInput,
  Notice,
  type NoticeInput,
} from '../../effects/outbox.js';
import type { EmailTemplateName } from '../../mail/template-data.js';

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
 * `enqueueNotice` and `enqueueCustomerNotice` (same checks, same rows, same dedupe keys) through one
 * prepared insert: the query builder costs some 0.4 ms a row, too much for a digest of two thousand
 * notices or the invitations of a 5,000-ticket batch. The statement runs on the connection, so
 * called inside a transaction it is part of it.
 */
export function noticeWriter(db: Db): NoticeWriter {
  const { insertNotice } = statements(db);

  function notice(input: NoticeInput, now: Date): number | undefined {
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
  }

  function customerNotice<T extends EmailTemplateName>(
    input: CustomerNoticeInput<T>,
    now: Date,
  ): CustomerNoticeIds {
    const { ticketId, caseId, dedupeKey } = input;
    const ids: CustomerNoticeIds = {};
    if (input.slackUserId) {
      ids.slackDm = notice(
        {
          channel: 'slack_dm',
          recipient: input.slackUserId,
          payload: { text: input.text, blocks: input.blocks && [...input.blocks] },
          notice: input.notice,
          ticketId,
          caseId,
          dedupeKey: dedupeKey && `${dedupeKey}:slack_dm`,
        },
        now,
      );
    }
    if (input.email) {
      ids.email = notice(
        {
          channel: 'email',
          recipient: input.email,
          payload: { template: input.template ?? 'notice', subject: input.subject, data: input.data },
          notice: input.notice,
          ticketId,
          caseId,
          dedupeKey: dedupeKey && `${dedupeKey}:email`,
        },
        now,
      );
    }
    return ids;
  }

  return { notice, customerNotice };
}

/** Lets Slack requests in between two chunks of a long job: a listener must ack within 3 s. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
