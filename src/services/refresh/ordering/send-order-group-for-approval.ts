import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { orderGroups, people } from '../../../../db/schema/index.js';
import { differingTickets } from '../../../domain/refresh/manifest.js';
import { orderGroupStatusPhrase } from '../../../domain/refresh/status-wording.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { loadOrderGroup, type OrderGroupManifest, orderGroupManifest } from './order-group-store.js';

export const OrderGroupAction = z.object({
  actor: SlackUserId,
  orderGroupId: z.number().int().positive(),
  /** The status the person saw on the button, so a stale click changes nothing. */
  seenStatus: z.string().optional(),
});
export type OrderGroupAction = z.infer<typeof OrderGroupAction>;

export function requireSeenGroupStatus(group: { id: number; status: string }, seen: string | undefined) {
  if (seen === undefined || seen === group.status) return;
  throw conflict(
    `Order group #${group.id} changed since you saw it: it is now ${orderGroupStatusPhrase(group.status)}. Nothing was changed.`,
  );
}

/**
 * Sends the manifest to the approvers of the group's configs for final approval (seed 001:
 * the shopping cart goes to the unit): each gets a DM with the manifest and an Approve button,
 * written to the outbox in the transaction that marks the group awaiting approval.
 */
export async function sendOrderGroupForApproval(
  ctx: ServiceContext,
  raw: OrderGroupAction,
): Promise<OrderGroupManifest> {
  const input = OrderGroupAction.parse(raw);
  await requireAdmin(ctx, input.actor, 'send order groups for approval');
  const now = ctx.clock.now();
  const manifest = await ctx.db.transaction(async (tx) => {
    const group = await loadOrderGroup(tx, input.orderGroupId);
    requireSeenGroupStatus(group, input.seenStatus);
    if (group.status !== 'open') {
      throw conflict(
        `Order group ${group.name} is ${orderGroupStatusPhrase(group.status)}; it was sent for approval already.`,
      );
    }
    const before = await orderGroupManifest(tx, group.id);
    if (before.ticketCount === 0) throw invalid(`Order group ${group.name} has no tickets to approve.`);
    const toChoose = before.tickets.filter((t) => t.deviceToChoose).map((t) => `#${t.id}`);
    if (toChoose.length > 0) {
      throw invalid(
        `Choose the device for refresh ${toChoose.join(', ')} first (a customer found the proposed model inadequate); the manifest has a button for each. Nothing was sent.`,
      );
    }
    if (before.approvers.length === 0) {
      throw invalid(`No config of the tickets in ${group.name} has an approver, so nobody can approve it.`);
    }
    const [saved] = await tx
      .update(orderGroups)
      .set({ status: 'awaiting_approval', deniedBy: null, denialReason: null })
      .where(and(eq(orderGroups.id, group.id), eq(orderGroups.status, 'open')))
      .returning();
    if (!saved) throw conflict(`Order group ${group.name} changed meanwhile; nothing was changed.`);
    const manifest = { ...before, group: saved };
    const { ticketCount, models, peripherals, software } = manifest;
    const view = {
      orderGroupId: group.id,
      name: group.name,
      ticketCount,
      models,
      peripherals,
      software,
      differences: differingTickets(manifest.tickets),
      requestedBy: input.actor,
    };
    const named = await tx
      .select({ slackUserId: people.slackUserId, name: people.name, email: people.email })
      .from(people)
      .where(inArray(people.slackUserId, [...manifest.approvers, input.actor]));
    const personOf = (slackUserId: string) => named.find((p) => p.slackUserId === slackUserId);
    const requestedByName = personOf(input.actor)?.name ?? undefined;
    for (const approver of manifest.approvers) {
      const person = personOf(approver);
      // A DM with the buttons, and an e-mail with the link to Otto's page when Otto knows the address.
      await enqueueCustomerNotice(
        tx,
        {
          to: { slackUserId: approver, email: person?.email },
          kind: 'order_group_approval_requested',
          view: {
            ...view,
            ...(requestedByName ? { requestedByName } : {}),
            approverName: person?.name ?? null,
          },
          // A group denied and sent again asks anew: the key names this sending.
          dedupeKey: `order_group_approval:${group.id}:${approver}:${now.getTime()}`,
        },
        now,
      );
    }
    await recordAudit(
      tx,
      {
        entity: 'order_group',
        entityId: group.id,
        action: 'sent_for_approval',
        actor: input.actor,
        changes: {
          status: { from: 'open', to: 'awaiting_approval' },
          approvers: { from: null, to: manifest.approvers },
        },
      },
      now,
    );
    return manifest;
  });
  ctx.noticesWritten();
  return manifest;
}
