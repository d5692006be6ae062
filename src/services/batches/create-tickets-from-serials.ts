import { z } from 'zod';
import type { RefreshStatus, RefreshStyle } from '../../domain/enums.js';
import { SlackUserId } from '../../domain/slack-ids.js';
import { requireAdmin } from '../access.js';
import type { ServiceContext } from '../context.js';
import {
  type CreatedTicket,
  createTickets,
  loadCreationConfig,
  resolveDelegate,
} from '../tickets/create-tickets.js';
import { Delegate, type SkipReason } from './create-tickets-from-batch.js';
import { onField } from './field-error.js';
import { isReady, lookUpSerials, lookupResultOf, type ReadySystem } from './lookup-serials.js';
import { parseSerials } from './parse-serials.js';

export const CreateTicketsFromSerialsInput = z.object({
  actor: SlackUserId,
  /** Serial numbers as pasted. */
  serials: z.string(),
  configId: z.number().int().positive(),
  delegate: Delegate.optional(),
  noCustomer: z.boolean().default(false),
});
export type CreateTicketsFromSerialsInput = z.input<typeof CreateTicketsFromSerialsInput>;

export interface SerialProblem {
  serial: string;
  reason: SkipReason;
}

export interface SerialsCreation {
  configName: string;
  style: RefreshStyle;
  status: RefreshStatus;
  invitationDueAt: Date | null;
  created: CreatedTicket[];
  /** Serials that got no ticket, in the order pasted, with why. */
  problems: SerialProblem[];
  duplicates: string[];
}

/**
 * The bulk creator (paste serials) and creation from a single system: looks the serials up
 * and creates tickets for the ready ones in one transaction, reporting the rest.
 */
export function createTicketsFromSerials(
  ctx: ServiceContext,
  raw: CreateTicketsFromSerialsInput,
): SerialsCreation {
  const input = CreateTicketsFromSerialsInput.parse(raw);
  requireAdmin(ctx, input.actor, 'create refresh tickets');
  const { serials, duplicates } = onField('serials', () => parseSerials(input.serials));
  const now = ctx.clock.now();
  return ctx.db.transaction(() => {
    const config = onField('config', () => loadCreationConfig(ctx.db, input.configId));
    const delegateId = input.delegate
      ? onField('delegate', () => resolveDelegate(ctx.db, input.delegate!))
      : null;
    const problems: SerialProblem[] = [];
    const ready: ReadySystem[] = [];
    for (const fact of lookUpSerials(ctx.db, serials)) {
      if (isReady(fact)) ready.push(fact);
      else problems.push({ serial: fact.serial, reason: lookupResultOf(fact) as SkipReason });
    }
    const made = createTickets(ctx.db, ctx.calendar, ready, {
      config,
      delegateId,
      noCustomer: input.noCustomer,
      actor: input.actor,
      now,
    });
    for (const serial of made.alreadyOpen) problems.push({ serial, reason: 'open_ticket' });
    return {
      configName: config.name,
      style: made.style,
      status: made.status,
      invitationDueAt: made.invitationDueAt,
      created: made.created,
      problems,
      duplicates,
    };
  });
}
