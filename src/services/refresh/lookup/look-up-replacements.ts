import { sql } from 'drizzle-orm';
import { jsonIsFalse } from '../../../../db/sql.js';
import { RunFrontier, readItsmCursor, saveItsmCursor } from '../../../itsm/cursors.js';
import { type ItsmCallEvent, saveItsmEvents } from '../../../itsm/record.js';
import type { ServiceContext } from '../../context.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { lookupEventKind } from './last-lookups.js';
import { advanceFound, type LookupOutcome, lookUpSerial } from './look-up-ticket.js';

export interface LookupOptions {
  /** At most this many tickets per run; the rest wait for the next. */
  limit?: number;
  /** ITSM calls in flight at once. */
  concurrency?: number;
  /** Lookups between two turns given to Slack (the built-in ITSM answers without I/O). */
  chunk?: number;
  /** Log a ticket whose advance failed (it stays and is looked up again). */
  log?: (...args: unknown[]) => void;
}

export interface LookupSummary {
  /** ITSM calls made. */
  looked: number;
  found: number;
  /** Found and moved on to their next status. */
  advanced: number;
  notFound: number;
  /** Calls that failed (outage, timeout): the tickets stay and are looked up again. */
  failed: number;
  /**
   * Due tickets left for the next run because the ITSM was failing, or rate limited past the
   * adapter's waits (those are not counted as failed).
   */
  deferred: number;
}

/**
 * How long before a ticket is looked up again: a replacement the ITSM did not know may be
 * entered there later, so it is asked about hourly; a failed call is retried on the next run.
 */
export const lookupRetry = { notFoundMs: 60 * 60 * 1000, failedMs: 4 * 60 * 1000 } as const;

/** Found tickets advanced per transaction (each costs a few milliseconds with its notices). */
const advanceBatch = 5;

/** After this many failures in a row the ITSM is taken to be down and the run stops early. */
const failuresBeforeGivingUp = 3;

interface Due {
  ticketId: number;
  serial: string;
}

const cursor = 'replacement-lookup';

/**
 * Tickets in `pending_itsm_existence` whose last lookup (its `itsm_lookup` event) is older than
 * the retry interval for its outcome, or that were never looked up: the queue is the status
 * itself, so nothing is lost when a run stops or the app restarts. They come in id order from
 * where the last run stopped (`after`), wrapping around.
 */
function dueTickets(
  ctx: Pick<ServiceContext, 'db'>,
  now: Date,
  limit: number,
  after: number,
): Promise<Due[]> {
  const missCutoff = new Date(now.getTime() - lookupRetry.notFoundMs);
  const failCutoff = new Date(now.getTime() - lookupRetry.failedMs);
  // The last lookup said "not found" (rather than failing): asked again after the longer wait.
  const missed = sql`coalesce(e.ok = ${true} and ${jsonIsFalse(sql`e.detail`, 'found')}, ${false})`;
  return ctx.db.rows<Due>(sql`
    select t.id as "ticketId", s.serial as "serial"
    from refresh_tickets t
    join systems s on s.id = t.replacement_system_id
    left join events e on e.id = (
      select max(id) from events where ticket_id = t.id and kind = ${lookupEventKind}
    )
    where t.status = 'pending_itsm_existence'
      and (e.id is null
        or (${missed} and e.at <= ${missCutoff})
        or (not ${missed} and e.at <= ${failCutoff}))
    order by case when t.id > ${after} then 0 else 1 end, t.id
    limit ${limit}
  `);
}

/**
 * The existence lookup queue (SPEC §2.1, issue 4 item 4): asks the ITSM about each due
 * replacement with bounded concurrency; found tickets move on by style (remote → pending
 * delivery, on-prem and unit-specified → slot discovery, no customer → delivery scheduled), not
 * found ones stay with the reason on record. Works in chunks and yields between them, so
 * thousands of tickets never keep Slack's interactions waiting. An ITSM outage or rate limit ends
 * the run early; everything not yet found is still due next time.
 */
export async function lookUpReplacements(
  ctx: ServiceContext,
  now: Date,
  options: LookupOptions = {},
): Promise<LookupSummary> {
  const { limit = 10_000, concurrency = 8, chunk = 200 } = options;
  const due = await dueTickets(ctx, now, limit, await readItsmCursor(ctx.db, cursor));
  const frontier = new RunFrontier(due.map((d) => d.ticketId));
  // Where the run has got to, saved with the next batch of events.
  let reached: number | undefined;
  const summary: LookupSummary = { looked: 0, found: 0, advanced: 0, notFound: 0, failed: 0, deferred: 0 };
  let failuresInARow = 0;
  let rateLimited = 0;
  let stop = false;

  // Found tickets advance a few at a time, between lookups: a short transaction never keeps a
  // Slack request waiting, and a failed advance costs only its own ticket (a savepoint). The
  // lookups' events are saved in the same transaction (at the latest at the end of their chunk):
  // a commit of its own cost each lookup more than the rest of its database work.
  const found: number[] = [];
  const events: ItsmCallEvent[] = [];
  const collect = (event: ItsmCallEvent) => {
    events.push(event);
  };
  const advance = async () => {
    if (found.length === 0 && events.length === 0 && reached === undefined) return;
    const batch = found.splice(0);
    const calls = events.splice(0);
    const after = reached;
    reached = undefined;
    const at = ctx.clock.now();
    await ctx.db.transaction(async (tx) => {
      await saveItsmEvents(tx, calls);
      if (after !== undefined) await saveItsmCursor(tx, cursor, after, at);
      for (const ticketId of batch) {
        try {
          if (await advanceFound(tx, ctx, ticketId, at)) summary.advanced += 1;
        } catch (error) {
          // Its lookup is on record as found; it is looked up and advanced again next run.
          options.log?.(`could not advance refresh ticket #${ticketId} after its lookup`, error);
        }
      }
    });
    if (batch.length > 0) ctx.noticesWritten();
  };

  // One pool of workers for the whole run, so a chunk's last slow call never leaves the others
  // idle. Every `chunk` lookups they all wait for one turn of the event loop: the built-in ITSM
  // answers without I/O and would otherwise never let a Slack request in.
  let next = 0;
  let sinceTurn = 0;
  let turn: Promise<void> | undefined;
  const worker = async () => {
    for (;;) {
      if (turn !== undefined) await turn;
      if (stop || next >= due.length) return;
      const position = next++;
      const item = due[position]!;
      const result: LookupOutcome = await lookUpSerial(ctx, item.ticketId, item.serial, collect);
      summary.looked += 1;
      sinceTurn += 1;
      if (sinceTurn >= chunk) {
        sinceTurn = 0;
        turn = yieldToEventLoop().then(() => {
          turn = undefined;
        });
        await advance();
      }
      if (result.outcome === 'failed' && result.retryAfterMs !== undefined) {
        // The rate limit outlasted the adapter's waits: not a failure of this ticket. It and the
        // rest are the next run's first (the cursor stays before it).
        rateLimited += 1;
        stop = true;
        continue;
      }
      reached = frontier.done(position) ?? reached;
      if (result.outcome === 'failed') {
        summary.failed += 1;
        failuresInARow += 1;
        // An outage: stop asking; the rest stay due for the next run.
        if (failuresInARow >= failuresBeforeGivingUp) stop = true;
        continue;
      }
      failuresInARow = 0;
      if (result.outcome === 'not_found') {
        summary.notFound += 1;
        continue;
      }
      summary.found += 1;
      found.push(item.ticketId);
      if (found.length >= advanceBatch) await advance();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
  await advance();
  summary.deferred = due.length - summary.looked + rateLimited;
  return summary;
}
