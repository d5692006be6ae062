import type { Db } from '../../db/client.js';
import type { Clock } from '../clock.js';

/** What every service verb needs: the database, the clock, and a way to wake the outbox. */
export interface ServiceContext {
  readonly db: Db;
  readonly clock: Clock;
  /** Called after a transaction that wrote outbox rows commits, so notices leave at once. */
  readonly noticesWritten: () => void;
}
