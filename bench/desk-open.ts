// `npm run bench -- desk-open`: the case form's submission (issue 16: ack p99 under 25 ms with 16
// at a time), signed requests against the running app and the Slack stand-in. Each submission is
// checked, routed against the desk's rules, and opens a case with its history, the requester's
// acknowledgements (DM and e-mail), the assignee's DM and the card in one transaction; the outbox
// is left undelivered, as the other acknowledgement benchmarks do. The opener's name and address
// ride in the form (looked up when it opened), so no Slack call stands between the form and the
// answer; one in four is opened on someone's behalf, whose users.info is the one call in it.
import { count } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  deskAccountMembers,
  deskAccounts,
  deskCases,
  deskCategories,
  deskEnvironments,
  deskGroupMembers,
  deskGroups,
  deskRules,
  outbox,
} from '../db/schema/index.js';
import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { choosableCaseStatuses } from '../src/domain/desk/enums.js';
import { createLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack-standin.js';
import { benchDatabase, dropBenchDatabases, engineName } from './database.js';
import { figure } from './figures.js';
import { benchSigningSecret, mainThreadBusy, percentile, signedInteractions, startLoad } from './load.js';

const PEOPLE = 500;
const RULES = 200;
const CONCURRENCY = 16;
const WARM_UP = 300;
const CASES = Number(process.env.BENCH_CASES ?? 2000);

const person = (i: number) => `U0OPEN${String(i).padStart(5, '0')}`;

/** A desk as a university's: triage and 12 groups with channels, 20 categories, rules by word and pattern. */
async function seedDesk(db: Db): Promise<{ categories: number[]; environments: number[] }> {
  const now = new Date();
  const at = { createdAt: now, updatedAt: now };
  const groups = await db
    .insert(deskGroups)
    .values(
      Array.from({ length: 13 }, (_, i) => ({
        name: i === 0 ? 'Care desk team' : `Group ${i}`,
        slackChannelId: `C0GROUP${String(i).padStart(3, '0')}`,
        mainSlackUserId: `U0MAIN${String(i).padStart(4, '0')}`,
        isTriage: i === 0,
        ...at,
      })),
    )
    .returning({ id: deskGroups.id, main: deskGroups.mainSlackUserId });
  await db.insert(deskGroupMembers).values(groups.map((g) => ({ groupId: g.id, slackUserId: g.main! })));
  const categories = await db
    .insert(deskCategories)
    .values(
      Array.from({ length: 20 }, (_, i) => ({
        name: `Category ${i + 1}`,
        defaultGroupId: groups[(i % 12) + 1]!.id,
        statuses: [...choosableCaseStatuses],
        ...at,
      })),
    )
    .returning({ id: deskCategories.id });
  const [account] = await db
    .insert(deskAccounts)
    .values({ name: 'University', ...at })
    .returning();
  const environments = await db
    .insert(deskEnvironments)
    .values(Array.from({ length: 5 }, (_, i) => ({ accountId: account!.id, name: `Campus ${i + 1}` })))
    .returning({ id: deskEnvironments.id });
  for (let start = 0; start < PEOPLE; start += 400)
    await db.insert(deskAccountMembers).values(
      Array.from({ length: Math.min(400, PEOPLE - start) }, (_, i) => ({
        accountId: account!.id,
        slackUserId: person(start + i),
      })),
    );
  await db.insert(deskRules).values(
    Array.from({ length: RULES }, (_, i) => ({
      position: i + 1,
      name: `Rule ${i + 1}`,
      categoryId: i % 7 === 0 ? categories[i % 20]!.id : null,
      subjectWords: i % 10 === 9 ? [] : i % 2 === 0 ? [`word${i}`, `thing ${i}`] : [],
      descriptionWords: i % 10 === 9 ? [] : i % 2 === 1 ? [`word${i}`, `other${i}`] : [],
      pattern: i % 10 === 9 ? `\\berror\\s{1,3}${i}\\b` : null,
      groupId: groups[(i % 12) + 1]!.id,
      ...at,
    })),
  );
  return { categories: categories.map((c) => c.id), environments: environments.map((e) => e.id) };
}

const description =
  'Since this morning the projector in room 204 of the music building shows nothing but a blue screen. ' +
  'I tried another cable and restarted the laptop; the sound works but the picture does not.';

/** Person i's submission of the case form, as Slack sends it. */
function submission(i: number, desk: { categories: number[]; environments: number[] }) {
  const user = person(i % PEOPLE);
  const option = (value: number | string) => ({ value: String(value) });
  return {
    type: 'view_submission',
    team: { id: 'T0BENCH', domain: 'bench' },
    user: { id: user, username: user, name: user, team_id: 'T0BENCH' },
    api_app_id: 'A0BENCH',
    token: 'legacy',
    trigger_id: `1.${i}.bench`,
    view: {
      id: `V0CASE${i}`,
      type: 'modal',
      callback_id: 'case_form',
      private_metadata: JSON.stringify({
        form: 'case-1',
        reporter: { name: `Person ${i % PEOPLE}`, email: `p${i % PEOPLE}@example.edu` },
      }),
      blocks: [],
      state: {
        values: {
          case_contact: {
            contact: { type: 'users_select', selected_user: i % 4 === 0 ? person((i + 1) % PEOPLE) : null },
          },
          case_environment: {
            environment_1: { type: 'static_select', selected_option: option(desk.environments[i % 5]!) },
          },
          case_impact: {
            impact: { type: 'radio_buttons', selected_option: option(['high', 'medium', 'low'][i % 3]!) },
          },
          case_category: {
            category: {
              type: 'static_select',
              selected_option: i % 3 === 0 ? null : option(desk.categories[i % 20]!),
            },
          },
          case_subject: {
            subject: { type: 'plain_text_input', value: `Projector ${i} shows a blue screen` },
          },
          case_description: {
            description: { type: 'plain_text_input', value: `${description} word${(i * 7) % RULES}` },
          },
          case_files: { files: { type: 'file_input', files: [] } },
        },
      },
      hash: `h${i}`,
    },
  };
}

const standIn = await startSlackStandIn();
for (let i = 0; i < PEOPLE; i++)
  standIn.addUser({ id: person(i), name: `p${i}`, realName: `Person ${i}`, email: `p${i}@example.edu` });
try {
  const url = await benchDatabase('desk-open');
  const otto = await startOtto({
    config: loadConfig({ DATABASE_URL: url, PORT: '0', SLACK_API_URL: standIn.apiUrl, LOG_LEVEL: 'error' }),
    connection: { kind: 'http', botToken: standIn.botToken, signingSecret: benchSigningSecret },
    clock: systemClock,
    logger: createLogger('error'),
    background: { dispatcher: false, scheduler: false },
  });
  const { db } = otto.database;
  const desk = await seedDesk(db);
  const load = startLoad(`http://127.0.0.1:${otto.port}/slack/events`, CONCURRENCY);
  const warmUp = await load.run(
    signedInteractions(Array.from({ length: WARM_UP }, (_, i) => submission(CASES + i, desk))),
  );
  const requests = signedInteractions(Array.from({ length: CASES }, (_, i) => submission(i, desk)));
  const busy = await mainThreadBusy();
  const { latencies, seconds } = await load.run(requests);
  const busyMs = await busy();
  await load.close();

  const [opened] = await db.select({ n: count() }).from(deskCases);
  const [notices] = await db.select({ n: count() }).from(outbox);
  const sorted = [...latencies].sort((a, b) => a - b);
  const warmSorted = [...warmUp.latencies].sort((a, b) => a - b);
  figure(`case-open ack p50, ${CONCURRENCY} at a time`, percentile(sorted, 50), 'ms');
  figure(`case-open ack p99, ${CONCURRENCY} at a time`, percentile(sorted, 99), 'ms', { below: 25 });
  console.log(
    `Opening cases on ${engineName}: ${CASES} case forms submitted by ${PEOPLE} people, ${CONCURRENCY} at a time, against ${RULES} rules (one in four on someone's behalf):`,
  );
  console.log(
    `  warm-up of ${WARM_UP}: ack p50 ${percentile(warmSorted, 50).toFixed(1)} ms, p99 ${percentile(warmSorted, 99).toFixed(1)} ms`,
  );
  console.log(
    `  ${seconds.toFixed(2)} s (${(CASES / seconds).toFixed(0)}/s); ack p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
  console.log(`  main thread CPU ${(busyMs / CASES).toFixed(2)} ms per case`);
  console.log(`  ${opened?.n} cases opened (expected ${CASES + WARM_UP}), ${notices?.n} notices queued`);
  await otto.stop();
  if (Number(opened?.n) !== CASES + WARM_UP) process.exitCode = 1;
} finally {
  await standIn.close();
  await dropBenchDatabases();
}
process.exit();
