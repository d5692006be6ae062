import { and, eq, gte, inArray, isNotNull } from 'drizzle-orm';
import { configApprovers, outbox, refreshTickets } from '../../../../db/schema/index.js';
import type { RefreshStatus } from '../../../domain/refresh/enums.js';
import { ApproverDigestView } from '../../../domain/refresh/notices.js';
import type { ServiceContext } from '../../context.js';

/** What became of a ticket a digest lists as awaiting approval. */
export interface DigestDecision {
  outcome: 'approved' | 'denied' | 'moved';
  /** Slack id of the approver who decided; null when the ticket moved on otherwise. */
  by: string | null;
  status: RefreshStatus;
}

/** A digest DM Otto sent, with its view and the decisions taken since on the tickets it offers. */
export interface DigestMessage {
  channel: string;
  ts: string;
  view: ApproverDigestView;
  decisions: Record<number, DigestDecision>;
}

/** Digests older than this no longer change: their buttons answer that the ticket moved on. */
const digestLifetimeDays = 35;

const awaitingIdsOf = (view: ApproverDigestView) =>
  view.groups.filter((g) => g.status === 'requires_approval').flatMap((g) => g.tickets.map((t) => t.id));

/**
 * The approvers' recent digest DMs that offer Approve and Deny for the ticket, so a decision made
 * anywhere turns only that row into its outcome while the other rows keep their buttons.
 */
export async function digestMessagesOffering(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  ticketId: number,
): Promise<DigestMessage[]> {
  const since = new Date(ctx.clock.now().getTime() - digestLifetimeDays * 86_400_000);
  const rows = await ctx.db
    .select({ ref: outbox.deliveryRef, payload: outbox.payload })
    .from(outbox)
    .innerJoin(configApprovers, eq(configApprovers.slackUserId, outbox.recipient))
    .innerJoin(refreshTickets, eq(refreshTickets.configId, configApprovers.configId))
    .where(
      and(
        eq(refreshTickets.id, ticketId),
        eq(outbox.notice, 'approver_digest'),
        eq(outbox.channel, 'slack_dm'),
        eq(outbox.status, 'sent'),
        eq(outbox.payloadForm, 'view'),
        isNotNull(outbox.deliveryRef),
        gte(outbox.createdAt, since),
      ),
    );
  const found: Array<Omit<DigestMessage, 'decisions'>> = [];
  for (const row of rows) {
    const [channel, ts] = (row.ref ?? '').split(':');
    const view = ApproverDigestView.safeParse(row.payload);
    if (!channel || !ts || !view.success || !awaitingIdsOf(view.data).includes(ticketId)) continue;
    if (found.some((m) => m.channel === channel && m.ts === ts)) continue;
    found.push({ channel, ts, view: view.data });
  }
  if (found.length === 0) return [];
  const listed = [...new Set(found.flatMap((m) => awaitingIdsOf(m.view)))];
  const tickets = await ctx.db
    .select({
      id: refreshTickets.id,
      status: refreshTickets.status,
      decidedBy: refreshTickets.decidedBy,
      denialReason: refreshTickets.denialReason,
    })
    .from(refreshTickets)
    .where(inArray(refreshTickets.id, listed));
  const decisions: Record<number, DigestDecision> = {};
  for (const ticket of tickets) {
    if (ticket.status === 'requires_approval') continue;
    const decided = ticket.decidedBy !== null;
    decisions[ticket.id] = {
      outcome: !decided ? 'moved' : ticket.denialReason !== null ? 'denied' : 'approved',
      by: ticket.decidedBy,
      status: ticket.status,
    };
  }
  return found.map((message) => ({ ...message, decisions }));
}
