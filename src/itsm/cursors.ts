import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { itsmCursors } from '../../db/schema/index.js';

/** The runs over many tickets that keep a cursor. */
export type ItsmCursorName = 'itsm-sync' | 'replacement-lookup';

/** The ticket the last run of `name` stopped after (0 before the first run). */
export async function readItsmCursor(db: Db | Tx, name: ItsmCursorName): Promise<number> {
  const [row] = await db
    .select({ after: itsmCursors.afterTicketId })
    .from(itsmCursors)
    .where(eq(itsmCursors.name, name))
    .limit(1);
  return row?.after ?? 0;
}

export async function saveItsmCursor(
  db: Db | Tx,
  name: ItsmCursorName,
  afterTicketId: number,
  at: Date,
): Promise<void> {
  await db
    .insert(itsmCursors)
    .values({ name, afterTicketId, updatedAt: at })
    .onConflictDoUpdate({ target: itsmCursors.name, set: { afterTicketId, updatedAt: at } });
}

/**
 * Tickets in id order, turned to start after `after` and wrap around: a run picks up where the
 * last one stopped, and the tickets before it come last.
 */
export function startingAfter<T>(items: readonly T[], idOf: (item: T) => number, after: number): T[] {
  const at = items.findIndex((item) => idOf(item) > after);
  return at <= 0 ? [...items] : [...items.slice(at), ...items.slice(0, at)];
}

/**
 * Where a run has got to when its tickets are worked several at a time and finish out of order:
 * the last ticket before the first one not yet done, so a run stopped midway loses none.
 */
export class RunFrontier {
  readonly #ids: readonly number[];
  readonly #done: boolean[];
  #next = 0;

  constructor(ids: readonly number[]) {
    this.#ids = ids;
    this.#done = ids.map(() => false);
  }

  /** Marks the ticket at `position` done; the new frontier when it moved, else undefined. */
  done(position: number): number | undefined {
    this.#done[position] = true;
    const before = this.#next;
    while (this.#next < this.#ids.length && this.#done[this.#next]) this.#next += 1;
    return this.#next > before ? this.#ids[this.#next - 1] : undefined;
  }
}
