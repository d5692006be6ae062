// `npm run bench -- desk-relay`: the case conversation (issue 16: relaying a thread message costs
// under 10 ms of Otto's own time). Signed message events, agents' replies in case cards' threads
// and requesters' replies in their DM threads, arrive through the running app; each is stored,
// recorded and relayed (the copy posted by the outbox). Measured: the main thread's CPU time per
// message, from the event's arrival to its copy posted, the Slack stand-in and the load generator
// on threads of their own.
import { createHmac, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.js';
import { deskCaseMessages } from '../db/schema/index.js';
import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openCase } from '../src/services/desk/cases/open-case.js';
import { AV_AGENT, AV_CHANNEL, deskPeople, seedDesk } from '../test/helpers/desk.js';
import { CUSTOMER } from '../test/helpers/factories.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure } from './figures.js';
import { benchSigningSecret, mainThreadBusy, type SignedRequest, startLoad } from './load.js';
import { startSlackThread } from './slack-thread.js';

const CASES = 20;
const MESSAGES = Number(process.env.BENCH_DESK_MESSAGES ?? 1000);
const WARM_UP = 100;

/** A message event as Slack sends it for message.channels / message.im, signed now. */
function signedMessage(
  channel: string,
  user: string,
  threadTs: string,
  ts: string,
  text: string,
): SignedRequest {
  const body = JSON.stringify({
    token: 'legacy',
    team_id: 'T0STANDIN',
    api_app_id: 'A0STANDIN',
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      user,
      text,
      ts,
      thread_ts: threadTs,
      channel,
      event_ts: ts,
      channel_type: channel.startsWith('D') ? 'im' : 'channel',
      client_msg_id: randomUUID(),
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', benchSigningSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
  };
}

const slack = await startSlackThread();
try {
  const url = await benchDatabase('desk-relay');
  const seeded = await openDatabase(url);
  await seedDesk(seeded.db, systemClock.now());
  await seeded.close();
  await slack.addUsers([
    ...deskPeople,
    { id: CUSTOMER, name: 'casey', realName: 'Casey Customer', email: 'casey@example.edu' },
  ]);
  const otto = await startOtto({
    config: loadConfig({ DATABASE_URL: url, PORT: '0', SLACK_API_URL: slack.apiUrl, LOG_LEVEL: 'error' }),
    connection: { kind: 'http', botToken: slack.botToken, signingSecret: benchSigningSecret },
    clock: systemClock,
    logger: createLogger('error'),
    background: { dispatcher: false, scheduler: false },
  });
  const casey = { slackUserId: CUSTOMER, name: 'Casey Customer', email: 'casey@example.edu' };
  for (let i = 0; i < CASES; i++) {
    await openCase(otto.ctx, {
      reporter: casey,
      impact: 'medium',
      subject: `Projector ${i + 1} in B204 does not turn on`,
      description: 'No picture since Monday.',
    });
  }
  await otto.dispatcher.runOnce();
  const cards = (await slack.messages(AV_CHANNEL)).filter((m) => m.thread_ts === undefined);
  const dm = `D${CUSTOMER.slice(1)}`;
  const acks = (await slack.messages(dm)).filter((m) => m.thread_ts === undefined);
  if (cards.length !== CASES || acks.length !== CASES) throw new Error('the cases were not all posted');

  let seq = 0;
  const events = (count: number) =>
    Array.from({ length: count }, (_, i) => {
      const n = i % CASES;
      const ts = `${1_900_000_000 + Math.floor(seq / 1_000_000)}.${String(seq++ % 1_000_000).padStart(6, '0')}`;
      return i % 2 === 0
        ? signedMessage(AV_CHANNEL, AV_AGENT, cards[n]!.ts, ts, `Reply ${seq}: I will come by at 2pm.`)
        : signedMessage(dm, CUSTOMER, acks[n]!.ts, ts, `Thanks, reply ${seq}; the room is B204.`);
    });
  const stored = async () => otto.ctx.db.$count(deskCaseMessages);
  const until = async (count: number) => {
    while ((await stored()) < count) await new Promise((resolve) => setTimeout(resolve, 20));
    // The copies: every row the relays queued, posted.
    while ((await otto.dispatcher.runOnce()).sent > 0);
  };

  const load = startLoad(`http://127.0.0.1:${otto.port}/slack/events`, 4);
  await load.run(events(WARM_UP));
  await until(WARM_UP);

  const busy = await mainThreadBusy();
  const started = performance.now();
  const { latencies } = await load.run(events(MESSAGES));
  await until(WARM_UP + MESSAGES);
  const seconds = (performance.now() - started) / 1000;
  const busyMs = await busy();
  await load.close();

  const copies = (await slack.messages(dm)).length + (await slack.messages(AV_CHANNEL)).length;
  if (copies < 2 * CASES + WARM_UP + MESSAGES) throw new Error(`only ${copies} messages in Slack`);
  const perMessage = busyMs / MESSAGES;
  figure('relaying a thread message: CPU per message', perMessage, 'ms', { below: 10 });
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(`Relaying ${MESSAGES} thread messages (half agents' replies, half requesters'), 4 at a time:`);
  console.log(
    `  ${seconds.toFixed(1)} s; Otto's main thread ${perMessage.toFixed(2)} ms CPU per message, event to copy posted (goal < 10 ms)`,
  );
  console.log(`  event ack p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms`);
  await otto.stop();
} finally {
  await slack.close();
  await dropBenchDatabases();
}
