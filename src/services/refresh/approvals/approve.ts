import { z } from 'zod';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { invalid } from '../../errors.js';
import type { RefreshContext } from '../context.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { loadTicket, type TicketRow } from '../tickets/load-ticket.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import { loadTicketDetails } from '../tickets/ticket-details.js';
import { requireSeenStatus } from '../tickets/ticket-state.js';
import { type ApprovalSummary, approvalSummary } from './approval-summary.js';
import { requireApproverOf } from './approvers.js';

export const DecisionInput = z.object({
  actor: SlackUserId,
  ticketId: z.number().int().positive(),
  /** The status on the button pressed; a different current status means a stale button. */
  seenStatus: z.string().optional(),
});
export type DecisionInput = z.infer<typeof DecisionInput>;

/** The saved ticket, and what the approver's message shows once decided. */
export interface DecisionResult {
  ticket: TicketRow;
  summary: ApprovalSummary;
}

export function parseDecision<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => issue.message).join(' '));
  return parsed.data;
}

/**
 * An approver of the ticket's config approves it: the ticket moves on (SPEC §2.1), the decision
 * records who and when, and the customer is told by DM and e-mail.
 */
export async function approveTicket(ctx: RefreshContext, input: DecisionInput): Promise<DecisionResult> {
  const { actor, ticketId, seenStatus } = parseDecision(DecisionInput, input);
  const now = ctx.clock.now();
  const saved = await ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    await requireApproverOf(tx, actor, ticket, 'approve');
    requireSeenStatus(ticket, seenStatus);
    const { ticket: next, effects } = await applyTransition(
      tx,
      ticket,
      { type: 'approve' },
      // A new decision replaces an earlier denial; the audit keeps the history.
      { actor, now, set: { decidedBy: actor, decidedAt: now, denialReason: null } },
    );
    // The approver's message shows the summary: read once for it and the customer's notice.
    const details = await loadTicketDetails(tx, next);
    await enqueueTicketEffects(tx, ctx, next, effects, now, details);
    return { ticket: next, summary: approvalSummary(details) };
  });
  ctx.noticesWritten();
  return saved;
}
