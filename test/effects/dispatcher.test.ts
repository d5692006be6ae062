import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailLog, outbox, refreshConfigs, refreshTickets, systems } from '../../db/schema/index.js';
import { noticeMessageId } from '../../src/effects/dispatcher.js';
import { enqueueCustomerNotice, enqueueNotice } from '../../src/effects/outbox.js';
import { emlFileName, type Mailer } from '../../src/mail/mailer.js';
import {
  aliceDmText,
  aliceEmailSubject,
  aliceNotice as customerNotice,
  sampleViews,
} from '../helpers/notices.js';
import { type Harness, startHarness } from './harness.js';

/** A DM of the `submitted` kind to one Slack user. */
const helloDm = (recipient: string) =>
  ({ channel: 'slack_dm', recipient, kind: 'submitted', view: customerNotice.view }) as const;

function postsOf(h: Harness, outboxId: number) {
  return h.standIn
    .callsTo('chat.postMessage')
    .filter(
      (call) =>
        call.ok &&
        (call.args.metadata as { event_payload?: { outbox_id?: number } } | undefined)?.event_payload
          ?.outbox_id === outboxId,
    );
}

/** A row as Otto wrote them before notices travelled as data: the message itself, rendered. */
async function insertRendered(
  h: Harness,
  row: Pick<typeof outbox.$inferInsert, 'channel' | 'recipient' | 'notice' | 'payload'>,
): Promise<number> {
  return (
    await h.database.db
      .insert(outbox)
      .values({
        ...row,
        status: 'pending',
        attempts: 0,
        nextAttemptAt: h.clock.now(),
        createdAt: h.clock.now(),
      })
      .returning({ id: outbox.id })
  )[0]!.id;
}

describe('dispatcher', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  const enqueuePair = async () => enqueueCustomerNotice(h.database.db, customerNotice, h.clock.now());

  it('opens the DM, posts the message tagged with its outbox id, and writes the e-mail', async () => {
    const { slackDm, email } = await enqueuePair();
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0 });

    const dmChannel = h.standIn.dmChannelId('U0ALICE');
    expect(h.standIn.callsTo('conversations.open')[0]?.args).toMatchObject({ users: 'U0ALICE' });
    const [message] = h.standIn.messages(dmChannel);
    expect(message).toMatchObject({
      text: aliceDmText,
      metadata: { event_type: 'otto_notice', event_payload: { outbox_id: slackDm } },
    });
    expect(await h.row(slackDm!)).toMatchObject({
      status: 'sent',
      attempts: 1,
      deliveredAt: h.clock.now(),
      deliveryRef: `${dmChannel}:${message?.ts}`,
    });

    // The row's random key makes it unique beyond this database.
    const { mailKey } = await h.row(email!);
    expect(mailKey).toMatch(/^[0-9a-f]{24}$/);
    const messageId = noticeMessageId(email!, 'otto.example.edu', mailKey);
    expect(messageId).toBe(`<otto-notice-${email}.${mailKey}@otto.example.edu>`);
    expect(h.emlFiles()).toEqual([emlFileName(messageId)]);
    const eml = readFileSync(join(h.mailDir, emlFileName(messageId)), 'utf8');
    expect(eml).toContain(`Message-ID: ${messageId}`);
    expect(eml).toContain('To: alice@example.edu');
    expect(await h.row(email!)).toMatchObject({ status: 'sent', deliveryRef: messageId });
    expect(await h.database.db.select().from(emailLog)).toEqual([
      expect.objectContaining({
        outboxId: email,
        caseId: 7,
        to: 'alice@example.edu',
        subject: aliceEmailSubject,
        messageId,
        transport: 'file',
        sentAt: h.clock.now(),
      }),
    ]);

    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('logs a delivered notice against its refresh ticket', async () => {
    const db = h.database.db;
    const at = h.clock.now();
    const system = (await db.insert(systems).values({ serial: 'SN1', updatedAt: at }).returning())[0]!.id;
    const config = (
      await db
        .insert(refreshConfigs)
        .values({ name: 'c', style: 'on_prem', createdAt: at, updatedAt: at })
        .returning()
    )[0]!.id;
    const ticketId = (
      await db
        .insert(refreshTickets)
        .values({
          existingSystemId: system,
          configId: config,
          style: 'on_prem',
          status: 'pending_customer',
          createdBy: 'U0X',
          createdAt: at,
          updatedAt: at,
        })
        .returning()
    )[0]!.id;
    const { caseId: _case, ...withoutCase } = customerNotice;
    const { slackDm, email } = await enqueueCustomerNotice(db, { ...withoutCase, ticketId }, at);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0 });

    const logged = await db.select().from(outbox).where(eq(outbox.ticketId, ticketId));
    expect(logged.map((row) => [row.id, row.channel, row.status, row.deliveredAt])).toEqual([
      [slackDm, 'slack_dm', 'sent', at],
      [email, 'email', 'sent', at],
    ]);
    expect(await db.select().from(emailLog).where(eq(emailLog.ticketId, ticketId))).toEqual([
      expect.objectContaining({ outboxId: email, ticketId, caseId: null, to: 'alice@example.edu' }),
    ]);
  });

  it('posts a channel notice in its thread', async () => {
    const parent = h.standIn.postAsUser('U0ALICE', h.standIn.dmChannelId('U0ALICE'), 'help');
    const id = await insertRendered(h, {
      channel: 'slack_channel',
      recipient: h.standIn.dmChannelId('U0ALICE'),
      notice: 'support_team_post',
      payload: { text: 'On it', thread_ts: parent.ts },
    });
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(postsOf(h, id)[0]?.args).toMatchObject({ thread_ts: parent.ts });
  });

  it('updates the message an earlier notice posted, once that one is posted, and never posts it again', async () => {
    const channel = 'C0NORTHNIT';
    const now = h.clock.now();
    const card = { channel: 'slack_channel', recipient: channel } as const;
    const posted = (await enqueueNotice(
      h.database.db,
      { ...card, kind: 'itsm_ticket_posted', view: sampleViews.itsm_ticket_posted },
      now,
    ))!;
    const update = (view: typeof sampleViews.itsm_ticket_updated) =>
      enqueueNotice(h.database.db, { ...card, kind: 'itsm_ticket_updated', view }, now);
    const updated = (await update({ ...sampleViews.itsm_ticket_updated, postedAs: posted }))!;
    // The post is being retried: the update waits for it rather than posting a second message.
    await h.database.db
      .update(outbox)
      .set({ nextAttemptAt: new Date(now.getTime() + 10_000) })
      .where(eq(outbox.id, posted));
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(h.standIn.messages(channel)).toEqual([]);

    h.clock.advance(60 * 60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0 });
    const [message] = h.standIn.messages(channel);
    expect(h.standIn.messages(channel)).toHaveLength(1);
    expect(h.standIn.callsTo('chat.postMessage').filter((c) => c.ok)).toHaveLength(1);
    expect(JSON.stringify(message?.blocks)).toContain('~Depot build~ · done');
    expect(await h.row(updated)).toMatchObject({
      status: 'sent',
      deliveryRef: `${channel}:${message?.ts}`,
    });

    // An update of a notice that was never posted has nothing to update.
    await h.database.db.update(outbox).set({ status: 'failed' }).where(eq(outbox.id, posted));
    const orphan = (await update({ ...sampleViews.itsm_ticket_updated, postedAs: posted }))!;
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await h.row(orphan)).toMatchObject({ status: 'failed' });
  });

  it('still delivers rows written before notices travelled as data, as they were rendered', async () => {
    const dm = await insertRendered(h, {
      channel: 'slack_dm',
      recipient: 'U0ALICE',
      notice: 'invitation',
      payload: {
        text: 'Your computer refresh is ready to schedule',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your computer refresh is ready' } }],
      },
    });
    const mail = await insertRendered(h, {
      channel: 'email',
      recipient: 'alice@example.edu',
      notice: 'invitation',
      payload: {
        template: 'notice',
        subject: 'Your computer refresh',
        data: { title: 'Your computer refresh', intro: 'Your new computer is ready to schedule.' },
      },
    });
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0 });
    expect(h.standIn.messages(h.standIn.dmChannelId('U0ALICE'))[0]).toMatchObject({
      text: 'Your computer refresh is ready to schedule',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Your computer refresh is ready' } }],
      metadata: { event_type: 'otto_notice', event_payload: { outbox_id: dm } },
    });
    expect(await h.row(mail)).toMatchObject({ status: 'sent' });
    expect(await h.database.db.select().from(emailLog)).toEqual([
      expect.objectContaining({ outboxId: mail, subject: 'Your computer refresh' }),
    ]);
  });

  it('marks a row failed whose view no longer renders, without sending it', async () => {
    const id = (await enqueueNotice(h.database.db, helloDm('U0ALICE'), h.clock.now()))!;
    await h.database.db
      .update(outbox)
      .set({ payload: { ticketId: 'seven' } })
      .where(eq(outbox.id, id));
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 1 });
    expect(await h.row(id)).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/submitted view/),
    });
    expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(0);
  });

  it('sends nothing twice when a crash comes between sending and marking', async () => {
    const { slackDm, email } = await enqueuePair();
    // The first process dies after delivering: every later write to its claimed rows fails.
    await h.simulateCrash();
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 2, failed: 0 });
    expect((await h.row(slackDm!)).status).toBe('sending');
    expect((await h.row(email!)).status).toBe('sending');
    expect(postsOf(h, slackDm!)).toHaveLength(1);
    expect(h.emlFiles()).toHaveLength(1);

    const restarted = await h.restart();
    // The rows stay claimed for the lease, as a replica still sending them would hold them.
    h.clock.advance(119_000);
    expect(await restarted.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    h.clock.advance(1_000);
    expect(await restarted.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0 });

    const dmChannel = h.standIn.dmChannelId('U0ALICE');
    expect(postsOf(h, slackDm!)).toHaveLength(1);
    expect(h.standIn.messages(dmChannel)).toHaveLength(1);
    expect(h.standIn.callsTo('conversations.history')[0]?.args).toMatchObject({
      channel: dmChannel,
      // Form-encoded on the wire.
      include_all_metadata: 'true',
    });
    expect(await h.row(slackDm!)).toMatchObject({
      status: 'sent',
      attempts: 2,
      deliveryRef: `${dmChannel}:${h.standIn.messages(dmChannel)[0]?.ts}`,
    });
    expect(h.emlFiles()).toEqual([
      emlFileName(noticeMessageId(email!, 'otto.example.edu', (await h.row(email!)).mailKey)),
    ]);
    expect(await h.database.db.select().from(emailLog)).toHaveLength(1);
    expect(await h.row(email!)).toMatchObject({ status: 'sent', attempts: 2 });

    expect(await restarted.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('honours Retry-After through a burst of 429s and posts exactly one message', async () => {
    const id = (await enqueueNotice(h.database.db, helloDm('U0ALICE'), h.clock.now()))!;
    h.standIn.rateLimitNext('chat.postMessage', 3, 2);
    const dmChannel = h.standIn.dmChannelId('U0ALICE');

    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const before = h.clock.now().getTime();
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
      expect(await h.row(id)).toMatchObject({
        status: 'pending',
        attempts: attempt,
        lastError: expect.stringMatching(/rate/),
      });
      expect((await h.row(id)).nextAttemptAt.getTime()).toBe(before + 2000);

      h.clock.advance(1999);
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
      expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(attempt);
      expect(h.standIn.messages(dmChannel)).toHaveLength(0);
      h.clock.advance(1);
    }

    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(h.standIn.messages(dmChannel)).toHaveLength(1);
    expect(await h.row(id)).toMatchObject({ status: 'sent', attempts: 4 });
  });

  it('holds back the other Slack notices of a run after a 429, but not the e-mail', async () => {
    const first = await enqueuePair();
    const second = await enqueueCustomerNotice(
      h.database.db,
      { ...customerNotice, view: { ...customerNotice.view, ticketId: 8 } },
      h.clock.now(),
    );
    h.standIn.rateLimitNext('chat.postMessage', 1, 5);

    expect(await h.dispatcher.runOnce()).toEqual({ sent: 2, retried: 1, failed: 0 });
    expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await h.row(first.slackDm!)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await h.row(second.slackDm!)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(h.emlFiles()).toHaveLength(2);

    h.clock.advance(5000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 2, retried: 0, failed: 0 });
  });

  it('backs off 30 s, 60 s, 2 min after failures that may pass', async () => {
    const id = (await enqueueNotice(h.database.db, helloDm('U0ALICE'), h.clock.now()))!;
    h.standIn.failNext('chat.postMessage', 3, 'internal_error');

    for (const delay of [30_000, 60_000, 120_000]) {
      const before = h.clock.now().getTime();
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
      expect(await h.row(id)).toMatchObject({ status: 'pending', lastError: 'internal_error' });
      expect((await h.row(id)).nextAttemptAt.getTime()).toBe(before + delay);
      h.clock.advance(delay - 1);
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
      h.clock.advance(1);
    }

    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await h.row(id)).toMatchObject({ status: 'sent', attempts: 4, lastError: null });
    expect(h.standIn.messages(h.standIn.dmChannelId('U0ALICE'))).toHaveLength(1);
  });

  it('marks a notice failed on a Slack error that cannot succeed later, and tries it no more', async () => {
    const unknownUser = (await enqueueNotice(h.database.db, helloDm('U0NOBODY'), h.clock.now()))!;
    const badBlocks = (await enqueueNotice(h.database.db, helloDm('U0ALICE'), h.clock.now()))!;
    h.standIn.failNext('chat.postMessage', 1, 'invalid_blocks');

    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 2 });
    expect(await h.row(unknownUser)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'user_not_found',
    });
    expect(await h.row(badBlocks)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'invalid_blocks',
    });

    h.clock.advance(24 * 60 * 60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
    expect(h.standIn.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('goes out at once on kick() after start(), and stop() waits for the run', async () => {
    const dispatcher = h.dispatcher;
    dispatcher.start();
    await dispatcher.runOnce();
    await enqueuePair();
    dispatcher.kick();
    await expect.poll(() => h.standIn.messages(h.standIn.dmChannelId('U0ALICE')).length).toBe(1);
    await expect.poll(() => h.emlFiles().length).toBe(1);
    await dispatcher.stop();
    await enqueueCustomerNotice(
      h.database.db,
      { ...customerNotice, view: { ...customerNotice.view, ticketId: 8 } },
      h.clock.now(),
    );
    dispatcher.kick();
    expect(await dispatcher.runOnce()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });
});

describe('dispatcher with a failing mail server', () => {
  let h: Harness;
  let failuresLeft = 2;
  beforeEach(async () => {
    failuresLeft = 2;
    h = await startHarness({
      mailer: (mailer): Mailer => ({
        ...mailer,
        async send(mail) {
          if (failuresLeft > 0) {
            failuresLeft -= 1;
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' });
          }
          return mailer.send(mail);
        },
      }),
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('retries the e-mail with backoff and logs it once sent', async () => {
    const { email } = await enqueueCustomerNotice(
      h.database.db,
      { ...customerNotice, to: { email: customerNotice.to.email } },
      h.clock.now(),
    );
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await h.row(email!)).toMatchObject({
      status: 'pending',
      lastError: expect.stringMatching(/ECONNREFUSED/),
    });
    h.clock.advance(30_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    h.clock.advance(60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await h.database.db.select().from(emailLog)).toHaveLength(1);
    expect(h.emlFiles()).toHaveLength(1);
  });
});
