// Three Otto replicas, each a process of its own on a loopback port, over one PostgreSQL database,
// one Slack stand-in and one SMTP server (issue 12). The test moves their clocks together, so
// each one's scheduler ticks at the same instants; the claims on ticks and outbox rows are the
// real ones, across processes. A replica that dies is killed with SIGKILL, and replaced by a new
// one when the next test wants three. Runs only on PostgreSQL (TEST_DATABASE_URL=postgres://…).
import { and, asc, count, eq, inArray, like, sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db, OpenDatabase } from '../../db/client.js';
import { openDatabase } from '../../db/client.js';
import {
  audits,
  configApprovers,
  jobRuns,
  outbox,
  people,
  refreshConfigs,
  refreshTickets,
  slackReceipts,
  systems,
} from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { enqueueCustomerNotice } from '../../src/effects/outbox.js';
import { enqueueTicketEffects } from '../../src/services/refresh/tickets/run-effects.js';
import { dmHint } from '../../src/slack/listeners/shared/events/message-im.js';
import { onPostgres, type ScratchDatabase, scratchDatabase } from '../helpers/database.js';
import { ADMIN, APPROVER, CUSTOMER, makeTicket, seedWorld, type World } from '../helpers/factories.js';
import { type SlackStandIn, type StoredMessage, startSlackStandIn, waitFor } from '../helpers/slack.js';
import { type FakeSmtp, startFakeSmtp } from '../helpers/smtp-server.js';
import { serviceContext } from '../helpers/world.js';
import { type Replica, roundRobin, startReplica } from './harness.js';

// Fri 20 Nov in Detroit (EST): the digest's 08:00, the invitations' 10:05.
const friday0730 = new Date('2026-11-20T12:30:00Z');
const friday0800 = new Date('2026-11-20T13:00:00Z');
const friday1005 = new Date('2026-11-20T15:05:00Z');
const seconds = (at: Date, s: number) => new Date(at.getTime() + s * 1000);

const approverCount = 200;
/** OTTO_JOB_LEASE_MS for the replicas: each looks for abandoned runs every second. */
const jobLeaseMs = 3000;
/** How long the dispatcher's claim on a row it sends lasts (its default). */
const sendingLeaseSeconds = 120;

const approverId = (n: number) => `UA${String(n).padStart(8, '0')}`;
const approverEmail = (n: number) => `approver${n}@example.edu`;
const numbers = (length: number) => Array.from({ length }, (_, i) => i + 1);

/** 200 approvers, each of a config of their own with one ticket awaiting them. */
async function seedApprovers(db: Db, w: World, at: Date): Promise<void> {
  const all = numbers(approverCount);
  await db.transaction(async (tx) => {
    await tx
      .insert(people)
      .values(
        all.map((n) => ({ email: approverEmail(n), name: `Approver ${n}`, slackUserId: approverId(n) })),
      );
    await tx.insert(refreshConfigs).values(
      all.map((n) => ({
        name: `Digest config ${n}`,
        unitId: w.unitId,
        style: 'on_prem' as const,
        requiresApproval: true,
        proposedModelId: w.models.latitude,
        createdAt: at,
        updatedAt: at,
      })),
    );
    const configs = new Map(
      (
        await tx
          .select({ id: refreshConfigs.id, name: refreshConfigs.name })
          .from(refreshConfigs)
          .where(like(refreshConfigs.name, 'Digest config %'))
      ).map((c) => [c.name, c.id]),
    );
    const configOf = (n: number) => configs.get(`Digest config ${n}`)!;
    await tx
      .insert(configApprovers)
      .values(all.map((n) => ({ configId: configOf(n), slackUserId: approverId(n) })));
    await tx.insert(systems).values(
      all.map((n) => ({
        serial: `DIGEST${String(n).padStart(4, '0')}`,
        name: `LSA-PC-D${n}`,
        modelId: w.models.optiplex,
        platform: 'windows' as const,
        userId: w.people.customer,
        supportTeamId: w.teamId,
        unitId: w.unitId,
        building: 'Angell Hall',
        room: '3120',
        groupId: w.groupId,
        updatedAt: at,
      })),
    );
    const systemOf = new Map(
      (
        await tx
          .select({ id: systems.id, serial: systems.serial })
          .from(systems)
          .where(like(systems.serial, 'DIGEST%'))
      ).map((s) => [s.serial, s.id]),
    );
    await tx.insert(refreshTickets).values(
      all.map((n) => ({
        existingSystemId: systemOf.get(`DIGEST${String(n).padStart(4, '0')}`)!,
        userId: w.people.customer,
        configId: configOf(n),
        style: 'on_prem' as const,
        status: 'requires_approval' as const,
        proposedModelId: w.models.latitude,
        supportTeamId: w.teamId,
        groupId: w.groupId,
        createdBy: ADMIN,
        createdAt: at,
        updatedAt: at,
      })),
    );
  });
}

describe.skipIf(!onPostgres)('three replicas over one PostgreSQL database', () => {
  let standIn: SlackStandIn;
  let smtp: FakeSmtp;
  let scratch: ScratchDatabase;
  let database: OpenDatabase;
  let w: World;
  /** Every replica started, dead or alive: all are ended after the tests, whatever happened. */
  const started: Replica[] = [];
  let live: Replica[] = [];
  let now = friday0730;

  let replicasNamed = 0;
  async function startOne(): Promise<Replica> {
    replicasNamed += 1;
    const replica = await startReplica({
      name: `replica-${replicasNamed}`,
      databaseUrl: scratch.url,
      standIn,
      smtpUrl: smtp.url,
      clock: now,
      env: { OTTO_JOB_LEASE_MS: String(jobLeaseMs) },
    });
    started.push(replica);
    live.push(replica);
    return replica;
  }

  /** Starts replicas, as an orchestrator restarts them, until three are running. */
  async function ensureThree(): Promise<void> {
    await Promise.all(Array.from({ length: 3 - live.length }, () => startOne()));
  }

  async function kill(replica: Replica): Promise<void> {
    await replica.kill();
    live = live.filter((r) => r !== replica);
  }

  /** Moves every live replica's clock to `to`; their schedulers run what fell due on their next look. */
  async function moveClock(to: Date): Promise<void> {
    now = to;
    await Promise.all(live.map((replica) => replica.setClock(to)));
  }

  const dmChannel = (userId: string) => standIn.dmChannelId(userId);
  const botMessages = (userId: string): StoredMessage[] =>
    standIn.messages(dmChannel(userId)).filter((m) => m.user === standIn.botUserId);
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));
  const okPosts = () => standIn.callsTo('chat.postMessage').filter((call) => call.ok);
  const outboxIdOfPost = (call: { args: Record<string, unknown> }) =>
    Number(
      (call.args.metadata as { event_payload?: { outbox_id?: unknown } } | undefined)?.event_payload
        ?.outbox_id,
    );
  const outboxIdOfMail = (mail: { headers: Record<string, string[]> }) =>
    Number(/otto-notice-(\d+)\.[0-9a-f]+@/.exec(mail.headers['message-id']?.[0] ?? '')?.[1]);

  async function outboxOf(notice: string) {
    return database.db
      .select({
        id: outbox.id,
        channel: outbox.channel,
        status: outbox.status,
        attempts: outbox.attempts,
        ticketId: outbox.ticketId,
      })
      .from(outbox)
      .where(eq(outbox.notice, notice))
      .orderBy(asc(outbox.id));
  }

  async function statusesOf(notice: string): Promise<Record<string, number>> {
    const rows = await database.db
      .select({ status: outbox.status, n: count() })
      .from(outbox)
      .where(eq(outbox.notice, notice))
      .groupBy(outbox.status);
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  async function runsOf(job: string) {
    return database.db
      .select({
        scheduledFor: jobRuns.scheduledFor,
        status: jobRuns.status,
        summary: jobRuns.summary,
      })
      .from(jobRuns)
      .where(eq(jobRuns.job, job))
      .orderBy(asc(jobRuns.id));
  }

  beforeAll(async () => {
    standIn = await startSlackStandIn();
    smtp = await startFakeSmtp();
    scratch = await scratchDatabase();
    database = await openDatabase(scratch.url, { poolSize: 2 });
    w = await seedWorld(database.db, friday0730);
    await seedApprovers(database.db, w, friday0730);
    for (const user of [
      { id: APPROVER, name: 'pat', realName: 'Pat Approver', email: 'pat@example.edu' },
      { id: CUSTOMER, name: 'casey', realName: 'Casey Customer', email: 'casey@example.edu' },
    ]) {
      standIn.addUser(user);
    }
    for (const n of numbers(approverCount)) {
      standIn.addUser({ id: approverId(n), name: `approver${n}`, email: approverEmail(n) });
    }
    // Started together, as a deployment starts them; each applies no migration twice.
    await ensureThree();
  }, 90_000);

  afterAll(async () => {
    try {
      await Promise.all(started.map((replica) => replica.stop(5_000)));
    } finally {
      await database?.close();
      await scratch?.drop();
      await smtp?.close();
      await standIn?.close();
    }
  }, 60_000);

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const replica of started) console.log(`--- ${replica.name}\n${replica.logs.join('\n')}`);
    });
  });

  it('sends each of 200 approvers one digest DM and one e-mail though the replica running the digest is killed halfway, and so is the one that takes it over', async () => {
    const postsBefore = okPosts().length;
    const lookupsBefore = standIn.callsTo('conversations.history').length;
    // The replica that claims the tick is stopped in its tracks: the outbox is locked, so the
    // digest's writes wait there, inside its transaction, when that replica is killed.
    const locker = new pg.Client({ connectionString: scratch.url });
    await locker.connect();
    let first: Replica;
    try {
      await locker.query('begin');
      await locker.query('lock table outbox in exclusive mode');
      await moveClock(friday0800);
      const runner = await waitFor(async () => {
        // Asked outside the locking transaction, which would see the activity as it was at its start.
        const [waiting] = await database.db.rows<{ name: string }>(
          sql`select application_name as "name" from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "outbox"%'`,
        );
        return waiting?.name;
      }, 20_000);
      first = live.find((replica) => replica.name === runner)!;
      await kill(first);
      await locker.query('commit');
    } finally {
      await locker.end();
    }
    // Its connection goes once PostgreSQL has tried to answer it: the digest's writes are rolled back.
    await waitFor(async () => {
      const left = await database.db.rows<{ n: number }>(
        sql`select count(*) as "n" from pg_stat_activity where application_name = ${first.name}`,
      );
      return left[0]?.n === 0;
    }, 20_000);
    expect(await runsOf('approver-digest')).toEqual([
      { scheduledFor: friday0800, status: 'running', summary: null },
    ]);
    expect(await outboxOf('approver_digest')).toEqual([]);

    // Once the claim has run out, the first of the two left to look takes the tick over.
    await moveClock(seconds(friday0800, (2 * jobLeaseMs) / 1000));
    const taker = await waitFor(
      () =>
        live.find((replica) =>
          replica.logs.some((line) => line.includes('job approver-digest: took over the run')),
        ),
      15_000,
    );

    // Halfway through the DMs, Slack stops answering for a moment: every dispatcher waits on a
    // message Slack has posted, and the replica that took the digest over is killed then.
    await waitFor(() => okPosts().length - postsBefore >= approverCount / 2, 20_000);
    const hold = standIn.holdAnswers('chat.postMessage');
    await waitFor(() => hold.held() === live.length, 15_000);
    const sentAtKill = (await statusesOf('approver_digest')).sent ?? 0;
    await kill(taker);
    hold.release();

    // The one left sends the rest; the DM the dead replica was sending stays claimed by it until
    // its lease runs out, and is then found in the conversation instead of being posted again.
    await waitFor(async () => {
      const statuses = await statusesOf('approver_digest');
      return statuses.sent === 2 * approverCount - 1 && statuses.sending === 1;
    }, 30_000);
    await moveClock(seconds(now, sendingLeaseSeconds + 5));
    await waitFor(async () => (await statusesOf('approver_digest')).sent === 2 * approverCount, 15_000);

    expect(sentAtKill).toBeGreaterThan(0);
    expect(sentAtKill).toBeLessThan(2 * approverCount);
    for (const n of numbers(approverCount)) {
      expect(
        botMessages(approverId(n)).map((m) => m.metadata?.event_type),
        approverId(n),
      ).toEqual(['otto_notice']);
      expect(mailsTo(approverEmail(n)), approverEmail(n)).toHaveLength(1);
    }
    const posts = okPosts().slice(postsBefore);
    expect(posts).toHaveLength(approverCount);
    expect(smtp.received).toHaveLength(approverCount);
    const rows = await outboxOf('approver_digest');
    expect(rows).toHaveLength(2 * approverCount);
    expect(rows.filter((row) => row.status === 'sent')).toHaveLength(2 * approverCount);
    expect(rows.filter((row) => row.attempts !== 1).map((row) => [row.channel, row.attempts])).toEqual([
      ['slack_dm', 2],
    ]);
    expect(new Set(posts.map(outboxIdOfPost)).size).toBe(approverCount);
    // The one lookup: the DM in flight at the kill, found posted.
    expect(standIn.callsTo('conversations.history').slice(lookupsBefore)).toHaveLength(1);
    expect(new Set(smtp.received.map(outboxIdOfMail)).size).toBe(approverCount);
    expect(await runsOf('approver-digest')).toEqual([
      {
        scheduledFor: friday0800,
        status: 'succeeded',
        summary: { approvers: approverCount, emails: approverCount, failed: [] },
      },
    ]);
    expect(
      started.filter((replica) => replica.logs.some((line) => line.includes('took over the run'))),
    ).toEqual([taker]);
  }, 120_000);

  it('spreads Slack requests round-robin over the replicas, and handles a copy sent to another replica once', async () => {
    await ensureThree();
    const ctx = serviceContext(database.db, new ManualClock(now));
    const tickets: Array<Awaited<ReturnType<typeof makeTicket>>> = [];
    for (let i = 0; i < 3; i += 1) {
      tickets.push(await makeTicket(database.db, w, { status: 'requires_approval', now }));
    }
    await database.db.transaction(async (tx) => {
      for (const ticket of tickets) {
        await enqueueTicketEffects(tx, ctx, ticket, [{ type: 'notify_approvers' }], now);
      }
    });
    // The dispatchers find the approval requests on their next look.
    const dm = dmChannel(APPROVER);
    const requests = await waitFor(() => {
      const found = tickets.map((ticket) =>
        botMessages(APPROVER).find(
          (m) => m.text === `Refresh #${ticket.id} for Casey Customer needs your approval.`,
        ),
      );
      return found.every((m) => m !== undefined) && (found as StoredMessage[]);
    }, 15_000);
    const next = roundRobin(live.map((replica) => replica.driver));

    // A DM to the app goes to one replica; Slack's copies of the same event to the two others at once.
    const hello = await next().messageIm(APPROVER, 'hello?');
    const copies = await Promise.all(
      [next(), next()].map((driver) =>
        driver.post(hello.sent.body, hello.sent.contentType, driver.sign(hello.sent.body)),
      ),
    );
    expect([hello.status, ...copies.map((copy) => copy.status)]).toEqual([200, 200, 200]);
    await waitFor(() => botMessages(APPROVER).some((m) => m.text === dmHint), 10_000);

    const publishes = standIn.callsTo('views.publish').length;
    const homeOpened = await next().appHomeOpened(APPROVER);
    expect(homeOpened.status).toBe(200);
    await waitFor(() => standIn.callsTo('views.publish').length > publishes, 10_000);
    expect(JSON.stringify(standIn.home(APPROVER)?.blocks)).toContain(
      '3 refresh tickets await your approval.',
    );

    // Two approved from their DMs, each click on the next replica.
    for (const [i, request] of requests.slice(0, 2).entries()) {
      const click = await next().clickButton(APPROVER, 'Approve', {
        surface: 'message',
        channel: dm,
        ts: request.ts,
      });
      expect(click.status).toBe(200);
      await waitFor(
        () => standIn.message(dm, request.ts)?.text === `Refresh #${tickets[i]!.id} approved.`,
        10_000,
      );
    }
    // The third denied: the button on one replica, the form's submission on the next, and Slack's
    // copy of that submission on the one after, which answers as the first did without acting.
    await next().clickButton(APPROVER, 'Deny', { surface: 'message', channel: dm, ts: requests[2]!.ts });
    await waitFor(() => standIn.topModal(APPROVER), 10_000);
    const submitter = next();
    const submitted = await submitter.submitModal(APPROVER, {
      'Why? The customer sees this': 'Please keep the proposed Latitude.',
    });
    const copy = await next().post(
      submitted.sent.body,
      submitted.sent.contentType,
      submitter.sign(submitted.sent.body),
    );
    expect([submitted.status, copy.status]).toEqual([200, 200]);
    expect(copy.body).toBe(submitted.body);

    // The customer hears of each decision once, from whichever dispatcher took the row.
    const decisions = () =>
      botMessages(CUSTOMER)
        .map((m) => m.text)
        .filter((text) => text.includes('was approved') || text.includes('needs another look'));
    await waitFor(() => decisions().length === 3, 15_000);
    expect(decisions().sort()).toEqual([
      `Your refresh #${tickets[0]!.id} was approved.`,
      `Your refresh #${tickets[1]!.id} was approved.`,
      `Your refresh #${tickets[2]!.id} needs another look: Please keep the proposed Latitude.`,
    ]);
    const ids = tickets.map((ticket) => ticket.id);
    const decided = await database.db
      .select({ id: refreshTickets.id, status: refreshTickets.status, decidedBy: refreshTickets.decidedBy })
      .from(refreshTickets)
      .where(inArray(refreshTickets.id, ids))
      .orderBy(asc(refreshTickets.id));
    expect(decided).toEqual([
      { id: ids[0], status: 'pending_ordering', decidedBy: APPROVER },
      { id: ids[1], status: 'pending_ordering', decidedBy: APPROVER },
      { id: ids[2], status: 'pending_customer', decidedBy: APPROVER },
    ]);
    const decisionAudits = await database.db
      .select({ ticketId: audits.ticketId, action: audits.action })
      .from(audits)
      .where(and(inArray(audits.ticketId, ids), inArray(audits.action, ['approve', 'deny'])))
      .orderBy(asc(audits.ticketId));
    expect(decisionAudits).toEqual([
      { ticketId: ids[0], action: 'approve' },
      { ticketId: ids[1], action: 'approve' },
      { ticketId: ids[2], action: 'deny' },
    ]);
    expect(botMessages(APPROVER).filter((m) => m.text === dmHint)).toHaveLength(1);
    // Three deliveries of one event, one receipt; and the Home's event beside it.
    const eventIdOf = (sent: { body: string }) =>
      `event:${(JSON.parse(sent.body) as { event_id: string }).event_id}`;
    const receipts = await database.db
      .select({ key: slackReceipts.key })
      .from(slackReceipts)
      .where(like(slackReceipts.key, 'event:%'));
    expect(receipts.map((r) => r.key).sort()).toEqual(
      [eventIdOf(hello.sent), eventIdOf(homeOpened.sent)].sort(),
    );
  }, 60_000);

  it('sends the invitations due at 10:05 once though the three replicas tick together', async () => {
    await ensureThree();
    const customers = numbers(20).map((n) => ({
      id: `UC${String(n).padStart(8, '0')}`,
      email: `customer${n}@example.edu`,
    }));
    const tickets: number[] = [];
    for (const [i, customer] of customers.entries()) {
      standIn.addUser({ id: customer.id, name: `customer${i + 1}`, email: customer.email });
      const [person] = await database.db
        .insert(people)
        .values({ email: customer.email, name: `Customer ${i + 1}`, slackUserId: customer.id })
        .returning({ id: people.id });
      const ticket = await makeTicket(database.db, w, {
        style: 'on_prem',
        status: 'pending_customer',
        userId: person!.id,
        invitationDueAt: friday1005,
        now,
      });
      tickets.push(ticket.id);
    }

    await moveClock(friday1005);
    const outcomes = () =>
      live.map((replica) =>
        replica.logs.filter(
          (line) =>
            line.includes('job refresh-invitations succeeded') ||
            line.includes(
              `job refresh-invitations: the run for ${friday1005.toISOString()} is another replica's`,
            ),
        ),
      );
    await waitFor(() => outcomes().every((lines) => lines.length > 0), 20_000);
    await waitFor(async () => (await statusesOf('invitation')).sent === 2 * customers.length, 20_000);

    expect(
      outcomes()
        .map((lines) => lines.map((line) => (line.includes('succeeded') ? 'ran' : 'skipped')).join())
        .sort(),
    ).toEqual(['ran', 'skipped', 'skipped']);
    expect(await runsOf('refresh-invitations')).toEqual([
      {
        scheduledFor: friday1005,
        status: 'succeeded',
        summary: { invited: customers.length, unreachable: 0 },
      },
    ]);
    for (const customer of customers) {
      expect(botMessages(customer.id), customer.id).toHaveLength(1);
      expect(mailsTo(customer.email), customer.email).toHaveLength(1);
    }
    const rows = await outboxOf('invitation');
    expect(rows.map((row) => [row.ticketId, row.channel, row.status, row.attempts])).toEqual(
      tickets.flatMap((id) => [
        [id, 'slack_dm', 'sent', 1],
        [id, 'email', 'sent', 1],
      ]),
    );
    const invited = await database.db
      .select({ invitedAt: refreshTickets.invitedAt })
      .from(refreshTickets)
      .where(inArray(refreshTickets.id, tickets));
    expect(invited.map((row) => row.invitedAt)).toEqual(tickets.map(() => friday1005));
  }, 60_000);

  it('delivers every outbox row once with a dispatcher on each of the three replicas', async () => {
    await ensureThree();
    const postsBefore = okPosts().length;
    const mailsBefore = smtp.received.length;
    // Slack holds its answers until every dispatcher has a row in hand: three claims at once.
    const hold = standIn.holdAnswers('chat.postMessage');
    const written = await database.db.transaction(async (tx) => {
      const ids: number[] = [];
      for (const n of numbers(60)) {
        const sent = await enqueueCustomerNotice(
          tx,
          {
            to: { slackUserId: approverId(n), email: approverEmail(n) },
            kind: 'submitted',
            view: { ticketId: n, openApp: 'https://slack.com/app_redirect?app=A0STANDIN' },
          },
          now,
        );
        ids.push(sent.slackDm!, sent.email!);
      }
      return ids;
    });
    await waitFor(() => hold.held() === 3, 15_000);
    hold.release();
    await waitFor(async () => (await statusesOf('submitted')).sent === written.length, 20_000);

    const rows = await outboxOf('submitted');
    expect(rows.map((row) => row.id)).toEqual(written);
    expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
    const posted = okPosts().slice(postsBefore).map(outboxIdOfPost);
    const mailed = smtp.received.slice(mailsBefore).map(outboxIdOfMail);
    const dmRows = rows.filter((row) => row.channel === 'slack_dm').map((row) => row.id);
    const emailRows = rows.filter((row) => row.channel === 'email').map((row) => row.id);
    expect([...posted].sort((a, b) => a - b)).toEqual(dmRows);
    expect([...mailed].sort((a, b) => a - b)).toEqual(emailRows);
  }, 60_000);
});
