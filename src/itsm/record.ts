import type { Db } from '../../db/client.js';
import { events } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';

/**
 * Runs a direct ITSM call (a lookup, a state read) and records it and its outcome as an event
 * on the refresh ticket, failed calls too (`ok` false, with the error), then returns or rethrows.
 */
export async function withItsmEvent<T>(
  deps: { db: Db; clock: Clock },
  call: { ticketId: number | null; kind: string; adapter: string; detail?: Record<string, unknown> },
  run: () => Promise<T>,
  describe: (result: T) => Record<string, unknown> = () => ({}),
): Promise<T> {
  const record = async (ok: boolean, detail: Record<string, unknown>) => {
    await deps.db.insert(events).values({
      ticketId: call.ticketId,
      source: 'itsm',
      kind: call.kind,
      ok,
      detail: { adapter: call.adapter, ...call.detail, ...detail },
      at: deps.clock.now(),
    });
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
