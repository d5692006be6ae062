import { and, eq } from 'drizzle-orm';
import { systems } from '../../../../db/schema/index.js';
import { statusLabel } from '../../../domain/naming.js';
import { allows } from '../../../domain/refresh/index.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { loadTicket } from '../tickets/load-ticket.js';
import { type RetryLookupInput, type RetryLookupResult, retryLookup } from './retry-lookup.js';

/**
 * "Confirm replacement" on the Problems list: an admin vouches that a replacement serial that was
 * only pasted (bulk assignment, bump-down creation) is real hardware. The system is then in the
 * inventory, audited, and the ticket's replacement is looked up again at once, so with the
 * built-in ITSM the ticket moves on. Admins only; a stale button changes nothing.
 */
export async function confirmReplacement(
  ctx: ServiceContext,
  input: RetryLookupInput,
): Promise<RetryLookupResult> {
  await requireAdmin(ctx, input.actor, 'confirm replacements');
  const ticket = await loadTicket(ctx.db, input.ticket);
  if (ticket.status !== input.seenStatus || !allows(ticket, 'itsm_found')) {
    throw conflict(
      `Refresh #${ticket.id} is now ${statusLabel(ticket.status)}, so there is no replacement to confirm. Nothing was changed.`,
    );
  }
  if (ticket.replacementSystemId === null) {
    throw conflict(`Refresh #${ticket.id} has no replacement to confirm. Nothing was changed.`);
  }
  const systemId = ticket.replacementSystemId;
  const now = ctx.clock.now();
  const confirmed = await ctx.db.transaction(async (tx) => {
    // Guarded: of two admins confirming at once, one records it.
    const [row] = await tx
      .update(systems)
      .set({ unconfirmed: false, updatedAt: now })
      .where(and(eq(systems.id, systemId), eq(systems.unconfirmed, true)))
      .returning({ serial: systems.serial });
    if (row) {
      await recordAudit(
        tx,
        {
          ticketId: ticket.id,
          entity: 'system',
          entityId: systemId,
          action: 'confirmed',
          changes: { unconfirmed: { from: true, to: false }, serial: { from: null, to: row.serial } },
          actor: input.actor,
        },
        now,
      );
    }
    return row;
  });
  const result = await retryLookup(ctx, input);
  return confirmed
    ? { ...result, note: `Replacement ${confirmed.serial} is now confirmed in the inventory. ${result.note}` }
    : result;
}
