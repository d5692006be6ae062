import { editAction, editBlocks, noChosenModel } from '../../../../../blocks/refresh/modals/edit-ticket.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { type EditTicketInput, editTicket } from '../../../../services/refresh/tickets/edit-ticket.js';
import { lookUpUserInTime, slackNameOf } from '../../../plumbing/look-up-user.js';
import { element, input, inputBlocksOf } from '../../../plumbing/modal-form.js';
import type { Submission } from '../../../plumbing/submission.js';
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
  // A static or a searched select, depending on how many models there are: whichever the block holds.
  proposedModel: input(editBlocks.proposedModel, undefined, element.choice),
  chosenModel: input(editBlocks.chosenModel, undefined, element.choice),
  peripherals: input(editBlocks.peripherals, editAction, element.choices),
  notes: input(editBlocks.notes, editAction, element.textOrNone),
  replacement: input(editBlocks.replacement, editAction, element.textOrNone),
};

/** The block's initial user: the current delegate, which the form shows as picked. */
const initialUserOf = (view: Submission['view']) =>
  (
    view.blocks.find((b) => b.block_id === editBlocks.delegate) as
      | { element?: { initial_user?: string } }
      | undefined
  )?.element?.initial_user;

/**
 * A delegate picked in Slack, as the service takes them; undefined when the pick is the current
 * delegate (no change). The delegate is written to by e-mail too, so their address is needed, and
 * whether Slack shares it is a field error: the lookup runs before the answer, within its limit.
 */
async function delegateChange(
  client: Submission['client'],
  view: Submission['view'],
  picked: string,
): Promise<EditTicketInput['delegate']> {
  if (picked === initialUserOf(view)) return undefined;
  const user = await lookUpUserInTime(client, picked);
  const refuse = (text: string) => new FormFieldErrors({ [editBlocks.delegate]: text });
  if (!user) throw refuse('Otto could not look this person up in Slack; try again, or pick someone else.');
  const email = user.profile?.email;
  if (!email || user.is_bot) {
    throw refuse('Otto cannot see an e-mail address for this person; pick someone else.');
  }
  return { slackUserId: picked, email, name: slackNameOf(user) ?? null };
}

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

      if (form.noDelegate.length > 0) input.delegate = null;
      else if (form.delegate) input.delegate = await delegateChange(client, view, form.delegate);
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
      return (await editTicket(ctx, input)).changed;
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
