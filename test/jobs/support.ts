import { asc, eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { type Db, openDatabase } from '../../db/client.js';
import { jobRuns, jobSchedules } from '../../db/schema/index.js';
import type { JobRunStatus } from '../../src/domain/enums.js';

export const timeZone = 'America/Detroit';

export function openTestDb(): { db: Db; close(): void } {
  const { db, close } = openDatabase(':memory:');
  return { db, close };
}

export function quietLogger() {
  return { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
}

export function runsOf(db: Db, job: string) {
  return db.select().from(jobRuns).where(eq(jobRuns.job, job)).orderBy(asc(jobRuns.id)).all();
}

export function seedSchedule(db: Db, job: string, pattern: string, registeredAt: string): void {
  db.insert(jobSchedules)
    .values({ job, pattern, registeredAt: new Date(registeredAt) })
    .run();
}

export function seedRun(
  db: Db,
  job: string,
  scheduledFor: string,
  status: JobRunStatus = 'succeeded',
  startedAt: string = scheduledFor,
): void {
  const at = new Date(startedAt);
  db.insert(jobRuns)
    .values({
      job,
      scheduledFor: new Date(scheduledFor),
      startedAt: at,
      finishedAt: status === 'running' ? null : at,
      status,
    })
    .run();
}

/** A promise the test settles by hand, to hold a job mid-run. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
