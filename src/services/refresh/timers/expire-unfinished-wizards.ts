import { and, asc, eq, gt, isNotNull, lte } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import {
  businessDayClock,
  latestPossibleStart,
  timerActor,
  timerChunkSize,
  wizardClockStart,
  wizardClockStartOf,
  wizardExpiryBusinessDays,
} from './wizard-clock.js';

export interface ExpiryRun {
  /** Tickets moved to pending_location_info. */
  expired: number;
}

/**
 * Moves tickets whose customer has not finished the wizard 14 business days after the invitation
 * to `pending_location_info` (SPEC §2.1), where staff see them under Problems and fill the location
 * form. The customer is not told: staff take it from here.
 */
export async function expireUnfinishedWizards(ctx: ServiceContext, now: Date): Promise<ExpiryRun> {
  const run: ExpiryRun = { expired: 0 };
  const clock = businessDayClock(ctx.calendar);
  let afterId = 0;
  for (;;) {
    const chunk = await ctx.db.transaction((tx) => expireChunk(tx, ctx, clock, now, afterId));
    if (chunk.lastId === undefined) break;
    run.expired += chunk.expired;
    if (chunk.expired > 0) ctx.noticesWritten();
    afterId = chunk.lastId;
    await yieldToEventLoop();
  }
  return run;
}

async function expireChunk(
  tx: Tx,
  ctx: ServiceContext,
  clock: ReturnType<typeof businessDayClock>,
  now: Date,
  afterId: number,
) {
  const candidates = await tx
    .select()
    .from(refreshTickets)
    .where(
      and(
        eq(refreshTickets.status, 'pending_customer'),
        isNotNull(refreshTickets.invitedAt),
        lte(wizardClockStart(), latestPossibleStart(now, wizardExpiryBusinessDays)),
        gt(refreshTickets.id, afterId),
      ),
    )
    .orderBy(asc(refreshTickets.id))
    .limit(timerChunkSize);
  let expired = 0;
  for (const ticket of candidates) {
    const clockStart = wizardClockStartOf({ invitedAt: ticket.invitedAt!, decidedAt: ticket.decidedAt });
    if (!clock.passed(clockStart, wizardExpiryBusinessDays, now)) continue;
    const saved = await applyTransition(tx, ticket, { type: 'wizard_expired' }, { actor: timerActor, now });
    // None today; should the state machine add some, they leave with the change.
    await enqueueTicketEffects(tx, ctx, saved.ticket, saved.effects, now);
    expired += 1;
  }
  return { lastId: candidates[candidates.length - 1]?.id, expired };
}
