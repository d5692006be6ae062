import { z } from 'zod';
import type { RefreshEvent } from '../../domain/refresh/index.js';
import { SlackUserId } from '../../domain/slack-ids.js';
import { isManager } from '../access.js';
import type { ServiceContext } from '../context.js';
import { invalid, notAllowed } from '../errors.js';
import { applyTransition } from './apply-transition.js';
import { findTicket } from './find-ticket.js';
import { loadTicket, type TicketRow } from './load-ticket.js';
import { enqueueTicketEffects } from './run-effects.js';
import { describeTicketState, requireSeenStatus } from './ticket-state.js';

export const ManageTicketInput = z.object({
  actor: SlackUserId,
  /** A ticket id, or what staff typed: `12`, `#12` or a serial. */
  ticket: z.union([z.number().int().positive(), z.string().min(1).max(100)]),
  seenStatus: z.string().optional(),
});
export type ManageTicketInput = z.infer<typeof ManageTicketInput>;

const verbs = {
  hold: 'put tickets on hold',
  resume: 'resume held tickets',
  cancel: 'cancel tickets',
} as const;

/**
 * Hold, resume and cancel (SPEC §1: refresh managers, and admins who may do what managers may):
 * one guarded transition with its audit, refused with the ticket's state when it does not apply.
 */
export function manageTicket(
  ctx: ServiceContext,
  event: Extract<RefreshEvent, { type: 'hold' | 'resume' | 'cancel' }>,
  input: ManageTicketInput,
): TicketRow {
  const parsed = ManageTicketInput.safeParse(input);
  if (!parsed.success) throw invalid('Say which ticket: its number (e.g. `#12`) or a serial number.');
  const { actor, ticket: ref, seenStatus } = parsed.data;
  const now = ctx.clock.now();
  const saved = ctx.db.transaction((tx) => {
    const ticket = typeof ref === 'number' ? loadTicket(tx, ref) : findTicket(tx, ref);
    if (!isManager({ db: ctx.db }, actor)) {
      throw notAllowed(
        `Only refresh managers can ${verbs[event.type]}; nothing was changed (refresh #${ticket.id}: ${describeTicketState(ticket)}).`,
      );
    }
    requireSeenStatus(ticket, seenStatus);
    const { ticket: next, effects } = applyTransition(tx, ticket, event, { actor, now });
    enqueueTicketEffects(tx, ctx, next, effects, now);
    return next;
  });
  ctx.noticesWritten();
  return saved;
}
