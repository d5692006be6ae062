import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.js';
import { configApprovers, people, refreshTickets } from '../../../db/schema/index.js';
import { type DifferingTicket, differingTickets } from '../../domain/refresh/manifest.js';
import type { ApprovalSummary } from '../../domain/refresh/notices.js';
import { orderGroupStatusPhrase, statusPhrase } from '../../domain/refresh/status-wording.js';
import type { ServiceContext } from '../context.js';
import { notAllowed, ServiceError } from '../errors.js';
import { noticeTime, readerTimeZone } from '../notices/index.js';
import { approvalSummary } from '../refresh/approvals/approval-summary.js';
import { approveTicket, type DecisionResult } from '../refresh/approvals/approve.js';
import { requireApproverOf } from '../refresh/approvals/approvers.js';
import { denyTicket } from '../refresh/approvals/deny.js';
import type { RefreshContext } from '../refresh/context.js';
import { buildApproverDigests, type DigestGroup } from '../refresh/digest/build-approver-digests.js';
import { approveOrderGroup, decidableOrderGroup } from '../refresh/ordering/approve-order-group.js';
import { denyOrderGroup } from '../refresh/ordering/deny-order-group.js';
import {
  loadOrderGroup,
  type OrderGroupManifest,
  orderGroupApprovers,
  orderGroupManifest,
} from '../refresh/ordering/order-group-store.js';
import { loadTicket, type TicketRow } from '../refresh/tickets/load-ticket.js';
import { loadTicketDetails } from '../refresh/tickets/ticket-details.js';
import type { WebReader } from './check-web-link.js';

// Approvals on Otto's web pages (SPEC §2: people act from their e-mails): what the approver's
// pages show, and their decisions through the very verbs the Slack buttons call, followed by the
// same updates of the approver's Slack messages and Home.

/** People as the pages name them, for the Slack mentions the services' answers carry. */
async function namesOf(db: Db | Tx, slackUserIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(slackUserIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ slackUserId: people.slackUserId, name: people.name, email: people.email })
    .from(people)
    .where(inArray(people.slackUserId, ids));
  return new Map(rows.map((row) => [row.slackUserId ?? '', row.name ?? row.email]));
}

/** A service's answer as the web reads it: every `<@U…>` becomes the person's name. */
export async function withNames(db: Db | Tx, text: string): Promise<string> {
  const mentioned = [...text.matchAll(/<@([A-Z0-9]+)>/g)].map((match) => match[1] ?? '');
  const names = await namesOf(db, mentioned);
  return text.replace(/<@([A-Z0-9]+)>/g, (_, id: string) => names.get(id) ?? 'an approver');
}

/** A refusal with the people in it named, for the page. */
async function named(db: Db | Tx, error: unknown): Promise<never> {
  if (error instanceof ServiceError) {
    throw new ServiceError(error.kind, await withNames(db, error.message), error.field);
  }
  throw error;
}

/** The reader's Slack id, which approvers are named by on a config; without one they approve nothing. */
function approverIdOf(reader: WebReader, refusal: string): string {
  if (!reader.slackUserId) throw notAllowed(refusal);
  return reader.slackUserId;
}

/** A decision as the page shows it: who, what, when (in the ticket's zone), and why. */
export interface ShownDecision {
  approved: boolean;
  by: string;
  at: string | null;
  reason: string | null;
}

export interface ApprovalPage {
  summary: ApprovalSummary;
  /** The ticket awaits a decision: the page offers Approve and Deny. */
  awaiting: boolean;
  /** Where the ticket stands, in a sentence ("waiting to be ordered"). */
  state: string;
  /** The decision the ticket last had, once it no longer awaits one. */
  decision: ShownDecision | null;
}

async function shownDecision(
  db: Db | Tx,
  ctx: Pick<ServiceContext, 'calendar'>,
  ticket: TicketRow,
): Promise<ShownDecision | null> {
  if (!ticket.decidedBy) return null;
  const zone = await readerTimeZone(db, ctx, ticket);
  return {
    approved: ticket.denialReason === null,
    by: (await namesOf(db, [ticket.decidedBy])).get(ticket.decidedBy) ?? 'an approver',
    at: ticket.decidedAt ? noticeTime.moment(ticket.decidedAt, zone) : null,
    reason: ticket.denialReason,
  };
}

async function approvalPageOf(db: Db | Tx, ctx: ServiceContext, ticket: TicketRow): Promise<ApprovalPage> {
  const awaiting = ticket.status === 'requires_approval';
  return {
    summary: approvalSummary(await loadTicketDetails(db, ticket)),
    awaiting,
    state: statusPhrase(ticket.status),
    decision: awaiting ? null : await shownDecision(db, ctx, ticket),
  };
}

/**
 * One ticket's approval as its approver sees it on the web: only an approver of the ticket's
 * config (as in Slack) sees it; anyone else is refused and shown nothing of it.
 */
export async function getApprovalForReader(
  ctx: ServiceContext,
  reader: WebReader,
  ticketId: number,
): Promise<ApprovalPage> {
  const ticket = await loadTicket(ctx.db, ticketId);
  const refusal = `Only the approvers of its config can approve or deny refresh #${ticket.id}.`;
  try {
    await requireApproverOf(ctx.db, approverIdOf(reader, refusal), ticket, 'approve or deny');
  } catch (error) {
    return named(ctx.db, error);
  }
  return approvalPageOf(ctx.db, ctx, ticket);
}

export interface WebDecision {
  ticketId: number;
  /** The status the page showed, so a decision on a stale page changes nothing. */
  seenStatus: string | undefined;
  decision: 'approve' | 'deny';
  reason?: string | undefined;
}

/**
 * Approve or Deny from a web page: the verbs the Slack buttons call, with the reader as the
 * actor, then the approval DMs, digests and the approver's Home show it as after a click.
 * Refusals come back with people named; a missing reason is on the `reason` field.
 */
export async function decideOnWeb(
  ctx: RefreshContext,
  reader: WebReader,
  input: WebDecision,
): Promise<DecisionResult> {
  const refusal = `Only the approvers of its config can ${input.decision} refresh #${input.ticketId}; nothing was changed.`;
  let result: DecisionResult;
  try {
    const actor = approverIdOf(reader, refusal);
    const common = { actor, ticketId: input.ticketId, seenStatus: input.seenStatus };
    result =
      input.decision === 'approve'
        ? await approveTicket(ctx, common)
        : await denyTicket(ctx, { ...common, reason: input.reason ?? '' });
  } catch (error) {
    // The deny form's one field: a missing or too long reason is said beside it, as in Slack.
    if (error instanceof ServiceError && error.kind === 'invalid' && input.decision === 'deny') {
      throw new ServiceError('invalid', error.message, 'reason');
    }
    return named(ctx.db, error);
  }
  await ctx.surfaces?.approvalDecided(result);
  if (reader.slackUserId) ctx.surfaces?.homeChanged(reader.slackUserId);
  return result;
}

/** What a decision made on the web did, in a sentence for the page it returns to. */
export async function decisionDone(
  ctx: ServiceContext,
  reader: WebReader,
  ticketId: number,
): Promise<string | undefined> {
  const [ticket] = await ctx.db.select().from(refreshTickets).where(eq(refreshTickets.id, ticketId)).limit(1);
  if (!ticket || !reader.slackUserId || ticket.decidedBy !== reader.slackUserId) return undefined;
  if (ticket.status === 'requires_approval') return undefined;
  const summary = approvalSummary(await loadTicketDetails(ctx.db, ticket));
  const whose = `${summary.customer}’s computer ${summary.computer}`;
  return ticket.denialReason === null
    ? `You approved refresh #${ticket.id} (${whose}); it is now ${statusPhrase(ticket.status)}. The customer has been told.`
    : `You denied refresh #${ticket.id} (${whose}); it is back with the customer, who has been told why.`;
}

export interface ApprovalsPage {
  approverName: string | null;
  /** Every ticket that awaits this approver, oldest first, with what the approver needs to decide. */
  awaiting: ApprovalSummary[];
  /** Where the other open tickets of the approver's configs stand, by status, as the digest lists them. */
  others: DigestGroup[];
  open: number;
  closed: { complete: number; canceled: number };
}

/**
 * Every ticket awaiting an approver (the Friday digest's page): only the approver the link was
 * sent to, and only while they approve for a config, sees it.
 */
export async function getApprovalsForReader(
  ctx: ServiceContext,
  reader: WebReader,
  personId: number,
): Promise<ApprovalsPage> {
  const refusal =
    'This page lists the tickets awaiting an approver of a refresh config; you approve for none.';
  if (reader.personId !== personId) throw notAllowed(refusal);
  const approver = approverIdOf(reader, refusal);
  const configs = await ctx.db
    .select({ id: configApprovers.configId })
    .from(configApprovers)
    .where(eq(configApprovers.slackUserId, approver));
  if (configs.length === 0) throw notAllowed(refusal);
  const waiting = await ctx.db
    .select()
    .from(refreshTickets)
    .where(
      and(
        inArray(
          refreshTickets.configId,
          configs.map((config) => config.id),
        ),
        eq(refreshTickets.status, 'requires_approval'),
      ),
    )
    .orderBy(asc(refreshTickets.updatedAt), asc(refreshTickets.id));
  const awaiting: ApprovalSummary[] = [];
  for (const ticket of waiting) awaiting.push(approvalSummary(await loadTicketDetails(ctx.db, ticket)));
  const [digest] = await buildApproverDigests(ctx, { approver });
  return {
    approverName: reader.name,
    awaiting,
    others: (digest?.groups ?? []).filter((group) => group.status !== 'requires_approval'),
    open: digest?.open ?? 0,
    closed: digest?.closed ?? { complete: 0, canceled: 0 },
  };
}

export interface OrderGroupApprovalPage {
  manifest: OrderGroupManifest;
  differences: DifferingTicket[];
  requestedBy: string;
  awaiting: boolean;
  state: string;
  /** The group's decision, once decided. */
  decision: ShownDecision | null;
}

/** An order group's approval as its approvers see it on the web; anyone else is refused. */
export async function getOrderGroupApprovalForReader(
  ctx: ServiceContext,
  reader: WebReader,
  orderGroupId: number,
): Promise<OrderGroupApprovalPage> {
  const group = await loadOrderGroup(ctx.db, orderGroupId);
  const refusal = `Only the approvers of the configs in order group ${group.name} can approve or deny it.`;
  const approver = approverIdOf(reader, refusal);
  if (!(await orderGroupApprovers(ctx.db, group.id)).includes(approver)) throw notAllowed(refusal);
  const manifest = await orderGroupManifest(ctx.db, group.id);
  const names = await namesOf(
    ctx.db,
    [group.createdBy, group.approvedBy, group.deniedBy].filter((id): id is string => Boolean(id)),
  );
  const nameOf = (id: string) => names.get(id) ?? 'an approver';
  let decision: ShownDecision | null = null;
  if ((group.status === 'approved' || group.status === 'ordered') && group.approvedBy) {
    decision = {
      approved: true,
      by: nameOf(group.approvedBy),
      at: group.approvedAt ? noticeTime.moment(group.approvedAt, ctx.calendar.timeZone) : null,
      reason: null,
    };
  } else if (group.status === 'open' && group.deniedBy) {
    decision = { approved: false, by: nameOf(group.deniedBy), at: null, reason: group.denialReason };
  }
  return {
    manifest,
    differences: differingTickets(manifest.tickets),
    requestedBy: names.get(group.createdBy) ?? 'A refresh admin',
    awaiting: group.status === 'awaiting_approval',
    state: orderGroupStatusPhrase(group.status),
    decision,
  };
}

export interface WebOrderGroupDecision {
  orderGroupId: number;
  seenStatus: string | undefined;
  decision: 'approve' | 'deny';
  reason?: string | undefined;
}

/** Approve or Deny an order group from the web: the Slack verbs, then Slack's messages follow. */
export async function decideOrderGroupOnWeb(
  ctx: ServiceContext,
  reader: WebReader,
  input: WebOrderGroupDecision,
): Promise<OrderGroupManifest> {
  let manifest: OrderGroupManifest;
  try {
    const actor = approverIdOf(
      reader,
      `Only the approvers of the configs in the order group can ${input.decision} it; nothing was changed.`,
    );
    const common = { actor, orderGroupId: input.orderGroupId, seenStatus: input.seenStatus };
    if (input.decision === 'approve') {
      manifest = await approveOrderGroup(ctx, common);
    } else {
      // A refusal (not an approver, decided already) comes before a missing reason, as in Slack.
      await decidableOrderGroup(ctx.db, common, 'deny');
      manifest = await denyOrderGroup(ctx, { ...common, reason: input.reason ?? '' });
    }
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'invalid' && input.decision === 'deny') {
      throw new ServiceError('invalid', error.message, 'reason');
    }
    return named(ctx.db, error);
  }
  await ctx.surfaces?.orderGroupDecided(manifest);
  if (reader.slackUserId) ctx.surfaces?.homeChanged(reader.slackUserId);
  return manifest;
}
