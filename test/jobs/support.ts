import { asc, eq } from 'drizzle-orm';
import { vi } from 'vitest';
import type { Db } from '../../db/client.js';
import { jobRuns, jobSchedules } from '../../db/schema/index.js';
import type { JobRunStatus } from '../../src/domain/enums.js';
import { openTestDatabase } from '../helpers/database.js';

export const timeZone = 'America/Detroit';

export async function openTestDb(): Promise<{ db: Db; close(): Promise<void> }> {
  const { db, close } = await openTestDatabase();
  return { db, close };
}

export function quietLogger() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

export async function runsOf(db: Db, job: string) {
  return db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(asc(jobRuns.id));
}

export async function seedSchedule(
  db: Db,
  job: string,
  pattern: string,
  registeredAt: string,
): Promise<void> {
  await db.insert(jobSchedules).values({ job, pattern, registeredAt: new Date(registeredAt) });
}

export async function seedRun(
  db: Db,
  job: string,
  scheduledFor: string,
  status: JobRunStatus = 'succeeded',
  startedAt: string = scheduledFor,
): Promise<void> {
  const at = new Date(startedAt);
  await db.insert(jobRuns).values({
    job,
    scheduledFor: new Date(scheduledFor),
    startedAt: at,
    finishedAt: status === 'running' ? null : at,
    status,
  });
}

/** A promise the test settles by hand, to hold a job mid-run. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
