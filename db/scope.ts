import { AsyncLocalStorage } from 'node:async_hooks';

/** A transaction as the work it runs sees it, while that work runs. */
export interface TransactionScope {
  /** The connection (SQLite) or pool (PostgreSQL) whose transaction this is. */
  readonly owner: object;
  /** Until the transaction commits or rolls back. */
  open: boolean;
  /** What waits for the transaction to end, by key (see `afterCommit`). */
  readonly after: Map<unknown, () => void>;
}

const scope = new AsyncLocalStorage<TransactionScope>();

/** The transaction the calling code runs inside, while it is open. */
export function openScope(): TransactionScope | undefined {
  const current = scope.getStore();
  return current?.open ? current : undefined;
}

/**
 * Runs `work` as a transaction of `owner`'s; once `work` and the transaction's end (`finish`,
 * its commit or rollback) are done, what `afterCommit` queued meanwhile runs, outside it.
 */
export async function inScope<T>(
  owner: object,
  work: () => Promise<T>,
  finish: (failed: boolean) => Promise<void> | void,
): Promise<T> {
  const current: TransactionScope = { owner, open: true, after: new Map() };
  try {
    const result = await scope.run(current, work);
    await finish(false);
    return result;
  } catch (error) {
    await finish(true);
    throw error;
  } finally {
    current.open = false;
    scope.exit(() => {
      for (const then of current.after.values()) then();
    });
  }
}

/**
 * Runs `then` once the transaction the caller is inside has ended (committed or rolled back),
 * or on a later microtask when it is in none: a job woken or a dispatcher kicked from inside a
 * transaction must not start before what the transaction wrote can be read. Within one
 * transaction, a second `then` under the same `key` is dropped.
 */
export function afterCommit(then: () => void, key: unknown = then): void {
  const current = openScope();
  if (current === undefined) queueMicrotask(then);
  else if (!current.after.has(key)) current.after.set(key, then);
}
