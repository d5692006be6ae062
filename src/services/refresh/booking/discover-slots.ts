import { and, asc, eq, gt } from 'drizzle-orm';
import { refreshTickets, supportTeams } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { bookableFrom } from '../../scheduling/lead-time.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import { countFreeSlots } from './book-free-slots.js';

export const discoveryActor = 'otto:slot-discovery';

/** Tickets moved per transaction; Slack requests get the event loop in between. */
const chunkSize = 100;

export interface DiscoveryRun {
  /** Tickets moved to pending_customer_scheduling, their customers invited. */
  invited: number;
  /** Teams with waiting tickets but fewer free slots than their minimum. */
  teamsShort: number;
}

/**
 * Twice a day (SPEC §2.3): each team with at least `minFreeSlots` free slots a customer could book
 * (past the lead time) gets its pending_schedule_slot_discovery tickets moved on and their
 * customers invited to pick a time.
 */
export async function discoverSlots(ctx: ServiceContext, now: Date): Promise<DiscoveryRun> {
  const run: DiscoveryRun = { invited: 0, teamsShort: 0 };
  const teams = await ctx.db
    .selectDistinct({
      id: supportTeams.id,
      minFreeSlots: supportTeams.minFreeSlots,
      timeZone: supportTeams.timeZone,
    })
    .from(supportTeams)
    .innerJoin(refreshTickets, eq(refreshTickets.supportTeamId, supportTeams.id))
    .where(eq(refreshTickets.status, 'pending_schedule_slot_discovery'));
  for (const team of teams) {
    // Only slots past the lead time count: the invited customers are offered no others.
    const from = bookableFrom(ctx, now, team.timeZone);
    if ((await countFreeSlots(ctx.db, team.id, now, from)) < team.minFreeSlots) {
      run.teamsShort += 1;
      continue;
    }
    let afterId = 0;
    for (;;) {
      const chunk = await ctx.db.transaction(async (tx) => {
        const tickets = await tx
          .select()
          .from(refreshTickets)
          .where(
            and(
              eq(refreshTickets.supportTeamId, team.id),
              eq(refreshTickets.status, 'pending_schedule_slot_discovery'),
              gt(refreshTickets.id, afterId),
            ),
          )
          .orderBy(asc(refreshTickets.id))
          .limit(chunkSize);
        let invited = 0;
        for (const ticket of tickets) {
          try {
            const moved = await applyTransition(
              tx,
              ticket,
              { type: 'slots_available' },
              { actor: discoveryActor, now },
            );
            await enqueueTicketEffects(tx, ctx, moved.ticket, moved.effects, now);
            invited += 1;
          } catch (error) {
            // A ticket the machine refuses (e.g. no customer) stays where it is; the rest move on.
            if (!(error instanceof ServiceError)) throw error;
          }
        }
        return { invited, lastId: tickets.at(-1)?.id };
      });
      if (chunk.invited > 0) ctx.noticesWritten();
      run.invited += chunk.invited;
      if (chunk.lastId === undefined) break;
      afterId = chunk.lastId;
      await yieldToEventLoop();
    }
  }
  return run;
}
