import type { Tx } from '../../db/client.js';

/**
 * Work a caller adds to a verb's own transaction, so that both commit together or not at all:
 * `begin` runs first in it, `end` last, with the verb's outcome. A caller's bookkeeping (a Slack
 * submission's receipt) then costs no commit of its own.
 */
export interface InSameTransaction<R> {
  begin(tx: Tx): Promise<void>;
  end(tx: Tx, outcome: R): Promise<void>;
}
