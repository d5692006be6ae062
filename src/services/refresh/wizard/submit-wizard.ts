import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { events, refreshTickets, ticketPeripherals, ticketSoftware } from '../../../../db/schema/index.js';
import type { RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import { approvalReasons } from '../../../domain/refresh/index.js';
import { nextFridayDigest } from '../../../domain/refresh/timeline.js';
import { approvalFacts, locationChange, validateWizard } from '../../../domain/refresh/wizard/index.js';
import { enqueueItsmRequest } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { invalid } from '../../errors.js';
import { noticeTime } from '../../notices/index.js';
import { itsmParties } from '../itsm/itsm-parties.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { loadTicket } from '../tickets/load-ticket.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import {
  loadWizard,
  requireWizardOpen,
  requireWizardWalker,
  saveDraft,
  type WizardView,
  WizardWalker,
  wizardView,
} from './load-wizard.js';

export const SubmitWizardInput = z
  .object({
    ticketId: z.number().int().positive(),
    /** The status the review page was opened on: a second submit finds the ticket moved on. */
    seenStatus: z.string(),
  })
  .and(WizardWalker);
export type SubmitWizardInput = z.infer<typeof SubmitWizardInput>;

export type SubmitWizardResult =
  | {
      kind: 'submitted';
      ticketId: number;
      status: RefreshStatus;
      style: RefreshStyle;
      approvalReasons: string[];
      /** When the approvers' weekly digest next reminds them of it ("Fri 11 Dec, 08:00"). */
      approverDigest: string;
      /** The customer's name when their delegate submitted for them. */
      onBehalfOf: string | null;
    }
  /** A page no longer holds (the catalog changed since): the customer is sent back to it. */
  | { kind: 'page'; view: WizardView };

const locationKey = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Writes the walked wizard to the ticket and moves it on, all in one transaction: to
 * `requires_approval` when SPEC §2.1's rule says so, else towards ordering. An on-prem
 * location that differs from the inventory's records a Changed Location event and asks the
 * ITSM for a "confirm location" ticket. A double submit or a stale modal changes nothing.
 */
export async function submitWizard(
  ctx: ServiceContext,
  input: SubmitWizardInput,
): Promise<SubmitWizardResult> {
  const parsed = SubmitWizardInput.safeParse(input);
  if (!parsed.success) throw invalid('Otto could not read this wizard; nothing was changed.');
  const { ticketId, seenStatus } = parsed.data;
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx): Promise<SubmitWizardResult> => {
    const ticket = await loadTicket(tx, ticketId);
    const actor = await requireWizardWalker(tx, ticket, parsed.data);
    requireWizardOpen(ticket, seenStatus);
    const loaded = await loadWizard(tx, ticket);
    const { setup, system, pages, draft } = loaded;
    const checked = validateWizard(setup, draft.values);
    if (!checked.ok) {
      const view = wizardView(loaded, checked.page, Object.values(checked.errors));
      await saveDraft(tx, ticket, { ...draft, page: view.page }, now);
      return { kind: 'page', view };
    }
    const { answers } = checked;
    const reasons = approvalReasons(approvalFacts(setup, answers));
    const { location, device } = answers;
    const { ticket: saved, effects } = await applyTransition(
      tx,
      ticket,
      { type: 'wizard_submitted', needsApproval: reasons.length > 0 },
      {
        actor,
        now,
        set: {
          chosenModelId: device.chosenModelId,
          differentDeviceRequested: device.differentDeviceRequested,
          differentDeviceReason: device.reason,
          ...(location.kind === 'shipping' ? { shippingAddress: location.address } : {}),
          ...(location.kind === 'on_prem' ? { building: location.building, room: location.room } : {}),
          // The customer has answered the denial; the audit keeps the reason.
          denialReason: null,
        },
      },
    );

    await tx.delete(ticketPeripherals).where(eq(ticketPeripherals.ticketId, ticket.id));
    if (answers.peripherals.items.length > 0) {
      await tx.insert(ticketPeripherals).values(
        answers.peripherals.items.map((item) => ({
          ticketId: ticket.id,
          peripheralId: item.id,
          quantity: item.quantity,
        })),
      );
    }
    await tx.delete(ticketSoftware).where(eq(ticketSoftware.ticketId, ticket.id));
    if (answers.software.ids.length > 0) {
      await tx
        .insert(ticketSoftware)
        .values(answers.software.ids.map((softwareId) => ({ ticketId: ticket.id, softwareId })));
    }
    // The answers stay as the draft, so a customer sent back by a denial starts from them.
    await tx
      .update(refreshTickets)
      .set({ wizardState: { page: pages[0] ?? 'review', values: draft.values } })
      .where(eq(refreshTickets.id, ticket.id));

    const change = locationChange(setup, location);
    if (change) {
      const where = (l: { building: string | null; room: string | null }) =>
        l.building || l.room ? `${l.building ?? '(no building)'}, room ${l.room ?? '(none)'}` : 'no location';
      // One confirmation per distinct change: a re-walk after a denial does not ask twice.
      const requested = await enqueueItsmRequest(
        tx,
        {
          operation: 'create_ticket',
          kind: 'confirm_location',
          title: `Confirm the location of ${system.serial}${system.name ? ` (${system.name})` : ''}`,
          body: [
            `The customer of refresh #${ticket.id} says system ${system.serial} is in ${where(change.to)}.`,
            `The inventory has ${where(change.from)}.`,
            'Please confirm the location data for the customer and the system.',
          ].join('\n'),
          requestedBy: actor,
          ...(await itsmParties(tx, ticket)),
        },
        {
          ticketId: ticket.id,
          dedupeKey: `confirm_location:${ticket.id}:${locationKey(change.to.building)}|${locationKey(change.to.room)}`,
        },
        now,
      );
      if (requested !== undefined) {
        await tx.insert(events).values({
          ticketId: ticket.id,
          source: 'customer',
          kind: 'changed_location',
          detail: { from: change.from, to: change.to },
          at: now,
        });
      }
    }

    await enqueueTicketEffects(tx, ctx, saved, effects, now);
    return {
      kind: 'submitted',
      ticketId: ticket.id,
      status: saved.status,
      style: saved.style,
      approvalReasons: reasons,
      approverDigest: noticeTime.moment(nextFridayDigest(now, ctx.calendar), ctx.calendar.timeZone),
      onBehalfOf: loaded.onBehalfOf,
    };
  });
  if (result.kind === 'submitted') ctx.noticesWritten();
  return result;
}
