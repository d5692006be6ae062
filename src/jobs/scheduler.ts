import { Cron } from 'croner';
import { and, eq, inArray, isNull, lt, max, ne, notInArray, or } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jobRuns, jobSchedules } from '../../db/schema/index.js';
import { afterCommit } from '../../db/scope.js';
import type { Clock } from '../clock.js';
import { runCounts } from './run-summary.js';

export interface JobContext {
  /** The clock's time when the run starts. */
  now: Date;
  /** The tick this run stands for (the time of a manual run that names none). */
  scheduledFor: Date;
}

export interface JobDefinition {
  name: string;
  /** Cron pattern (5 or 6 parts), read in the scheduler's time zone. */
  schedule: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: a job with nothing to report just returns
  run(ctx: JobContext): Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
}

export interface JobLogger {
  /** Runs that found nothing to do; without it they are not logged. */
  debug?(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export type JobRunOutcome = 'succeeded' | 'failed' | 'skipped';

export interface DueTick {
  job: string;
  at: Date;
}

export interface TickRun extends DueTick {
  outcome: JobRunOutcome;
}

export interface Scheduler {
  /** The job names, in registration order. */
  readonly jobNames: readonly string[];
  /**
   * Registers new jobs, catches up on missed ticks, then arms one croner timer per job, or with
   * `pollMs` starts polling the clock instead; and every third of a lease looks for ticks whose
   * claim ran out (see takeOverAbandonedRuns).
   */
  start(): Promise<void>;
  /** Stops the timers and waits for the runs in progress. */
  stop(): Promise<void>;
  /**
   * Runs, once, each job with a tick in (its last run's tick or its registration, now]; the run
   * stands for the latest such tick. Returns the names of the jobs that ran.
   */
  catchUp(): Promise<string[]>;
  /**
   * Takes over, for each job, a tick another replica claimed and stopped renewing (it died mid-run):
   * the job's latest tick runs again here, as catch-up would run it. Abandoned runs left for older
   * ticks are closed as interrupted. `start` does this every third of a lease.
   */
  takeOverAbandonedRuns(): Promise<void>;
  /** Runs a job now unless it is already running ('skipped'); records the run in job_runs. */
  runJob(name: string, scheduledFor?: Date): Promise<JobRunOutcome>;
  /**
   * Asks for a run of the job soon: now, or once more right after the run in progress (which may
   * have read its work before the caller's). Wakes while one is pending add nothing, so callers
   * may wake once per item. The run starts on a later microtask, and a wake from inside a
   * transaction once it has committed.
   */
  wake(name: string): void;
  /**
   * Every tick of every job in (from, to], in time order, ties in registration order: what the
   * sandbox clock runs on its way. A job with more than `maxTicksPerJob` ticks in the range
   * keeps only its latest ones, as if the earlier ones had been missed while the app was down.
   */
  dueBetween(from: Date, to: Date): DueTick[];
  /** The job's first tick after `after` (default: now), or undefined if the pattern has none. */
  nextRun(name: string, after?: Date): Date | undefined;
  /**
   * Runs each tick in (the last one run this way, `to` or now], in order, each once, calling
   * `beforeRun` first (clock control sets its clock there). Calls never overlap. A scheduler that
   * is not polling has no last tick: it starts from now.
   */
  runDue(to?: Date, beforeRun?: (tick: DueTick) => void): Promise<TickRun[]>;
}

export interface SchedulerOptions {
  db: Db;
  clock: Clock;
  /** IANA time zone the patterns are read in, e.g. 'America/Detroit'. */
  timeZone: string;
  /** In registration order: the order of catch-up and of ties in dueBetween. */
  jobs: JobDefinition[];
  logger?: JobLogger;
  /** Bound on the ticks dueBetween returns per job (default 1000). */
  maxTicksPerJob?: number;
  /**
   * Follow the clock instead of real time: every `pollMs`, run the ticks that came due (clock
   * control, where the clock jumps ahead and croner's real-time timers would be wrong).
   */
  pollMs?: number;
  /**
   * How long a run's claim on its tick lasts unless renewed (default one minute; renewed every
   * third of it while the run works). Another replica takes over a tick whose claim ran out: it
   * looks for them every third of a lease too.
   */
  leaseMs?: number;
}

/** Written to a run left 'running' by a process that stopped during it. */
export const interruptedRunError = 'interrupted: the app stopped during this run';

const defaultMaxTicksPerJob = 1000;
const defaultLeaseMs = 60_000;

interface ScheduledJob {
  definition: JobDefinition;
  /** Paused: used only for tick arithmetic. */
  ticks: Cron;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { db, clock, timeZone } = opts;
  const logger = opts.logger ?? console;
  const maxTicksPerJob = opts.maxTicksPerJob ?? defaultMaxTicksPerJob;
  const leaseMs = opts.leaseMs ?? defaultLeaseMs;
  assertTimeZone(timeZone);

  const jobs = new Map<string, ScheduledJob>();
  for (const definition of opts.jobs) {
    if (jobs.has(definition.name)) throw new Error(`Job '${definition.name}' is defined twice`);
    jobs.set(definition.name, { definition, ticks: tickCalculator(definition, timeZone) });
  }

  // The in-process guard: a job runs at most once at a time, whoever asks.
  const running = new Map<string, Promise<JobRunOutcome | undefined>>();
  // Jobs woken while running: they run once more when the current run ends.
  const wokenWhileRunning = new Set<string>();
  const activeRunIds = new Set<number>();
  let timers: Cron[] = [];
  let poll: NodeJS.Timeout | undefined;
  let sweep: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  let started = false;
  let stopped = false;
  // Polling only: every tick up to here has run.
  let checkedUntil: Date | undefined;
  let following: Promise<unknown> = Promise.resolve();

  function jobNamed(name: string): ScheduledJob {
    const job = jobs.get(name);
    if (!job) throw new Error(`Unknown job '${name}'`);
    return job;
  }

  async function register(): Promise<void> {
    const now = clock.now();
    const known = new Map((await db.select().from(jobSchedules)).map((s) => [s.job, s]));
    for (const { definition } of jobs.values()) {
      const schedule = known.get(definition.name);
      if (!schedule) {
        await db
          .insert(jobSchedules)
          .values({ job: definition.name, pattern: definition.schedule, registeredAt: now })
          .onConflictDoNothing();
      } else if (schedule.pattern !== definition.schedule) {
        logger.info(
          `job ${definition.name}: schedule changed from '${schedule.pattern}' to '${definition.schedule}'`,
        );
        await db
          .update(jobSchedules)
          .set({ pattern: definition.schedule })
          .where(eq(jobSchedules.job, definition.name));
      }
    }
  }

  /** The instant after which a tick counts as missed: the last finished run's tick, or registration. */
  async function coveredUntil(name: string): Promise<Date | undefined> {
    const [last] = await db
      .select({ at: max(jobRuns.scheduledFor) })
      .from(jobRuns)
      .where(and(eq(jobRuns.job, name), ne(jobRuns.status, 'running')));
    const lastRun = last?.at;
    const [schedule] = await db
      .select({ at: jobSchedules.registeredAt })
      .from(jobSchedules)
      .where(eq(jobSchedules.job, name))
      .limit(1);
    const registeredAt = schedule?.at;
    if (!lastRun) return registeredAt;
    if (!registeredAt) return lastRun;
    return new Date(Math.max(lastRun.getTime(), registeredAt.getTime()));
  }

  /**
   * Runs the job for its latest tick at or before now, unless a run already stands for it. The
   * job's guard is held from the read of its last run on, so no other run starts in between.
   */
  function runIfDue(job: ScheduledJob): Promise<JobRunOutcome | undefined> {
    return guarded(job.definition.name, async () => {
      const now = clock.now();
      const since = (await coveredUntil(job.definition.name)) ?? now;
      const tick = latestTickIn(job.ticks, since, now);
      if (!tick) return undefined;
      return execute(job.definition, tick);
    });
  }

  /**
   * Claims the tick for this process: by inserting its run (one per job and tick, so of several
   * replicas ticking together one wins), or by taking over a run whose claim ran out (its replica
   * died mid-run; the work's own dedupe keys keep what it already did from happening twice).
   */
  async function claim(
    job: string,
    scheduledFor: Date,
    onDemand: boolean,
  ): Promise<{ id: number; leaseUntil: Date } | undefined> {
    const now = clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    const [fresh] = await db
      .insert(jobRuns)
      .values({ job, scheduledFor, startedAt: now, status: 'running', leaseUntil, onDemand })
      .onConflictDoNothing()
      .returning({ id: jobRuns.id });
    if (fresh) return { id: fresh.id, leaseUntil };
    const [taken] = await db
      .update(jobRuns)
      .set({ startedAt: now, leaseUntil })
      .where(
        and(
          eq(jobRuns.job, job),
          eq(jobRuns.scheduledFor, scheduledFor),
          eq(jobRuns.status, 'running'),
          or(isNull(jobRuns.leaseUntil), lt(jobRuns.leaseUntil, now)),
          notInArray(jobRuns.id, [...activeRunIds]),
        ),
      )
      .returning({ id: jobRuns.id });
    if (taken)
      logger.warn(`job ${job}: took over the run for ${scheduledFor.toISOString()} its replica left`);
    return taken && { id: taken.id, leaseUntil };
  }

  async function execute(job: JobDefinition, scheduledFor: Date, onDemand = false): Promise<JobRunOutcome> {
    const claimed = await claim(job.name, scheduledFor, onDemand);
    if (!claimed) {
      logger.info(`job ${job.name}: the run for ${scheduledFor.toISOString()} is another replica's`);
      return 'skipped';
    }
    const { id } = claimed;
    let lease = claimed.leaseUntil;
    // Guarded by the lease this process set last: a run taken over meanwhile is not overwritten.
    const ours = () => and(eq(jobRuns.id, id), eq(jobRuns.status, 'running'), eq(jobRuns.leaseUntil, lease));
    const renewal = setInterval(() => {
      const next = new Date(clock.now().getTime() + leaseMs);
      void db
        .update(jobRuns)
        .set({ leaseUntil: next })
        .where(ours())
        .returning({ id: jobRuns.id })
        .then(
          (renewed) => {
            if (renewed.length > 0) lease = next;
            else logger.warn(`job ${job.name}: another replica took its run over`);
          },
          (error: unknown) => logger.error(`job ${job.name}: its claim could not be renewed`, error),
        );
    }, leaseMs / 3);
    renewal.unref();
    activeRunIds.add(id);
    const finish = async (values: Partial<typeof jobRuns.$inferInsert>) => {
      clearInterval(renewal);
      const marked = await db
        .update(jobRuns)
        .set({ ...values, finishedAt: clock.now(), leaseUntil: null })
        .where(ours())
        .returning({ id: jobRuns.id });
      if (marked.length === 0)
        logger.warn(`job ${job.name}: its run was taken over; the other replica records it`);
    };
    try {
      const summary = await job.run({ now: clock.now(), scheduledFor });
      await finish({
        status: 'succeeded',
        summary: typeof summary === 'object' && summary !== null ? summary : null,
      });
      // One line per run, with its counts; a run with nothing to do only at debug level, so a
      // five-minute job (or a clock moved days ahead) does not fill the log with empty runs.
      const counts = runCounts(summary);
      const line = `job ${job.name} succeeded for ${scheduledFor.toISOString()}${counts.text ? `: ${counts.text}` : ''}`;
      if (counts.idle) logger.debug?.(line);
      else logger.info(line);
      return 'succeeded';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await finish({ status: 'failed', error: message });
      logger.error(`job ${job.name} failed`, error);
      return 'failed';
    } finally {
      clearInterval(renewal);
      activeRunIds.delete(id);
    }
  }

  /** Runs `work` under the job's guard, unless the job is already running ('skipped'). */
  function guarded<T extends JobRunOutcome | undefined>(
    name: string,
    work: () => Promise<T>,
  ): Promise<T | 'skipped'> {
    if (running.has(name)) {
      logger.warn(`job ${name} is still running; this run is skipped`);
      return Promise.resolve('skipped');
    }
    // Start on the next microtask, so the guard is in place before any of the job's own code runs.
    const run = Promise.resolve()
      .then(work)
      .finally(() => running.delete(name));
    running.set(name, run);
    return run;
  }

  function runJob(name: string, scheduledFor?: Date): Promise<JobRunOutcome> {
    const job = jobs.get(name);
    if (!job) return Promise.reject(new Error(`Unknown job '${name}'`));
    // A run for no named tick is on demand: it claims nothing another replica could also claim.
    return guarded(name, () =>
      execute(job.definition, scheduledFor ?? clock.now(), scheduledFor === undefined),
    );
  }

  function wake(name: string): void {
    // From inside a transaction, once it has committed: what woke the job is then there to read.
    if (!stopped) afterCommit(() => runWoken(name), `wake ${name}`);
  }

  function runWoken(name: string): void {
    if (stopped) return;
    const current = running.get(name);
    if (!current) {
      void runJob(name).catch((error) => logger.error(`job ${name} could not be woken`, error));
      return;
    }
    if (wokenWhileRunning.has(name)) return;
    wokenWhileRunning.add(name);
    const again = () => {
      wokenWhileRunning.delete(name);
      runWoken(name);
    };
    void current.then(again, again);
  }

  async function catchUp(): Promise<string[]> {
    await register();
    const ran: string[] = [];
    for (const job of jobs.values()) {
      const outcome = await runIfDue(job);
      if (outcome === 'succeeded' || outcome === 'failed') ran.push(job.definition.name);
    }
    return ran;
  }

  /**
   * Runs left 'running' by a process that stopped (their claim ran out, or was never taken, from
   * before claims) will never finish; catch-up has run their job's latest tick again. `only`
   * limits this to the jobs named.
   */
  async function closeInterruptedRuns(only?: string[]): Promise<void> {
    const now = clock.now();
    const closed = await db
      .update(jobRuns)
      .set({ status: 'failed', finishedAt: now, error: interruptedRunError, leaseUntil: null })
      .where(
        and(
          eq(jobRuns.status, 'running'),
          or(isNull(jobRuns.leaseUntil), lt(jobRuns.leaseUntil, now)),
          notInArray(jobRuns.id, [...activeRunIds]),
          only ? inArray(jobRuns.job, only) : undefined,
        ),
      )
      .returning({ id: jobRuns.id });
    if (closed.length > 0) logger.warn(`closed ${closed.length} interrupted job run(s)`);
  }

  async function takeOverAbandonedRuns(): Promise<void> {
    const abandoned = await db
      .selectDistinct({ job: jobRuns.job })
      .from(jobRuns)
      .where(
        and(
          eq(jobRuns.status, 'running'),
          eq(jobRuns.onDemand, false),
          lt(jobRuns.leaseUntil, clock.now()),
          notInArray(jobRuns.id, [...activeRunIds]),
        ),
      );
    const handled: string[] = [];
    for (const { job } of abandoned) {
      const scheduled = jobs.get(job);
      // A job this process is running now is left for a later look, when that run has ended.
      if (!scheduled || running.has(job) || stopped) continue;
      await runIfDue(scheduled);
      handled.push(job);
    }
    if (handled.length > 0) await closeInterruptedRuns(handled);
  }

  async function start(): Promise<void> {
    if (started) return;
    started = true;
    stopped = false;
    const caughtUp = await catchUp();
    if (caughtUp.length > 0) logger.info(`caught up on missed jobs: ${caughtUp.join(', ')}`);
    await closeInterruptedRuns();
    if (!started) return; // stopped while catching up
    sweep = setInterval(() => {
      if (sweeping !== undefined) return;
      sweeping = takeOverAbandonedRuns()
        .catch((error) => logger.error('abandoned job runs could not be taken over', error))
        .finally(() => {
          sweeping = undefined;
        });
    }, leaseMs / 3);
    sweep.unref();
    if (opts.pollMs !== undefined) {
      checkedUntil = clock.now();
      let polling = false;
      poll = setInterval(() => {
        if (polling) return;
        polling = true;
        void runDue()
          .catch((error) => logger.error('due jobs could not be run', error))
          .finally(() => {
            polling = false;
          });
      }, opts.pollMs);
      poll.unref();
      return;
    }
    timers = [...jobs.values()].map(
      (job) =>
        new Cron(job.definition.schedule, { timezone: timeZone, protect: true }, async () => {
          try {
            await runIfDue(job);
          } catch (error) {
            logger.error(`job ${job.definition.name} could not be run`, error);
          }
        }),
    );
  }

  async function stop(): Promise<void> {
    for (const timer of timers) timer.stop();
    timers = [];
    clearInterval(poll);
    poll = undefined;
    clearInterval(sweep);
    sweep = undefined;
    checkedUntil = undefined;
    started = false;
    stopped = true;
    await sweeping;
    await Promise.allSettled([...running.values()]);
  }

  function dueBetween(from: Date, to: Date): DueTick[] {
    const due: DueTick[] = [];
    for (const job of jobs.values()) {
      const ticks = ticksIn(job.ticks, from, to, maxTicksPerJob);
      if (ticks.truncated) {
        logger.warn(
          `job ${job.definition.name}: more than ${maxTicksPerJob} ticks between ${from.toISOString()} and ${to.toISOString()}; only the latest ${maxTicksPerJob} are due`,
        );
      }
      for (const at of ticks.at) due.push({ job: job.definition.name, at });
    }
    // Array.prototype.sort is stable, so ties keep registration order.
    return due.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  function nextRun(name: string, after?: Date): Date | undefined {
    return jobNamed(name).ticks.nextRun(after ?? clock.now()) ?? undefined;
  }

  function runDue(to?: Date, beforeRun?: (tick: DueTick) => void): Promise<TickRun[]> {
    const run = following.then(async () => {
      const from = checkedUntil ?? clock.now();
      const until = to ?? clock.now();
      const ran: TickRun[] = [];
      if (until <= from) return ran;
      for (const tick of dueBetween(from, until)) {
        if (stopped) break;
        beforeRun?.(tick);
        ran.push({ ...tick, outcome: await runJob(tick.job, tick.at) });
        if (checkedUntil) checkedUntil = tick.at;
      }
      if (checkedUntil) checkedUntil = until;
      return ran;
    });
    following = run.catch(() => undefined);
    return run;
  }

  return {
    jobNames: [...jobs.keys()],
    start,
    stop,
    catchUp,
    takeOverAbandonedRuns,
    runJob,
    wake,
    dueBetween,
    nextRun,
    runDue,
  };
}

function tickCalculator(job: JobDefinition, timeZone: string): Cron {
  try {
    return new Cron(job.schedule, { timezone: timeZone, paused: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Job '${job.name}' has a bad schedule '${job.schedule}': ${reason}`);
  }
}

function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(`Unknown time zone '${timeZone}'`);
  }
}

/**
 * The latest tick in (after, until], or undefined. Two look-ups whatever the gap: croner finds the
 * first tick after `after` and the last one before `until` without stepping through those between.
 */
function latestTickIn(ticks: Cron, after: Date, until: Date): Date | undefined {
  const first = ticks.nextRun(after);
  if (!first || first > until) return undefined;
  // Ticks are whole seconds; previousRuns excludes its reference, so look from just after `until`.
  const [latest] = ticks.previousRuns(1, new Date(until.getTime() + 1));
  return latest && latest > after && latest <= until ? latest : first;
}

/** The ticks in (from, to], oldest first: all of them, or the latest `limit` if there are more. */
function ticksIn(ticks: Cron, from: Date, to: Date, limit: number): { at: Date[]; truncated: boolean } {
  const at: Date[] = [];
  for (let next = ticks.nextRun(from); next && next <= to; next = ticks.nextRun(next)) {
    if (at.length === limit) {
      const latest = ticks
        .previousRuns(limit, new Date(to.getTime() + 1))
        .filter((tick) => tick > from && tick <= to)
        .reverse();
      return { at: latest, truncated: true };
    }
    at.push(next);
  }
  return { at, truncated: false };
}
