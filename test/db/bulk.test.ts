import { asc } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertRows, updateRows } from '../../db/bulk.js';
import type { OpenDatabase } from '../../db/client.js';
import { jobRuns, people } from '../../db/schema/index.js';
import { onPostgres, openTestDatabase } from '../helpers/database.js';

describe(`insertRows on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let database: OpenDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await database.close();
  });

  it('writes instants, flags, JSON, nulls and left-out defaults as drizzle reads them back', async () => {
    const startedAt = new Date('2026-04-15T12:30:00.123Z');
    const { count } = await insertRows(database.db, jobRuns, [
      {
        job: 'digest',
        scheduledFor: startedAt,
        startedAt,
        status: 'succeeded',
        onDemand: true,
        summary: { sent: 3 },
      },
      { job: 'digest', scheduledFor: startedAt, startedAt, status: 'failed', error: 'it broke' },
    ]);

    expect(count).toBe(2);
    const rows = await database.db
      .select({
        scheduledFor: jobRuns.scheduledFor,
        status: jobRuns.status,
        onDemand: jobRuns.onDemand,
        summary: jobRuns.summary,
        error: jobRuns.error,
        finishedAt: jobRuns.finishedAt,
      })
      .from(jobRuns)
      .orderBy(asc(jobRuns.id));
    expect(rows).toEqual([
      {
        scheduledFor: startedAt,
        status: 'succeeded',
        onDemand: true,
        summary: { sent: 3 },
        error: null,
        finishedAt: null,
      },
      {
        scheduledFor: startedAt,
        status: 'failed',
        onDemand: false,
        summary: null,
        error: 'it broke',
        finishedAt: null,
      },
    ]);
  });

  it('writes more rows than one statement takes, skips the ones a unique index refuses, and returns what it inserted', async () => {
    await database.db.insert(people).values({ email: 'p0600@example.edu', name: 'Already here' });
    const rows = Array.from({ length: 1201 }, (_, i) => ({
      email: `p${String(i).padStart(4, '0')}@example.edu`,
      name: `Person ${i}`,
    }));

    const { count, returned } = await insertRows(database.db, people, rows, {
      onConflictDoNothing: ['email'],
      returning: ['email', 'name'],
    });

    expect(count).toBe(1200);
    expect(returned).toHaveLength(1200);
    expect(returned.map(([email]) => email)).not.toContain('p0600@example.edu');
    expect(returned.find(([email]) => email === 'p1200@example.edu')).toEqual([
      'p1200@example.edu',
      'Person 1200',
    ]);
    const stored = await database.db.select({ email: people.email, name: people.name }).from(people);
    expect(stored).toHaveLength(1201);
    expect(stored.find((p) => p.email === 'p0600@example.edu')?.name).toBe('Already here');
  });

  it('keeps hostile text as text', async () => {
    const name = `Robert'); drop table people; -- "x" \\ ?1 $1`;
    await insertRows(database.db, people, [{ email: 'bobby@example.edu', name }]);
    expect(await database.db.select({ name: people.name }).from(people)).toEqual([{ name }]);
  });

  it('inserts nothing for no rows', async () => {
    expect(await insertRows(database.db, people, [])).toEqual({ count: 0, returned: [] });
  });

  it('updates each row with its own values in one go, leaving rows the guard protects and writing nulls', async () => {
    const { returned } = await insertRows(
      database.db,
      people,
      [
        { email: 'a@example.edu', name: 'A', slackUserId: null },
        { email: 'b@example.edu', name: 'B', slackUserId: 'U0TAKEN' },
        { email: 'c@example.edu', name: 'C', slackUserId: null },
      ],
      { returning: ['id'] },
    );
    const [a, b, c] = returned.map(([id]) => id as number);

    const changed = await updateRows(
      database.db,
      people,
      [
        { id: a!, name: 'Ann', slackUserId: 'U0ANN' },
        { id: b!, name: 'Bo', slackUserId: 'U0BO' },
        { id: c!, name: null, slackUserId: 'U0CY' },
      ],
      { key: 'id', whileNull: ['slackUserId'] },
    );

    expect(changed).toBe(2);
    const rows = await database.db
      .select({ name: people.name, slackUserId: people.slackUserId })
      .from(people)
      .orderBy(asc(people.id));
    expect(rows).toEqual([
      { name: 'Ann', slackUserId: 'U0ANN' },
      { name: 'B', slackUserId: 'U0TAKEN' },
      { name: null, slackUserId: 'U0CY' },
    ]);
  });
});
