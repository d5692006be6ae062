import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { people } from '../../../../db/schema/index.js';
import { changeRequestLimit } from '../../../domain/refresh/forms.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { enqueueItsmRequest } from '../../../effects/outbox.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, invalid, notAllowed } from '../../errors.js';
import { computerLabel, personName } from '../../notices/index.js';
import { itsmParties } from '../itsm/itsm-parties.js';
import { canEditTicket } from './edit-ticket.js';
import { loadTicket, type TicketRow } from './load-ticket.js';
import { loadTicketDetails, type TicketDetails } from './ticket-details.js';
import { describeTicketState, isBeforeOrdering, requireSeenStatus } from './ticket-state.js';

export const FileChangeRequestInput = z.object({
  actor: SlackUserId,
  ticketId: z.number().int().positive(),
  seenStatus: z.string().optional(),
  request: z
    .string()
    .trim()
    .min(1, { error: 'Say what should change.' })
    .max(changeRequestLimit, { error: `Use at most ${changeRequestLimit} characters.` }),
});
export type FileChangeRequestInput = z.input<typeof FileChangeRequestInput>;

async function requireChangeRequestAllowed(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  ticket: TicketRow,
  seenStatus: string | undefined,
): Promise<void> {
  if (!(await canEditTicket(ctx, actor, ticket))) {
    throw notAllowed(
      `Only the approvers of its config and refresh admins can file a change request for refresh #${ticket.id}; nothing was changed (${describeTicketState(ticket)}).`,
    );
  }
  requireSeenStatus(ticket, seenStatus);
  if (isBeforeOrdering(ticket)) {
    throw conflict(
      `Refresh #${ticket.id} can still be edited (${describeTicketState(ticket)}): edit it instead of filing a change request.`,
    );
  }
  if (ticket.status === 'canceled') {
    throw conflict(`Refresh #${ticket.id} was canceled; there is nothing left to change.`);
  }
}

/** The change-request form's ticket, checked before the form opens. */
export async function getChangeRequestForm(
  ctx: ServiceContext,
  input: { actor: string; ticketId: number; seenStatus?: string | undefined },
): Promise<TicketDetails> {
  const ticket = await loadTicket(ctx.db, input.ticketId);
  await requireChangeRequestAllowed(ctx, input.actor, ticket, input.seenStatus);
  return loadTicketDetails(ctx.db, ticket);
}

/**
 * From `pending_ordering` on, approvers no longer edit a ticket; they file a change request,
 * which is recorded on the ticket and sent to the ITSM through the outbox (seed 000, Approvers).
 */
export async function fileChangeRequest(
  ctx: ServiceContext,
  input: FileChangeRequestInput,
): Promise<{ outboxId: number }> {
  const parsed = FileChangeRequestInput.safeParse(input);
  if (!parsed.success) throw invalid(parsed.error.issues.map((issue) => issue.message).join(' '));
  const { actor, ticketId, seenStatus, request } = parsed.data;
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    await requireChangeRequestAllowed({ db: tx }, actor, ticket, seenStatus);
    const details = await loadTicketDetails(tx, ticket);
    // The ITSM's readers know the requester by name, not by a Slack id.
    const [requester] = await tx.select().from(people).where(eq(people.slackUserId, actor)).limit(1);
    await recordAudit(
      tx,
      {
        entity: 'refresh_ticket',
        entityId: ticket.id,
        ticketId: ticket.id,
        action: 'change_request',
        actor,
        changes: { changeRequest: { from: null, to: request } },
      },
      now,
    );
    const outboxId = await enqueueItsmRequest(
      tx,
      {
        operation: 'create_ticket',
        kind: 'change_request',
        title: `Change request for refresh #${ticket.id}: ${computerLabel(details.system)}`.slice(0, 250),
        body: [
          request,
          '',
          `Refresh #${ticket.id} is ${statusPhrase(ticket.status)}; config “${details.config.name}”.`,
          requester
            ? `Requested by ${personName(requester)} (${requester.email}) in Slack.`
            : `Requested in Slack by user ${actor}.`,
        ].join('\n'),
        requestedBy: actor,
        // The person who asks is the requestor; the ticket's team works it.
        ...(await itsmParties(tx, ticket, requester?.id ?? ticket.userId)),
      },
      { ticketId: ticket.id },
      now,
    );
    // No dedupe key was given, so the row is always written.
    return { outboxId: outboxId as number };
  });
  ctx.noticesWritten();
  return result;
}
