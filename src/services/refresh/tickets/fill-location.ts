import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { systems } from '../../../../db/schema/index.js';
import { locationLimits } from '../../../domain/refresh/forms.js';
import { allows } from '../../../domain/refresh/index.js';
import { ShippingAddressInput } from '../../../domain/refresh/wizard/address.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid, notAllowed, ServiceError } from '../../errors.js';
import { isManager } from '../../people/access.js';
import { applyTransition } from './apply-transition.js';
import { loadTicket, type TicketRow } from './load-ticket.js';
import { enqueueTicketEffects } from './run-effects.js';
import { loadTicketDetails, type TicketDetails } from './ticket-details.js';
import { describeTicketState, requireSeenStatus } from './ticket-state.js';

export const FillLocationInput = z.object({
  actor: SlackUserId,
  ticketId: z.number().int().positive(),
  seenStatus: z.string().optional(),
  building: z.string().optional(),
  room: z.string().optional(),
  /** Raw fields as typed; validated as the wizard validates them. */
  shippingAddress: z.record(z.string(), z.string()).optional(),
});
export type FillLocationInput = z.infer<typeof FillLocationInput>;

/** Field problems, keyed by field (building, room, or an address field), for the form to show. */
export class LocationFormError extends ServiceError {
  constructor(readonly fields: Record<string, string>) {
    super('invalid', Object.values(fields).join(' '));
  }
}

const squeeze = (text: string | undefined) => (text ?? '').trim().replace(/\s+/g, ' ');

async function requireLocationFormAllowed(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  ticket: TicketRow,
  seenStatus: string | undefined,
): Promise<void> {
  if (!(await isManager(ctx, actor))) {
    throw notAllowed(
      `Only refresh managers can fill the location of refresh #${ticket.id}; nothing was changed (${describeTicketState(ticket)}).`,
    );
  }
  requireSeenStatus(ticket, seenStatus);
  if (!allows(ticket, 'location_provided')) {
    throw conflict(
      `Refresh #${ticket.id} does not wait for a location: ${describeTicketState(ticket)}. Nothing was changed.`,
    );
  }
}

/** The location form's ticket and the inventory's location for it, checked before the form opens. */
export async function getLocationForm(
  ctx: ServiceContext,
  input: { actor: string; ticketId: number; seenStatus?: string | undefined },
): Promise<{ details: TicketDetails; existing: { building: string | null; room: string | null } }> {
  const ticket = await loadTicket(ctx.db, input.ticketId);
  await requireLocationFormAllowed(ctx, input.actor, ticket, input.seenStatus);
  const [system] = await ctx.db
    .select({ building: systems.building, room: systems.room })
    .from(systems)
    .where(eq(systems.id, ticket.existingSystemId))
    .limit(1);
  return {
    details: await loadTicketDetails(ctx.db, ticket),
    existing: system ?? { building: null, room: null },
  };
}

/**
 * Staff fill the location a customer never gave (SPEC §2.1: `pending_location_info` → the
 * ordering decision): building and room on campus, or a shipping address for remote tickets.
 * Refresh managers only.
 */
export async function fillLocation(ctx: ServiceContext, input: FillLocationInput): Promise<TicketRow> {
  const parsed = FillLocationInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => issue.message).join(' '));
  const { actor, ticketId, seenStatus } = parsed.data;
  const now = ctx.clock.now();
  const saved = await ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    await requireLocationFormAllowed({ db: tx }, actor, ticket, seenStatus);
    const set = locationFields(ticket, parsed.data);
    const { ticket: next, effects } = await applyTransition(
      tx,
      ticket,
      { type: 'location_provided' },
      { actor, now, set },
    );
    await enqueueTicketEffects(tx, ctx, next, effects, now);
    return next;
  });
  ctx.noticesWritten();
  return saved;
}

function locationFields(ticket: TicketRow, input: FillLocationInput): Partial<TicketRow> {
  if (ticket.style === 'unit_specified_location') return {};
  if (ticket.style === 'remote_customer') {
    const address = ShippingAddressInput.safeParse(input.shippingAddress ?? {});
    if (!address.success) {
      const fields: Record<string, string> = {};
      for (const issue of address.error.issues)
        fields[String(issue.path[0] ?? 'recipient')] ??= issue.message;
      throw new LocationFormError(fields);
    }
    return { shippingAddress: address.data };
  }
  const building = squeeze(input.building);
  const room = squeeze(input.room);
  const fields: Record<string, string> = {};
  if (!building) fields.building = 'Enter the building.';
  else if (building.length > locationLimits.building)
    fields.building = `Use at most ${locationLimits.building} characters.`;
  if (!room) fields.room = 'Enter the room.';
  else if (room.length > locationLimits.room) fields.room = `Use at most ${locationLimits.room} characters.`;
  if (Object.keys(fields).length > 0) throw new LocationFormError(fields);
  return { building, room };
}
