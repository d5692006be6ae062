import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../../services/context.js';
import { confirmReplacement } from '../../../../services/refresh/lookup/confirm-replacement.js';
import { retryLookup } from '../../../../services/refresh/lookup/retry-lookup.js';
import { ids } from '../../../ids.js';
import type { KnownIds } from '../../index.js';
import { onAction } from '../../register.js';
import { onTicketButton } from './ticket-surface.js';

/**
 * "Retry lookup" on the Problems list (managers and admins; the service checks): acked at once,
 * then the ITSM is asked and the Home re-published; a ticket still not found is explained by DM.
 */
export function retryLookupFromButton(ctx: ServiceContext) {
  return onTicketButton(ctx, async ({ value, answering }) => {
    const result = await retryLookup(ctx, {
      actor: answering.userId,
      ticket: value.ticketId,
      seenStatus: value.status,
    });
    return { ok: result.found, note: result.note, ticketId: result.ticketId };
  });
}

/** "Confirm replacement" (admins; the service checks): confirms the pasted serial, then looks it up again. */
export function confirmReplacementFromButton(ctx: ServiceContext) {
  return onTicketButton(ctx, async ({ value, answering }) => {
    const result = await confirmReplacement(ctx, {
      actor: answering.userId,
      ticket: value.ticketId,
      seenStatus: value.status,
    });
    return { ok: result.found, note: result.note, ticketId: result.ticketId };
  });
}

export function registerRetryLookup(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.retryLookup, retryLookupFromButton(ctx));
  onAction(app, known, ids.confirmReplacement, confirmReplacementFromButton(ctx));
}
