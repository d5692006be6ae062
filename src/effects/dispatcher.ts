import type { WebClient } from '@slack/web-api';
import { and, asc, eq, gt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { emailLog } from '../../db/schema/email-log.js';
import { events } from '../../db/schema/events.js';
import { outbox } from '../../db/schema/outbox.js';
import { refreshTickets } from '../../db/schema/refresh-tickets.js';
import type { Clock } from '../clock.js';
import type { MailTransport } from '../domain/enums.js';
import { deliverItsmRequest, type ItsmDelivery, itsmFailureEventKind } from '../itsm/deliver.js';
import { itsmDeliveryFailure } from '../itsm/errors.js';
import type { ItsmPort } from '../itsm/port.js';
import { ItsmRequest } from '../itsm/port.js';
import type { Mailer } from '../mail/mailer.js';
import type { EmailTemplates } from '../mail/templates.js';
import { deliverSlackNotice } from './deliver-slack.js';
import { renderEmailRow, renderSlackRow } from './render/index.js';
import { backoffMs, classifyDeliveryError, UndeliverableNotice } from './retry-policy.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface DispatcherLogger {
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  /** Built with `rejectRateLimitedCalls: true, retryConfig: { retries: 0 }`: retries are ours. */
  slack: WebClient;
  mailer: Mailer;
  templates: EmailTemplates;
  logger?: DispatcherLogger;
  batchSize?: number;
  pollIntervalMs?: number;
  /** The right-hand side of every Message-ID, e.g. the app's host name. */
  messageIdDomain: string;
  itsm: ItsmPort;
}

export interface DispatchResult {
  sent: number;
  retried: number;
  failed: number;
}

export interface Dispatcher {
  /** Delivers every due row once; runs never overlap. */
  runOnce(): Promise<DispatchResult>;
  /** Runs at once, then every pollIntervalMs. */
  start(): void;
  /** Services call it after commit so a notice goes out at once. */
  kick(): void;
  /**
   * Stops polling, waits for the row in progress and closes the mailer (its pooled SMTP
   * connection); a stopped dispatcher delivers nothing more.
   */
  stop(): Promise<void>;
}

/** Stable per notice, so a resend after a crash is the same message to every mail client. */
export function noticeMessageId(outboxId: number, domain: string): string {
  return `<otto-notice-${outboxId}@${domain}>`;
}

interface Delivery {
  ref: string;
  email?: { to: string; subject: string; messageId: string; transport: MailTransport };
  itsm?: ItsmDelivery;
}

type Outcome = 'sent' | 'retried' | 'failed' | 'skipped';

const isSlack = (channel: OutboxRow['channel']) => channel === 'slack_dm' || channel === 'slack_channel';

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, clock, slack, mailer, templates, messageIdDomain, itsm } = options;
  const logger = options.logger ?? console;
  const batchSize = options.batchSize ?? 50;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;

  // Pending rows whose time has come, and rows left `sending` by a crash: nobody else is sending them.
  const selectDue = prepared(
    db
      .select()
      .from(outbox)
      .where(
        and(
          gt(outbox.id, sql.placeholder('afterId')),
          or(
            and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, sql.placeholder('now'))),
            eq(outbox.status, 'sending'),
          ),
        ),
      )
      .orderBy(asc(outbox.id))
      .limit(sql.placeholder('limit')),
    'dispatcher-select-due',
  );

  let chain: Promise<unknown> = Promise.resolve();
  let started = false;
  let stopped = false;
  let cycling = false;
  let kicked = false;
  let timer: NodeJS.Timeout | undefined;

  function runOnce(): Promise<DispatchResult> {
    const run = chain.then(deliverDue);
    chain = run.catch(() => undefined);
    return run;
  }

  // One row at a time: claimed, delivered, and marked sent as soon as its own answer is back,
  // before the next is claimed. A crash can then repeat at most the one notice in flight (an
  // e-mail, since SMTP cannot be asked what arrived; Slack is checked first, see deliverSlackNotice).
  async function deliverDue(): Promise<DispatchResult> {
    const result: DispatchResult = { sent: 0, retried: 0, failed: 0 };
    // After a 429 the other Slack rows of this run would only meet another 429.
    let slackPausedUntil = 0;
    let afterId = 0;
    while (!stopped) {
      const rows = await selectDue.execute({ afterId, now: clock.now(), limit: batchSize });
      if (rows.length === 0) break;
      for (const row of rows) {
        afterId = row.id;
        if (isSlack(row.channel) && clock.now().getTime() < slackPausedUntil) continue;
        const outcome = await deliverRow(row, (until) => {
          slackPausedUntil = until;
        });
        if (outcome !== 'skipped') result[outcome] += 1;
        if (stopped) break;
      }
    }
    return result;
  }

  async function deliverRow(row: OutboxRow, pauseSlack: (until: number) => void): Promise<Outcome> {
    const claimed = await claim(row);
    if (!claimed) return 'skipped';
    let delivery: Delivery;
    try {
      delivery = await deliver(claimed);
    } catch (error) {
      const failure = itsmDeliveryFailure(error) ?? classifyDeliveryError(error);
      const now = clock.now();
      if (failure.kind === 'rate_limited' && isSlack(claimed.channel)) {
        pauseSlack(now.getTime() + failure.retryAfterMs);
      }
      const retryAt =
        failure.kind === 'permanent'
          ? undefined
          : new Date(
              now.getTime() +
                (failure.kind === 'rate_limited' ? failure.retryAfterMs : backoffMs(claimed.attempts)),
            );
      try {
        await recordFailure(claimed, failure.reason, retryAt);
      } catch (recordError) {
        logger.error(`outbox ${claimed.id}: could not record a failed attempt; it is due again`, recordError);
        return 'retried';
      }
      if (!retryAt) {
        logger.error(
          `outbox ${claimed.id} (${claimed.notice}, ${claimed.channel}) failed: ${failure.reason}`,
        );
        return 'failed';
      }
      logger.warn(
        `outbox ${claimed.id} (${claimed.notice}, ${claimed.channel}) attempt ${claimed.attempts}: ${failure.reason}; retry at ${retryAt.toISOString()}`,
      );
      return 'retried';
    }
    try {
      await markSent(claimed, delivery);
    } catch (error) {
      // Left `sending`: the next run looks for the message before sending again.
      logger.error(`outbox ${claimed.id} was delivered (${delivery.ref}) but not marked`, error);
      return 'retried';
    }
    return 'sent';
  }

  /** Guarded: a row someone else claimed (status or attempts moved) comes back undefined. */
  async function claim(row: OutboxRow): Promise<OutboxRow | undefined> {
    const [claimed] = await db
      .update(outbox)
      .set({ status: 'sending', claimedAt: clock.now(), attempts: row.attempts + 1 })
      .where(and(eq(outbox.id, row.id), eq(outbox.status, row.status), eq(outbox.attempts, row.attempts)))
      .returning();
    return claimed;
  }

  async function deliver(row: OutboxRow): Promise<Delivery> {
    if (row.channel === 'itsm') {
      const parsed = ItsmRequest.safeParse(row.payload);
      if (!parsed.success) throw new UndeliverableNotice(`invalid ITSM request: ${parsed.error.message}`);
      const delivered = await deliverItsmRequest(itsm, db, parsed.data, row.ticketId);
      return { ref: delivered.ref, itsm: delivered };
    }
    // A notice is rendered as it leaves: Slack blocks from blocks/, the e-mail from templates/.
    if (row.channel === 'email') {
      const { template, subject, data, attachments } = renderEmailRow(row);
      const messageId = noticeMessageId(row.id, messageIdDomain);
      const { html, text } = templates.render(template, subject, data);
      const sent = await mailer.send({ to: row.recipient, subject, html, text, messageId, attachments });
      return { ref: messageId, email: { to: row.recipient, subject, messageId, transport: sent.transport } };
    }
    const ref = await deliverSlackNotice(slack, {
      outboxId: row.id,
      channel: row.channel,
      recipient: row.recipient,
      payload: renderSlackRow(row),
      mayHaveBeenPosted: row.attempts > 1,
    });
    return { ref };
  }

  async function markSent(row: OutboxRow, delivery: Delivery): Promise<void> {
    const now = clock.now();
    await db.transaction(async (tx) => {
      const [marked] = await tx
        .update(outbox)
        .set({ status: 'sent', deliveredAt: now, deliveryRef: delivery.ref, lastError: null })
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending'), eq(outbox.attempts, row.attempts)))
        .returning({ id: outbox.id });
      if (!marked) {
        logger.warn(`outbox ${row.id}: claimed again by someone else while sending`);
        return;
      }
      if (delivery.itsm) {
        const { event, linkTicket } = delivery.itsm;
        await tx.insert(events).values({
          ticketId: row.ticketId,
          source: 'itsm',
          kind: event.kind,
          detail: event.detail,
          at: now,
        });
        if (linkTicket && row.ticketId) {
          await tx
            .update(refreshTickets)
            .set({ itsmTicketId: linkTicket })
            .where(eq(refreshTickets.id, row.ticketId));
        }
      }
      if (delivery.email) {
        await tx
          .insert(emailLog)
          .values({
            outboxId: row.id,
            ticketId: row.ticketId,
            caseId: row.caseId,
            ...delivery.email,
            sentAt: now,
          })
          .onConflictDoNothing({ target: emailLog.outboxId });
      }
    });
  }

  async function recordFailure(row: OutboxRow, reason: string, retryAt: Date | undefined): Promise<void> {
    await db.transaction(async (tx) => {
      await tx
        .update(outbox)
        .set(
          retryAt
            ? { status: 'pending', nextAttemptAt: retryAt, lastError: reason }
            : { status: 'failed', lastError: reason },
        )
        .where(and(eq(outbox.id, row.id), eq(outbox.status, 'sending'), eq(outbox.attempts, row.attempts)));
      // Every ITSM call is on the ticket's record, failed attempts too.
      if (row.channel === 'itsm') {
        await tx.insert(events).values({
          ticketId: row.ticketId,
          source: 'itsm',
          kind: itsmFailureEventKind(row.payload),
          ok: false,
          detail: {
            adapter: itsm.name,
            attempt: row.attempts,
            error: reason,
            retryAt: retryAt?.toISOString() ?? null,
          },
          at: clock.now(),
        });
      }
    });
  }

  function cycle(): void {
    if (stopped) return;
    clearTimeout(timer);
    if (cycling) {
      kicked = true;
      return;
    }
    cycling = true;
    void runOnce()
      .catch((error: unknown) => logger.error('outbox run failed', error))
      .finally(() => {
        cycling = false;
        if (stopped) return;
        if (kicked) {
          kicked = false;
          cycle();
          return;
        }
        timer = setTimeout(cycle, pollIntervalMs);
        timer.unref();
      });
  }

  return {
    runOnce,
    start() {
      if (started) return;
      started = true;
      stopped = false;
      cycle();
    },
    kick() {
      if (stopped) return;
      if (started) cycle();
      else void runOnce().catch((error: unknown) => logger.error('outbox run failed', error));
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
      mailer.close();
    },
  };
}
