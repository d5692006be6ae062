import { and, count, eq, lt, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../db/client.js';
import { jobRuns, people, scheduleSlots, supportTeams } from '../../db/schema/index.js';
import { onPostgres, openTestDatabase } from '../helpers/database.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`transactions on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let database: OpenDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  const peopleCount = async () => (await database.db.select({ n: count() }).from(people))[0]?.n;

  it('keep nothing of a multi-row change that fails halfway, across awaits', async () => {
    const { db } = database;
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(people).values({ email: 'a@example.edu', name: 'Ann' });
        await pause(5);
        await tx.insert(people).values({ email: 'b@example.edu', name: 'Bo' });
        await tx.update(people).set({ name: 'Ann Lee' }).where(eq(people.email, 'a@example.edu'));
        // The third row breaks the unique e-mail: the first two go with it.
        await tx.insert(people).values({ email: 'a@example.edu', name: 'Ann again' });
      }),
    ).rejects.toThrow();
    expect(await peopleCount()).toBe(0);
  });

  it('keep everything when the work resolves, and hand back its result', async () => {
    const ids = await database.db.transaction(async (tx) => {
      const rows = await tx
        .insert(people)
        .values([{ email: 'a@example.edu' }, { email: 'b@example.edu' }])
        .returning({ id: people.id });
      return rows.map((r) => r.id);
    });
    expect(ids).toHaveLength(2);
    expect(await peopleCount()).toBe(2);
  });

  it('are not seen half done from outside, and what is written outside meanwhile is kept when they fail', async () => {
    const { db } = database;
    let seenDuring: number | undefined;
    const failing = db.transaction(async (tx) => {
      await tx.insert(people).values({ email: 'inside@example.edu' });
      await pause(30);
      throw new Error('halfway');
    });
    await pause(5);
    // Outside the transaction, while it is open.
    const outside = (async () => {
      seenDuring = await peopleCount();
      await db.insert(people).values({ email: 'outside@example.edu' });
    })();
    await expect(failing).rejects.toThrow('halfway');
    await outside;
    expect(seenDuring).toBe(0);
    const left = await db.select({ email: people.email }).from(people);
    expect(left).toEqual([{ email: 'outside@example.edu' }]);
  });

  it('roll a nested transaction back to its savepoint and keep the outer work', async () => {
    const { db } = database;
    await db.transaction(async (tx) => {
      await tx.insert(people).values({ email: 'outer@example.edu' });
      await expect(
        tx.transaction(async (inner) => {
          await inner.insert(people).values({ email: 'inner@example.edu' });
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
    });
    expect(await db.select({ email: people.email }).from(people)).toEqual([{ email: 'outer@example.edu' }]);
  });

  it('let 50 concurrent guarded updates fill a slot of 3 seats exactly', async () => {
    const { db } = database;
    const [team] = await db
      .insert(supportTeams)
      .values({ name: 'North', createdAt: new Date('2026-12-01T00:00:00Z') })
      .returning({ id: supportTeams.id });
    const at = new Date('2026-12-08T15:00:00Z');
    const [slot] = await db
      .insert(scheduleSlots)
      .values({ supportTeamId: team!.id, startsAt: at, endsAt: at, capacity: 3 })
      .returning({ id: scheduleSlots.id });
    const takes = await Promise.all(
      Array.from({ length: 50 }, () =>
        db.transaction(async (tx) => {
          const taken = await tx
            .update(scheduleSlots)
            .set({ booked: sql`${scheduleSlots.booked} + 1` })
            .where(and(eq(scheduleSlots.id, slot!.id), lt(scheduleSlots.booked, scheduleSlots.capacity)))
            .returning({ booked: scheduleSlots.booked });
          return taken.length;
        }),
      ),
    );
    expect(takes.reduce((a, b) => a + b, 0)).toBe(3);
    const [after] = await db.select({ booked: scheduleSlots.booked }).from(scheduleSlots);
    expect(after).toEqual({ booked: 3 });
  });

  it('read instants, flags and JSON back as they were written', async () => {
    const { db } = database;
    const at = new Date('2026-12-08T15:00:00.123Z');
    await db.insert(people).values({ email: 'a@example.edu', slackLookedUpAt: at });
    const [row] = await db.select({ at: people.slackLookedUpAt }).from(people);
    expect(row?.at?.toISOString()).toBe('2026-12-08T15:00:00.123Z');
    const rows = await db.rows<{ email: string }>(
      sql`select email from people where slack_looked_up_at = ${at}`,
    );
    expect(rows).toEqual([{ email: 'a@example.edu' }]);

    const summary = { sent: 3, to: ['Ann', 'Bo'], note: null };
    await db.insert(jobRuns).values({
      job: 'digest',
      scheduledFor: at,
      startedAt: at,
      status: 'succeeded',
      summary,
      onDemand: true,
    });
    const [run] = await db.select({ summary: jobRuns.summary, onDemand: jobRuns.onDemand }).from(jobRuns);
    expect(run).toEqual({ summary, onDemand: true });
  });

  it.skipIf(!onPostgres)(
    'refuse, on PostgreSQL, a statement sent to the pool from inside a transaction',
    async () => {
      const { db } = database;
      await expect(
        db.transaction(async (tx) => {
          await tx.insert(people).values({ email: 'a@example.edu' });
          // Another connection: outside the transaction, and blind to the row above.
          await db.select().from(people);
        }),
      ).rejects.toMatchObject({ cause: { message: expect.stringContaining("use the transaction's tx") } });
      expect(await peopleCount()).toBe(0);
      // Once the transaction is over, the pool serves everyone again.
      await db.transaction(async (tx) => tx.insert(people).values({ email: 'b@example.edu' }));
      expect(await peopleCount()).toBe(1);
    },
  );
});
