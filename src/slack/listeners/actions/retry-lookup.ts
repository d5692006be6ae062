import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../services/context.js';
import { retryLookup } from '../../../services/lookup/retry-lookup.js';
import { ids } from '../../ids.js';
import type { KnownIds } from '../index.js';
import { type ActionArgs, onAction } from '../register.js';
import {
  answerTicketAction,
  buttonValue,
  type Outcome,
  refusal,
  sourceOf,
  staleButtonNote,
} from './ticket-surface.js';

/**
 * "Retry lookup" on the Problems list (managers and admins; the service checks): acked at once,
 * then the ITSM is asked and the Home re-published; a ticket still not found is explained by DM.
 */
export async function retryLookupFromButton(ctx: ServiceContext, { ack, body, client, logger }: ActionArgs) {
  await ack();
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const value = buttonValue(body);
  let outcome: Outcome;
  if (!value) {
    outcome = { ok: false, note: staleButtonNote };
  } else {
    try {
      const result = await retryLookup(ctx, {
        actor: userId,
        ticket: value.ticketId,
        seenStatus: value.status,
      });
      outcome = { ok: result.found, note: result.note, ticketId: result.ticketId };
    } catch (error) {
      outcome = refusal(error, log, value.ticketId);
    }
  }
  await answerTicketAction({ ctx, client, userId, log }, sourceOf(body), outcome);
}

export function registerRetryLookup(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.retryLookup, (args) => retryLookupFromButton(ctx, args));
}
