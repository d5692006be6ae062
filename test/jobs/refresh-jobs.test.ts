import { afterEach, describe, expect, it } from 'vitest';
import { jobRuns } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { buildJobs } from '../../src/jobs/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeTicket, seedWorld } from '../helpers/factories.js';
import { serviceContext } from '../helpers/world.js';
import { at, outboxRows } from '../services/refresh/timers/support.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.stop();
  app = undefined;
});

describe('the refresh jobs', () => {
  it('are scheduled at the SPEC §2.2 times in the organisation’s time zone', async () => {
    const clock = new ManualClock(at('2026-11-16 10:00'));
    app = await startTestApp({ clock });
    const { scheduler } = app.otto;
    expect(buildJobs(serviceContext(app.otto.ctx.db, clock)).map((job) => [job.name, job.schedule])).toEqual([
      ['housekeeping', '30 3 * * *'],
      ['refresh-invitations', '5 10 * * *'],
      ['refresh-reminders', '10 10 * * *'],
      ['approver-digest', '0 8 * * 5'],
      ['itsm-sync', '0 7,19 * * *'],
      ['replacement-lookup', '*/5 * * * *'],
      ['slot-generation', '0 1 * * *'],
      ['slot-discovery', '0 7,13 * * *'],
      ['appointment-reminders', '30 9 * * *'],
      ['held-appointments', '20 7-21 * * *'],
      ['desk-pending-escalation', '*/5 5-18 * * 1-5'],
    ]);
    expect(scheduler.nextRun('refresh-invitations')).toEqual(at('2026-11-16 10:05'));
    expect(scheduler.nextRun('refresh-reminders')).toEqual(at('2026-11-16 10:10'));
    expect(scheduler.nextRun('approver-digest')).toEqual(at('2026-11-20 08:00'));
    // Across the spring change to daylight time (Sunday March 14, 2027) the wall clock holds.
    expect(scheduler.nextRun('approver-digest', at('2027-03-13 09:00'))).toEqual(
      new Date('2027-03-19T12:00:00.000Z'),
    );
  });

  it('catch up once after downtime and send nothing twice', async () => {
    const clock = new ManualClock(at('2026-11-16 10:00'));
    app = await startTestApp({ clock });
    const { db, calendar } = app.otto.ctx;
    const world = await seedWorld(db);
    await makeTicket(db, world, { invitationDueAt: calendar.invitationTime(clock.now()) });
    await makeTicket(db, world, { status: 'requires_approval' });
    expect(await app.otto.scheduler.catchUp()).toEqual([]);

    // Down from Monday until Friday 13:00: Tuesday's 10:05 invitation and Friday's 08:00 digest were missed.
    clock.set(at('2026-11-20 13:00'));
    expect(await app.otto.scheduler.catchUp()).toEqual([
      'housekeeping',
      'refresh-invitations',
      'refresh-reminders',
      'approver-digest',
      'itsm-sync',
      'replacement-lookup',
      'slot-generation',
      'slot-discovery',
      'appointment-reminders',
      'held-appointments',
      'desk-pending-escalation',
    ]);
    expect((await outboxRows(db)).map((r) => [r.notice, r.channel])).toEqual([
      ['invitation', 'slack_dm'],
      ['invitation', 'email'],
      ['approver_digest', 'slack_dm'],
      ['approver_digest', 'email'],
    ]);
    expect(
      (await db.select({ job: jobRuns.job, summary: jobRuns.summary }).from(jobRuns)).filter(
        (r) =>
          ![
            'housekeeping',
            'itsm-sync',
            'replacement-lookup',
            'slot-generation',
            'slot-discovery',
            'appointment-reminders',
            'held-appointments',
            'desk-pending-escalation',
          ].includes(r.job),
      ),
    ).toEqual([
      { job: 'refresh-invitations', summary: { invited: 1, unreachable: 0 } },
      { job: 'refresh-reminders', summary: { expired: 0, reminded: 0 } },
      { job: 'approver-digest', summary: { approvers: 1, emails: 1, failed: [] } },
    ]);

    // A restart the same day, and the next scheduled runs, find nothing left to send.
    expect(await app.otto.scheduler.catchUp()).toEqual([]);
    clock.set(at('2026-11-20 13:30'));
    for (const job of ['refresh-invitations', 'refresh-reminders', 'approver-digest']) {
      expect(await app.otto.scheduler.runJob(job)).toBe('succeeded');
    }
    expect(await outboxRows(db)).toHaveLength(4);
  });
});
