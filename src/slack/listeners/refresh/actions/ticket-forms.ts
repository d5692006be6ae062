import type { ModalView } from '@slack/types';
import { changeRequestModal } from '../../../../../blocks/refresh/modals/change-request.js';
import { denyModal } from '../../../../../blocks/refresh/modals/deny.js';
import { editTicketModal } from '../../../../../blocks/refresh/modals/edit-ticket.js';
import { locationFormModal } from '../../../../../blocks/refresh/modals/location-form.js';
import { rescheduleModal } from '../../../../../blocks/refresh/modals/reschedule.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getApprovalRequest } from '../../../../services/refresh/approvals/get-approval-request.js';
import { getRescheduleForm } from '../../../../services/refresh/booking/reschedule.js';
import { getEditTicketForm } from '../../../../services/refresh/tickets/edit-ticket.js';
import { getChangeRequestForm } from '../../../../services/refresh/tickets/file-change-request.js';
import { getLocationForm } from '../../../../services/refresh/tickets/fill-location.js';
import { type TicketFormMetadata, ticketFormMetadata } from '../../../values/refresh.js';
import { onTicketButton, openForm, staleButtonNote } from './ticket-surface.js';

type FormKind = 'deny' | 'edit' | 'change_request' | 'location' | 'reschedule';

async function buildForm(
  ctx: ServiceContext,
  kind: FormKind,
  input: { actor: string; ticketId: number; seenStatus: string },
  metadata: string,
): Promise<ModalView> {
  switch (kind) {
    case 'deny':
      return denyModal(await getApprovalRequest(ctx, input), metadata);
    case 'edit':
      return editTicketModal(await getEditTicketForm(ctx, input), metadata);
    case 'change_request':
      return changeRequestModal(await getChangeRequestForm(ctx, input), metadata);
    case 'location': {
      const form = await getLocationForm(ctx, input);
      return locationFormModal(form.details, form.existing, metadata);
    }
    case 'reschedule':
      return rescheduleModal(
        await getRescheduleForm(ctx, {
          actor: input.actor,
          ticket: input.ticketId,
          seenStatus: input.seenStatus,
        }),
        metadata,
      );
  }
}

/**
 * Deny, Edit, Change request, Fill location and Reschedule: the form opens only for who may use it; a
 * non-approver or a stale button is answered instead and nothing opens.
 */
export function openTicketForm(ctx: ServiceContext, kind: FormKind) {
  return onTicketButton(ctx, async ({ value, source, answering, triggerId }) => {
    // A form answers where its button was; a button Otto cannot place is treated as stale.
    if (!source) return { ok: false, note: staleButtonNote };
    const metadata: TicketFormMetadata = { ticketId: value.ticketId, status: value.status, source };
    const view = await buildForm(
      ctx,
      kind,
      { actor: answering.userId, ticketId: value.ticketId, seenStatus: value.status },
      ticketFormMetadata.encode(metadata),
    );
    await openForm(answering.client, triggerId, source, view);
    return undefined;
  });
}
