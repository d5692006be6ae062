import type { WebClient } from '@slack/web-api';
import { and, asc, eq, gt, lte, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { emailLog, events, outbox, refreshTickets } from '../../db/schema/index.js';
import { afterCommit } from '../../db/scope.js';
import type { Clock } from '../clock.js';
import type { MailTransport } from '../domain/enums.js';
import { deliverItsmRequest, type ItsmDelivery, itsmFailureEventKind } from '../itsm/deliver.js';
import { itsmDeliveryFailure } from '../itsm/errors.js';
import type { ItsmPort } from '../itsm/port.js';
import { ItsmRequest } from '../itsm/port.js';
import type { Mailer } from '../mail/mailer.js';
import type { EmailTemplates } from '../mail/templates.js';
import { removeSlackCopy, uploadCaseFile } from './deliver-case-files.js';
import { deliverSlackNotice, messageRef, updateSlackMessage } from './deliver-slack.js';
import { renderEmailRow, renderSlackRow, webLinkTargetOf } from './render/index.js';
import { backoffMs, classifyDeliveryError, UndeliverableNotice } from './retry-policy.js';
import { issueWebLink, type WebLinkSettings } from './web-links.js';

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
  pollIntervalMs?: number;
  /**
   * How long a row stays claimed by the dispatcher sending it (default two minutes, well past
   * the longest send): a row still `sending` after that was left by a replica that died, and
   * any dispatcher may claim it again.
   */
  sendingLeaseMs?: number;
  /** The right-hand side of every Message-ID, e.g. the app's host name. */
  messageIdDomain: string;
  itsm: ItsmPort;
  /** Signs the e-mails' links to Otto's web pages; without it e-mails carry none. */
  webLinks?: WebLinkSettings | undefined;
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
  /** Services call it when they wrote notices, so they go out at once (after the commit, when in a transaction). */
  kick(): void;
  /**
   * Stops polling, waits for the row in progress and closes the mailer (its pooled SMTP
   * connection); a stopped dispatcher delivers nothing more.
   */
  stop(): Promise<void>;
}

/**
 * Stable per notice, so a resend after a crash is the same message to every mail client; the
 * row's random key makes it unique beyond this database, so a database started afresh never sends
 * a Message-ID a mail server has seen before (and drops). Rows from before the key keep theirs.
 */
export function noticeMessageId(outboxId: number, domain: string, mailKey?: string | null): string {
  return mailKey ? `<otto-notice-${outboxId}.${mailKey}@${domain}>` : `<otto-notice-${outboxId}@${domain}>`;
}

interface Delivery {
  ref: string;
  email?: { to: string; subject: string; messageId: string; transport: MailTransport };
  itsm?: ItsmDelivery;
}

type Outcome = 'sent' | 'retried' | 'failed';

const isSlack = (channel: OutboxRow['channel']) => channel === 'slack_dm' || channel === 'slack_channel';

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, clock, slack, mailer, templates, messageIdDomain, itsm, webLinks } = options;
  const logger = options.logger ?? console;
  const pollIntervalMs = options.pollIntervalMs ?? 2000;

  const sendingLeaseMs = options.sendingLeaseMs ?? 120_000;
  const slackChannels: OutboxRow['channel'][] = ['slack_dm', 'slack_channel'];

  /**
   * Claims the next due row after `afterId`, in one statement: a pending row whose time has
   * come, or a row left `sending` past its lease by a dispatcher that died. The claim is the
   * attempt count it sets, and every later write checks it. On PostgreSQL the row is picked
   * `for update skip locked`, so dispatchers on several replicas take different rows instead of
   * queueing on one; SQLite runs one write at a time anyway.
   */
  async function claimNext(afterId: number, skip: OutboxRow['channel'][]): Promise<OutboxRow | undefined> {
    const now = clock.now();
    const due = and(
      gt(outbox.id, afterId),
      or(
        and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)),
        and(eq(outbox.status, 'sending'), lte(outbox.claimedAt, new Date(now.getTime() - sendingLeaseMs))),
      ),
      skip.length > 0 ? notInArray(outbox.channel, skip) : undefined,
    );
    const pick = db.select({ id: outbox.id }).from(outbox).where(due).orderBy(asc(outbox.id)).limit(1);
    const next: SQL =
      db.engine === 'postgres'
        ? sql`(${(pick as unknown as { for(strength: 'update', config: { skipLocked: true }): SQL }).for('update', { skipLocked: true })})`
        : sql`(${pick})`;
    const [claimed] = await db
      .update(outbox)
      .set({ status: 'sending', claimedAt: now, attempts: sql`${outbox.attempts} + 1` })
      .where(and(eq(outbox.id, next), due))
      .returning();
    return claimed;
  }

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
    // After a 429 the other Slack rows of this run would only meet another 429; after the ITSM's
    // rate limit sent a request back, the other ITSM rows wait for the next run, untouched.
    let slackPausedUntil = 0;
    let itsmPausedUntil = 0;
    let afterId = 0;
    while (!stopped) {
      const at = clock.now().getTime();
      const skip = [
        ...(at < slackPausedUntil ? slackChannels : []),
        ...(at < itsmPausedUntil ? ['itsm' as const] : []),
      ];
      const claimed = await claimNext(afterId, skip);
      if (!claimed) break;
      afterId = claimed.id;
      const outcome = await deliverRow(claimed, (until) => {
        if (claimed.channel === 'itsm') itsmPausedUntil = until;
        else slackPausedUntil = until;
      });
      result[outcome] += 1;
    }
    return result;
  }

  async function deliverRow(claimed: OutboxRow, pause: (until: number) => void): Promise<Outcome> {
    let delivery: Delivery;
    try {
      delivery = await deliver(claimed);
    } catch (error) {
      const failure = itsmDeliveryFailure(error) ?? classifyDeliveryError(error);
      const now = clock.now();
      if (failure.kind === 'rate_limited' && (isSlack(claimed.channel) || claimed.channel === 'itsm')) {
        pause(now.getTime() + failure.retryAfterMs);
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

  async function deliver(row: OutboxRow): Promise<Delivery> {
    if (row.channel === 'itsm') {
      const parsed = ItsmRequest.safeParse(row.payload);
      if (!parsed.success) throw new UndeliverableNotice(`invalid ITSM request: ${parsed.error.message}`);
      const delivered = await deliverItsmRequest(itsm, db, parsed.data, row.ticketId, { id: row.id, clock });
      return { ref: delivered.ref, itsm: delivered };
    }
    // A notice is rendered as it leaves: Slack blocks from blocks/, the e-mail from templates/.
    if (row.channel === 'email') {
      // Each sending issues the reader's newest link, so a resent e-mail's link is the one that acts.
      const target = webLinks && webLinkTargetOf(row);
      const web = target && (await issueWebLink(db, webLinks, row.recipient, target, clock.now()));
      const { template, subject, data, attachments, calendar } = renderEmailRow(row, { web });
      const messageId = noticeMessageId(row.id, messageIdDomain, row.mailKey);
      const { html, text } = templates.render(template, subject, data);
      const sent = await mailer.send({
        to: row.recipient,
        subject,
        html,
        text,
        messageId,
        attachments,
        calendar,
        date: clock.now(),
      });
      return { ref: messageId, email: { to: row.recipient, subject, messageId, transport: sent.transport } };
    }
    const payload = renderSlackRow(row);
    if (payload.removes !== undefined) {
      return { ref: await removeSlackCopy(slack, await postedMessage(payload.removes)) };
    }
    if (payload.upload !== undefined && payload.inThreadOf !== undefined) {
      const root = messageRef(await postedMessage(payload.inThreadOf));
      return { ref: await uploadCaseFile(slack, db, payload.upload, root) };
    }
    if (payload.replaces !== undefined) {
      return { ref: await updateSlackMessage(slack, await postedMessage(payload.replaces), payload) };
    }
    if (payload.inThreadOf !== undefined) {
      // In the thread of an earlier notice's message, wherever that one was posted (a DM's channel too).
      const root = messageRef(await postedMessage(payload.inThreadOf));
      const ref = await deliverSlackNotice(slack, {
        outboxId: row.id,
        channel: 'slack_channel',
        recipient: root.channel,
        payload: { ...payload, thread_ts: root.ts },
        mayHaveBeenPosted: row.attempts > 1,
      });
      return { ref };
    }
    const ref = await deliverSlackNotice(slack, {
      outboxId: row.id,
      channel: row.channel,
      recipient: row.recipient,
      payload,
      mayHaveBeenPosted: row.attempts > 1,
    });
    return { ref };
  }

  /**
   * Where the notice an update rewrites was posted (`channel:ts`). Not posted yet (it is queued or
   * being retried): the update waits its turn; never to be posted: there is nothing to update.
   */
  async function postedMessage(outboxId: number): Promise<string> {
    const [posted] = await db
      .select({ status: outbox.status, ref: outbox.deliveryRef, channel: outbox.channel })
      .from(outbox)
      .where(eq(outbox.id, outboxId))
      .limit(1);
    if (!posted || posted.status === 'failed' || !isSlack(posted.channel)) {
      throw new UndeliverableNotice(`outbox ${outboxId} posted no Slack message to update`);
    }
    if (posted.status !== 'sent' || !posted.ref) {
      throw new Error(`the message of outbox ${outboxId} is not posted yet`);
    }
    return posted.ref;
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

  // One kick per transaction is enough: the run delivers every due row.
  const kickKey = {};

  return {
    runOnce,
    start() {
      if (started) return;
      started = true;
      stopped = false;
      cycle();
    },
    kick() {
      // From inside a transaction, once it has committed: its rows are then there to claim.
      afterCommit(() => {
        if (stopped) return;
        if (started) cycle();
        else void runOnce().catch((error: unknown) => logger.error('outbox run failed', error));
      }, kickKey);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
      mailer.close();
    },
  };
}
