import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { jobRuns, slackReceipts, webLinks } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { issueWebLink } from '../../src/effects/web-links.js';
import { buildJobs, createScheduler, housekeepingJob } from '../../src/jobs/index.js';
import { claimEvent } from '../../src/services/slack-receipts.js';
import { serviceContext } from '../helpers/world.js';
import { openTestDb, quietLogger, runsOf, seedRun, timeZone } from './support.js';

let db: Db;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDb());
});
afterEach(() => close());

const now = new Date('2026-06-30T07:30:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

describe('housekeeping', () => {
  it('deletes runs older than 90 days but keeps the newest run of each job', async () => {
    await seedRun(db, 'invitations', daysAgo(200));
    await seedRun(db, 'invitations', daysAgo(100));
    await seedRun(db, 'invitations', daysAgo(90)); // exactly 90 days: kept
    await seedRun(db, 'invitations', daysAgo(1));
    await seedRun(db, 'digest', daysAgo(120), 'failed');
    await seedRun(db, 'digest', daysAgo(95));

    const result = await housekeepingJob(db).run({ now, scheduledFor: now });

    expect(result).toEqual({ deletedRuns: 3, deletedReceipts: 0, deletedWebLinks: 0 });
    expect((await runsOf(db, 'invitations')).map((r) => r.startedAt.toISOString())).toEqual([
      daysAgo(90),
      daysAgo(1),
    ]);
    expect((await runsOf(db, 'digest')).map((r) => r.startedAt.toISOString())).toEqual([daysAgo(95)]);
  });

  it('keeps the run that stands for the latest tick, not the one started last', async () => {
    await seedRun(db, 'slots', daysAgo(100), 'succeeded', daysAgo(100));
    await seedRun(db, 'slots', daysAgo(150), 'succeeded', daysAgo(99));

    await housekeepingJob(db).run({ now, scheduledFor: now });

    expect((await runsOf(db, 'slots')).map((r) => r.scheduledFor.toISOString())).toEqual([daysAgo(100)]);
  });

  it('forgets the web links whose newest issue has expired, and keeps those that still work', async () => {
    const settings = {
      secret: 'a-link-secret-of-at-least-32-characters',
      publicUrl: 'http://otto.test',
      ttlMs: 0,
    };
    const issue = (recipient: string, ttlDays: number, issuedDaysAgo: number) =>
      issueWebLink(
        db,
        { ...settings, ttlMs: ttlDays * 24 * 60 * 60 * 1000 },
        recipient,
        { action: 'approval', subject: { kind: 'ticket', id: 1 } },
        new Date(daysAgo(issuedDaysAgo)),
      );
    await issue('expired@example.edu', 30, 31);
    await issue('today@example.edu', 30, 30); // expires exactly now: forgotten
    await issue('current@example.edu', 30, 29);

    const result = await housekeepingJob(db).run({ now, scheduledFor: now });

    expect(result).toEqual({ deletedRuns: 0, deletedReceipts: 0, deletedWebLinks: 2 });
    expect(
      (await db.select({ recipient: webLinks.recipient }).from(webLinks)).map((r) => r.recipient),
    ).toEqual(['current@example.edu']);
  });

  it('forgets Slack delivery receipts older than a day, so only those events could be handled again', async () => {
    const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 60 * 60 * 1000);
    await claimEvent(db, 'Ev0OLD', hoursAgo(25));
    await claimEvent(db, 'Ev0DAY', hoursAgo(24)); // exactly a day: kept
    await claimEvent(db, 'Ev0NEW', hoursAgo(1));

    const result = await housekeepingJob(db).run({ now, scheduledFor: now });

    expect(result).toEqual({ deletedRuns: 0, deletedReceipts: 1, deletedWebLinks: 0 });
    expect((await db.select({ key: slackReceipts.key }).from(slackReceipts)).map((r) => r.key)).toEqual([
      'event:Ev0DAY',
      'event:Ev0NEW',
    ]);
    expect(await claimEvent(db, 'Ev0OLD', now)).toBe(true);
    expect(await claimEvent(db, 'Ev0NEW', now)).toBe(false);
  });

  it('runs nightly at 03:30 in the scheduler time zone and reports what it deleted', async () => {
    await seedRun(db, 'digest', daysAgo(120));
    await seedRun(db, 'digest', daysAgo(100));
    const clock = new ManualClock(now);
    const scheduler = createScheduler({
      db,
      clock,
      timeZone,
      jobs: buildJobs(serviceContext(db, clock)),
      logger: quietLogger(),
    });

    expect(scheduler.nextRun('housekeeping', new Date('2026-06-30T00:00:00Z'))).toEqual(
      new Date('2026-06-30T07:30:00Z'),
    );
    expect(await scheduler.runJob('housekeeping', now)).toBe('succeeded');
    expect(await runsOf(db, 'housekeeping')).toMatchObject([
      { status: 'succeeded', summary: { deletedRuns: 1 } },
    ]);
    expect(await db.select().from(jobRuns)).toHaveLength(2);
  });
});
