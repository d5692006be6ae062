import { editAction, editBlocks, noChosenModel } from '../../../../../blocks/refresh/modals/edit-ticket.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { type EditTicketInput, editTicket } from '../../../../services/refresh/tickets/edit-ticket.js';
import { element, input, inputBlocksOf } from '../../../plumbing/modal-form.js';
import { FormFieldErrors, invalidOn, readTicketForm, submitTicketForm } from './ticket-form.js';

const fieldNames: Record<string, string> = {
  delegateId: 'delegate',
  proposedModelId: 'proposed model',
  chosenModelId: 'chosen model',
  peripheralIds: 'peripherals',
  notes: 'notes',
  replacement: 'replacement',
};

const EditForm = {
  noDelegate: input(editBlocks.noDelegate, editAction, element.choices),
  delegate: input(editBlocks.delegate, editAction, element.user),
  proposedModel: input(editBlocks.proposedModel, editAction, element.choice),
  chosenModel: input(editBlocks.chosenModel, editAction, element.choice),
  peripherals: input(editBlocks.peripherals, editAction, element.choices),
  notes: input(editBlocks.notes, editAction, element.textOrNone),
  replacement: input(editBlocks.replacement, editAction, element.textOrNone),
};

/** The edit form: a delegate picked in Slack is looked up for their e-mail; the rest is one service call. */
export function submitTicketEdit(ctx: ServiceContext) {
  return submitTicketForm(ctx, {
    async save(metadata, submission) {
      const { view, userId, client } = submission;
      const form = readTicketForm(EditForm, submission);
      // Inputs the form does not show for this ticket are left as they are.
      const shown = inputBlocksOf(view);
      const input: EditTicketInput = {
        actor: userId,
        ticketId: metadata.ticketId,
        seenStatus: metadata.status,
      };

      if (form.noDelegate.length > 0) {
        input.delegate = null;
      } else {
        // The form shows the current delegate as the initial user; keeping it is no change.
        const initialUser = (
          view.blocks.find((b) => b.block_id === editBlocks.delegate) as
            | { element?: { initial_user?: string } }
            | undefined
        )?.element?.initial_user;
        const picked = form.delegate;
        if (picked && picked !== initialUser) {
          // The delegate is a person Otto writes to by e-mail too, so their address is needed:
          // users.info decides the answer, so it runs before it.
          const info = await client.users.info({ user: picked }).catch(() => undefined);
          const email = info?.user?.profile?.email;
          if (!email || info?.user?.is_bot) {
            throw new FormFieldErrors({
              [editBlocks.delegate]: 'Otto cannot see an e-mail address for this person; pick someone else.',
            });
          }
          input.delegate = {
            slackUserId: picked,
            email,
            name: info.user?.real_name || info.user?.name || null,
          };
        }
      }
      if (shown.has(editBlocks.proposedModel) && form.proposedModel) {
        input.proposedModelId = Number(form.proposedModel);
      }
      if (shown.has(editBlocks.chosenModel) && form.chosenModel) {
        input.chosenModelId = form.chosenModel === noChosenModel ? null : Number(form.chosenModel);
      }
      if (shown.has(editBlocks.peripherals)) input.peripheralIds = form.peripherals.map(Number);
      if (shown.has(editBlocks.notes)) input.notes = form.notes ?? null;
      const replacement = form.replacement?.trim();
      if (shown.has(editBlocks.replacement) && replacement) input.replacementSerial = replacement;
      return editTicket(ctx, input).changed;
    },
    fieldErrors: (error) =>
      error instanceof ServiceError && error.field === 'replacementSerial'
        ? { [editBlocks.replacement]: error.message }
        : invalidOn(editBlocks.notes)(error),
    outcome: (changed, metadata) => ({
      ticketId: metadata.ticketId,
      note:
        changed.length === 0
          ? `Nothing to save: refresh #${metadata.ticketId} already looks like that.`
          : `Saved refresh #${metadata.ticketId}: ${changed.map((c) => fieldNames[c] ?? c).join(', ')}.`,
    }),
  });
}
