import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { prepared, preparedFor } from '../../db/prepared.js';
import { events } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';

// Every existence lookup writes one: prepared once per database.
const statements = preparedFor((db: Db | Tx) => ({
  insertEvent: prepared(
    db.insert(events).values({
      ticketId: sql.placeholder('ticketId'),
      source: 'itsm',
      kind: sql.placeholder('kind'),
      ok: sql.placeholder('ok'),
      detail: sql.placeholder('detail'),
      at: sql.placeholder('at'),
    }),
    'itsm-record-insert-event',
  ),
}));

/** A direct ITSM call and its outcome, as `withItsmEvent` records it. */
export type ItsmCallEvent = {
  ticketId: number | null;
  kind: string;
  ok: boolean;
  detail: Record<string, unknown>;
  at: Date;
};

/** Writes collected ITSM call events, inside the caller's transaction when it holds one. */
export async function saveItsmEvents(db: Db | Tx, events: readonly ItsmCallEvent[]): Promise<void> {
  const { insertEvent } = statements(db);
  for (const event of events) await insertEvent.execute(event);
}

/**
 * Runs a direct ITSM call (a lookup, a state read) and records it and its outcome as an event
 * on the refresh ticket, failed calls too (`ok` false, with the error), then returns or rethrows.
 * With `collect`, the event is handed to the caller, who saves it (`saveItsmEvents`) with its
 * next transaction instead of in a commit of its own.
 */
export async function withItsmEvent<T>(
  deps: { db: Db; clock: Clock; collect?: ((event: ItsmCallEvent) => void) | undefined },
  call: { ticketId: number | null; kind: string; adapter: string; detail?: Record<string, unknown> },
  run: () => Promise<T>,
  describe: (result: T) => Record<string, unknown> = () => ({}),
): Promise<T> {
  const record = async (ok: boolean, detail: Record<string, unknown>) => {
    const event: ItsmCallEvent = {
      ticketId: call.ticketId,
      kind: call.kind,
      ok,
      detail: { adapter: call.adapter, ...call.detail, ...detail },
      at: deps.clock.now(),
    };
    if (deps.collect) deps.collect(event);
    else await saveItsmEvents(deps.db, [event]);
  };
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await record(false, { error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await record(true, describe(result));
  return result;
}
