import { editAction, editBlocks, noChosenModel } from '../../../../../blocks/refresh/modals/edit-ticket.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ReplacementSerialError } from '../../../../services/refresh/ordering/exchange-replacement.js';
import { type EditTicketInput, editTicket } from '../../../../services/refresh/tickets/edit-ticket.js';
import type { ViewArgs } from '../../register.js';
import { FormFieldErrors, invalidOn, submitTicketForm } from './ticket-form.js';

const fieldNames: Record<string, string> = {
  delegateId: 'delegate',
  proposedModelId: 'proposed model',
  chosenModelId: 'chosen model',
  peripheralIds: 'peripherals',
  notes: 'notes',
  replacement: 'replacement',
};

/** The edit form: a delegate picked in Slack is looked up for their e-mail; the rest is one service call. */
export function submitTicketEdit(ctx: ServiceContext, args: ViewArgs) {
  const { view } = args;
  return submitTicketForm(ctx, args, {
    async save(metadata, { userId, client }) {
      const state = (block: string) => view.state.values[block]?.[editAction];
      const present = new Set(
        view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])),
      );
      const input: EditTicketInput = {
        actor: userId,
        ticketId: metadata.ticketId,
        seenStatus: metadata.status,
      };

      if ((state(editBlocks.noDelegate)?.selected_options ?? []).length > 0) {
        input.delegate = null;
      } else {
        const picked = state(editBlocks.delegate)?.selected_user;
        // The form shows the current delegate as the initial user; keeping it is no change.
        const initialUser = (
          view.blocks.find((b) => b.block_id === editBlocks.delegate) as
            | { element?: { initial_user?: string } }
            | undefined
        )?.element?.initial_user;
        if (picked && picked !== initialUser) {
          // The delegate is a person Otto writes to by e-mail too, so their address is needed.
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
      if (present.has(editBlocks.proposedModel)) {
        const value = state(editBlocks.proposedModel)?.selected_option?.value;
        if (value) input.proposedModelId = Number(value);
      }
      if (present.has(editBlocks.chosenModel)) {
        const value = state(editBlocks.chosenModel)?.selected_option?.value;
        if (value) input.chosenModelId = value === noChosenModel ? null : Number(value);
      }
      if (present.has(editBlocks.peripherals)) {
        input.peripheralIds = (state(editBlocks.peripherals)?.selected_options ?? []).map((o) =>
          Number(o.value),
        );
      }
      if (present.has(editBlocks.notes)) input.notes = state(editBlocks.notes)?.value ?? null;
      const replacement = state(editBlocks.replacement)?.value?.trim();
      if (present.has(editBlocks.replacement) && replacement) input.replacementSerial = replacement;
      return editTicket(ctx, input).changed;
    },
    fieldErrors: (error) =>
      error instanceof ReplacementSerialError
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
