import type { Tx } from '../../../../db/client.js';
import { allows } from '../../../domain/refresh/index.js';
import { ItsmError } from '../../../itsm/errors.js';
import type { ItsmReadOptions } from '../../../itsm/port.js';
import { type ItsmCallEvent, withItsmEvent } from '../../../itsm/record.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { loadTicket, type TicketRow } from '../tickets/load-ticket.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import { timerActor } from '../timers/wizard-clock.js';
import { lookupEventKind } from './last-lookups.js';

export const notFoundReason = 'not found in ITSM';

export type LookupOutcome =
  | { outcome: 'found'; assetId: string | undefined }
  | { outcome: 'not_found' }
  /** The ITSM failed (outage, 429, timeout…); `retryAfterMs` when it said when to come back. */
  | { outcome: 'failed'; error: string; retryAfterMs: number | undefined; permanent: boolean };

/**
 * Asks the ITSM whether a replacement exists (waiting for its rate limit as `read` allows: a job
 * as long as it takes, someone at a button a few seconds), recording the call and its outcome as an
 * `itsm_lookup` event on the ticket (or handing it to `collect`, whose caller saves it). Never
 * throws for an ITSM failure: it is an outcome, and the ticket stays in `pending_itsm_existence`
 * to be asked again.
 */
export async function lookUpSerial(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'itsm'>,
  ticketId: number,
  serial: string,
  collect?: (event: ItsmCallEvent) => void,
  read?: ItsmReadOptions,
): Promise<LookupOutcome> {
  try {
    const system = await withItsmEvent(
      { db: ctx.db, clock: ctx.clock, collect },
      { ticketId, kind: lookupEventKind, adapter: ctx.itsm.name, detail: { serial } },
      () => ctx.itsm.lookupSystem(serial, read),
      (result) =>
        result.found
          ? { found: true, assetId: result.assetId, ...(result.name ? { name: result.name } : {}) }
          : { found: false, reason: result.reason ?? notFoundReason },
    );
    return system.found ? { outcome: 'found', assetId: system.assetId } : { outcome: 'not_found' };
  } catch (error) {
    return {
      outcome: 'failed',
      error: error instanceof Error ? error.message : String(error),
      retryAfterMs: error instanceof ItsmError ? error.retryAfterMs : undefined,
      permanent: error instanceof ItsmError ? error.permanent : false,
    };
  }
}

/**
 * Moves a ticket whose replacement was found to its next status by style (SPEC §2.1), with the
 * transition's effects as outbox rows, in a savepoint of the caller's transaction. A ticket that
 * moved meanwhile (held, canceled, looked up by someone else) is left as it is: undefined.
 */
export async function advanceFound(
  tx: Tx,
  ctx: Pick<ServiceContext, 'links' | 'calendar'>,
  ticketId: number,
  now: Date,
  actor = timerActor,
): Promise<TicketRow | undefined> {
  try {
    return await tx.transaction(async (sp) => {
      const ticket = await loadTicket(sp, ticketId);
      if (!allows(ticket, 'itsm_found')) return undefined;
      const saved = await applyTransition(sp, ticket, { type: 'itsm_found' }, { actor, now });
      await enqueueTicketEffects(sp, ctx, saved.ticket, saved.effects, now);
      return saved.ticket;
    });
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'conflict') return undefined;
    throw error;
  }
}
