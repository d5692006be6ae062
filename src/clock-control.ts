// Clock control (OTTO_CLOCK_CONTROL, a production setting; the sandbox always turns it on):
// `GET /sandbox/clock` tells the app's time and the jobs' next runs; `POST /sandbox/clock` moves the
// time forward, running every job that falls due on the way, in order, and answers once their
// notices are delivered. The path keeps its name: scripts and the sandbox page call it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import { max } from 'drizzle-orm';
import { DateTime, Duration } from 'luxon';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { jobRuns } from '../db/schema/index.js';
import type { SettableClock } from './clock.js';
import { formatMoment } from './domain/calendar/format-date-time.js';
import type { BusinessCalendar } from './domain/calendar/index.js';
import type { Dispatcher } from './effects/dispatcher.js';
import type { Scheduler } from './jobs/index.js';
import type { Logger } from './logger.js';

export const clockControlPath = '/sandbox/clock';

const maxBodyBytes = 16 * 1024;
// A year of demo at most: every tick on the way runs.
const maxMoveMs = 366 * 24 * 60 * 60_000;
// Each delivery round can write rows of its own (an ITSM ticket's channel post); a few rounds drain them.
const maxDeliveryRounds = 10;

const oneMove =
  'the body must be a JSON object with exactly one of "set", "advance", "advanceBusinessDays" or "toNextRunOf"';

const isForwardDuration = (text: string) => {
  const duration = Duration.fromISO(text);
  return duration.isValid && duration.toMillis() > 0;
};

/** One way to move the clock forward. */
export const ClockMove = z
  .strictObject(
    {
      set: z.iso
        .datetime({
          offset: true,
          error: '"set" must be an ISO 8601 date-time with a zone, e.g. 2026-11-20T15:30:00Z',
        })
        .optional(),
      advance: z
        .string({ error: '"advance" must be an ISO 8601 duration, e.g. PT3H or P2D' })
        .max(64, { error: '"advance" must be an ISO 8601 duration, e.g. PT3H or P2D' })
        .refine(isForwardDuration, {
          error: '"advance" must be a positive ISO 8601 duration, e.g. PT3H or P2D',
        })
        .optional(),
      advanceBusinessDays: z
        .int({ error: '"advanceBusinessDays" must be a whole number from 1 to 60' })
        .min(1, { error: '"advanceBusinessDays" must be a whole number from 1 to 60' })
        .max(60, { error: '"advanceBusinessDays" must be a whole number from 1 to 60' })
        .optional(),
      toNextRunOf: z.string({ error: '"toNextRunOf" must be a job name' }).max(100).optional(),
    },
    { error: oneMove },
  )
  .refine((move) => Object.keys(move).length === 1, { error: oneMove });
export type ClockMove = z.infer<typeof ClockMove>;

export interface ClockControlOptions {
  clock: SettableClock;
  scheduler: Scheduler;
  dispatcher: Dispatcher;
  calendar: BusinessCalendar;
  logger: Logger;
}

class Refused extends Error {
  constructor(
    readonly status: 400 | 409 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** Where a move takes the clock from `now`; throws Refused for a job with no such name or no next run. */
function targetOf(move: ClockMove, now: Date, opts: ClockControlOptions): Date {
  if (move.set !== undefined) return new Date(move.set);
  if (move.advance !== undefined) {
    return DateTime.fromJSDate(now, { zone: opts.calendar.timeZone })
      .plus(Duration.fromISO(move.advance))
      .toJSDate();
  }
  if (move.advanceBusinessDays !== undefined)
    return opts.calendar.addBusinessDays(now, move.advanceBusinessDays);
  const job = move.toNextRunOf ?? '';
  if (!opts.scheduler.jobNames.includes(job)) {
    throw new Refused(400, `there is no job "${job}"; the jobs are ${opts.scheduler.jobNames.join(', ')}`);
  }
  const next = opts.scheduler.nextRun(job, now);
  if (!next) throw new Refused(400, `job "${job}" has no next run`);
  return next;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The body as text, or undefined past the limit (the rest is read and dropped, so the answer arrives). */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseMove(body: string | undefined): ClockMove {
  if (body === undefined) throw new Refused(413, `the body must be at most ${maxBodyBytes / 1024} KiB`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new Refused(400, `the body is not JSON; ${oneMove}`);
  }
  const parsed = ClockMove.safeParse(value);
  if (!parsed.success) throw new Refused(400, parsed.error.issues[0]?.message ?? oneMove);
  return parsed.data;
}

/**
 * After a restart the controlled clock is real time again: it resumes no earlier than the last
 * tick a job ran for, so time does not go back past what already happened.
 */
export async function resumeControlledClock(db: Db, clock: SettableClock): Promise<void> {
  const [last] = await db.select({ at: max(jobRuns.scheduledFor) }).from(jobRuns);
  const lastTick = last?.at;
  if (lastTick && lastTick > clock.now()) clock.set(lastTick);
}

export function clockControlRoute(opts: ClockControlOptions): CustomRoute {
  const { clock, scheduler, dispatcher, calendar, logger } = opts;
  let moving: Promise<unknown> = Promise.resolve();

  const moveTo = (at: Date) => {
    if (at > clock.now()) clock.set(at);
  };

  async function move(body: string | undefined) {
    const request = parseMove(body);
    const now = clock.now();
    const target = targetOf(request, now, opts);
    if (target < now) {
      throw new Refused(
        409,
        `time only moves forward: ${formatMoment(target, calendar.timeZone)} is before the app's time, ${formatMoment(now, calendar.timeZone)}`,
      );
    }
    if (target.getTime() - now.getTime() > maxMoveMs) {
      throw new Refused(400, 'the clock moves at most 366 days at a time');
    }
    // Each job sees its own tick as the time, as it would have when it fell due.
    const ran = await scheduler.runDue(target, (tick) => moveTo(tick.at));
    moveTo(target);
    for (let round = 0; round < maxDeliveryRounds; round++) {
      const delivered = await dispatcher.runOnce();
      if (delivered.sent + delivered.retried + delivered.failed === 0) break;
    }
    return {
      now: clock.now().toISOString(),
      ran: ran.map((run) => ({ job: run.job, at: run.at.toISOString(), outcome: run.outcome })),
    };
  }

  return {
    path: clockControlPath,
    method: ['GET', 'POST'],
    handler: async (req, res) => {
      if (req.method === 'GET') {
        return json(res, 200, {
          now: clock.now().toISOString(),
          timeZone: calendar.timeZone,
          jobs: scheduler.jobNames.map((name) => ({
            name,
            nextRun: scheduler.nextRun(name)?.toISOString() ?? null,
          })),
        });
      }
      try {
        const body = await readBody(req, maxBodyBytes);
        // One move at a time: the next starts from where this one left the clock.
        const result = moving.then(() => move(body));
        moving = result.catch(() => undefined);
        json(res, 200, await result);
      } catch (error) {
        if (error instanceof Refused) return json(res, error.status, { error: error.message });
        logger.error('the clock could not be moved', error);
        json(res, 500, { error: 'the clock could not be moved; see the app log' });
      }
    },
  };
}
