import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../../db/client.js';
import { models, orderGroups, refreshTickets } from '../../../../db/schema/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid, notAllowed } from '../../errors.js';
import { hasGlobalRole } from '../../people/access.js';
import { approvalRequestMessages } from '../approvals/approval-request-messages.js';
import { type ApprovalSummary, approvalSummary } from '../approvals/approval-summary.js';
import { isApproverOf } from '../approvals/approvers.js';
import { choiceLimit, likePattern } from '../configs/search-config-choices.js';
import { loadTicket, type TicketRow } from '../tickets/load-ticket.js';
import { loadTicketDetails } from '../tickets/ticket-details.js';
import { describeTicketState } from '../tickets/ticket-state.js';
import { type OrderGroupManifest, orderGroupManifest } from './order-group-store.js';

export const DeviceChoiceInput = z.object({
  actor: SlackUserId,
  ticketId: z.number().int().positive(),
});
export type DeviceChoiceInput = z.infer<typeof DeviceChoiceInput>;

export const RecordOrderedDeviceInput = DeviceChoiceInput.extend({
  modelId: z.number({ error: 'Choose the device to order.' }).int().positive(),
});
export type RecordOrderedDeviceInput = z.input<typeof RecordOrderedDeviceInput>;

/** A model as the device form shows it: manufacturer and name. */
export interface DeviceModel {
  id: number;
  name: string;
}

/** What the device form shows: the request, and the device chosen so far (models are searched as typed). */
export interface DeviceChoice {
  ticketId: number;
  reason: string | null;
  current: DeviceModel | null;
}

/**
 * Who may say which device replaces one a customer found inadequate, and until when: the config's
 * approvers while the ticket awaits them or ordering, admins (depot) once it waits for ordering;
 * never once its order group is approved, since the approved manifest would no longer hold.
 */
async function requireDeviceChoice(db: Db, actor: string, ticket: TicketRow): Promise<void> {
  if (!ticket.differentDeviceRequested) {
    throw invalid(`Refresh #${ticket.id} asks for no different device; it gets the model on the ticket.`);
  }
  const approver = await isApproverOf(db, actor, ticket.configId);
  const admin = !approver && (await hasGlobalRole({ db }, actor, 'admin'));
  if (!approver && !admin) {
    throw notAllowed(
      `Only the approvers of its config, or refresh admins, can choose the device for refresh #${ticket.id}; nothing was changed.`,
    );
  }
  const open = ticket.status === 'pending_ordering' || (approver && ticket.status === 'requires_approval');
  if (!open) {
    throw conflict(
      `The device for refresh #${ticket.id} can no longer be chosen: ${describeTicketState(ticket)}. Nothing was changed.`,
    );
  }
  if (ticket.orderGroupId !== null) {
    const [group] = await db
      .select({ name: orderGroups.name, status: orderGroups.status })
      .from(orderGroups)
      .where(eq(orderGroups.id, ticket.orderGroupId))
      .limit(1);
    if (
      group &&
      (group.status === 'approved' || group.status === 'ordered' || group.status === 'awaiting_approval')
    ) {
      throw conflict(
        `Refresh #${ticket.id} is in order group ${group.name}, which is ${group.status.replace('_', ' ')}; its device cannot change now. Nothing was changed.`,
      );
    }
  }
}

export async function getDeviceChoice(ctx: ServiceContext, raw: DeviceChoiceInput): Promise<DeviceChoice> {
  const input = DeviceChoiceInput.parse(raw);
  const ticket = await loadTicket(ctx.db, input.ticketId);
  await requireDeviceChoice(ctx.db, input.actor, ticket);
  const [current] =
    ticket.orderedModelId === null
      ? []
      : await ctx.db
          .select({ id: models.id, manufacturer: models.manufacturer, name: models.name })
          .from(models)
          .where(eq(models.id, ticket.orderedModelId))
          .limit(1);
  return {
    ticketId: ticket.id,
    reason: ticket.differentDeviceReason,
    current: current ? { id: current.id, name: `${current.manufacturer} ${current.name}` } : null,
  };
}

/**
 * The catalog's models whose manufacturer and name hold the typed words, at most 100 (Slack's
 * limit for a select's options), for whoever may choose the ticket's device.
 */
export async function searchDeviceModels(
  ctx: ServiceContext,
  raw: DeviceChoiceInput & { query: string },
): Promise<DeviceModel[]> {
  const input = DeviceChoiceInput.parse(raw);
  const ticket = await loadTicket(ctx.db, input.ticketId);
  await requireDeviceChoice(ctx.db, input.actor, ticket);
  const rows = await ctx.db
    .select({ id: models.id, manufacturer: models.manufacturer, name: models.name })
    .from(models)
    .where(
      sql`lower(${models.manufacturer} || ' ' || ${models.name}) like ${likePattern(raw.query)} escape '\\'`,
    )
    .orderBy(asc(sql`lower(${models.manufacturer})`), asc(sql`lower(${models.name})`))
    .limit(choiceLimit);
  return rows.map((m) => ({ id: m.id, name: `${m.manufacturer} ${m.name}` }));
}

/**
 * The approver (or depot, before ordering) records the device that replaces the one the customer
 * found inadequate; the manifest, its CSV and the order group's approval count it from then on.
 */
export async function recordOrderedDevice(
  ctx: ServiceContext,
  raw: RecordOrderedDeviceInput,
): Promise<{
  ticket: TicketRow;
  model: string;
  manifest: OrderGroupManifest | null;
  approval: { summary: ApprovalSummary; messages: Array<{ channel: string; ts: string }> } | null;
}> {
  const parsed = RecordOrderedDeviceInput.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error.issues.map((i) => i.message).join(' '));
  const input = parsed.data;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, input.ticketId);
    await requireDeviceChoice(tx, input.actor, ticket);
    const [model] = await tx.select().from(models).where(eq(models.id, input.modelId)).limit(1);
    if (!model) throw invalid('That model is no longer in the catalog; choose another.');
    const [saved] = await tx
      .update(refreshTickets)
      .set({ orderedModelId: model.id, updatedAt: now })
      .where(and(eq(refreshTickets.id, ticket.id), eq(refreshTickets.status, ticket.status)))
      .returning();
    if (!saved) throw conflict(`Refresh #${ticket.id} changed meanwhile; nothing was changed.`);
    await recordAudit(
      tx,
      {
        entity: 'refresh_ticket',
        entityId: ticket.id,
        ticketId: ticket.id,
        action: 'ordered_device',
        actor: input.actor,
        changes: { orderedModelId: { from: ticket.orderedModelId, to: model.id } },
      },
      now,
    );
    const manifest = saved.orderGroupId === null ? null : await orderGroupManifest(tx, saved.orderGroupId);
    const name = `${model.manufacturer} ${model.name}`;
    // While the ticket awaits approval, its request DMs show the device the approvers are asked about.
    const approval =
      saved.status === 'requires_approval'
        ? {
            summary: approvalSummary(await loadTicketDetails(tx, saved), name),
            messages: await approvalRequestMessages({ db: tx }, saved.id),
          }
        : null;
    return { ticket: saved, model: name, manifest, approval };
  });
}
