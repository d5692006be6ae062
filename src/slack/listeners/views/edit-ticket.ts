import { ticketNoticeModal } from '../../../../blocks/messages/ticket-card.js';
import { editAction, editBlocks, noChosenModel } from '../../../../blocks/modals/edit-ticket.js';
import { staleFormView } from '../../../../blocks/modals/stale-form.js';
import type { ServiceContext } from '../../../services/context.js';
import { ServiceError } from '../../../services/errors.js';
import { type EditTicketInput, editTicket } from '../../../services/tickets/edit-ticket.js';
import { explainError } from '../../answers.js';
import { parseValue } from '../../ids.js';
import { answerTicketAction, TicketFormMetadata } from '../actions/ticket-surface.js';
import type { ViewArgs } from '../register.js';

const fieldNames: Record<string, string> = {
  delegateId: 'delegate',
  proposedModelId: 'proposed model',
  chosenModelId: 'chosen model',
  peripheralIds: 'peripherals',
  notes: 'notes',
};

/** The edit form: a delegate picked in Slack is looked up for their e-mail; the rest is one service call. */
export async function submitTicketEdit(ctx: ServiceContext, { ack, body, view, client, logger }: ViewArgs) {
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const metadata = parseValue(TicketFormMetadata, view.private_metadata);
  if (!metadata) {
    await ack({ response_action: 'update', view: staleFormView() });
    return;
  }
  const answering = { ctx, client, userId, log };
  const state = (block: string) => view.state.values[block]?.[editAction];
  const present = new Set(view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));
  const input: EditTicketInput = { actor: userId, ticketId: metadata.ticketId, seenStatus: metadata.status };

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
        await ack({
          response_action: 'errors',
          errors: {
            [editBlocks.delegate]: 'Otto cannot see an e-mail address for this person; pick someone else.',
          },
        });
        return;
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
    input.peripheralIds = (state(editBlocks.peripherals)?.selected_options ?? []).map((o) => Number(o.value));
  }
  input.notes = state(editBlocks.notes)?.value ?? null;

  let changed: string[];
  try {
    changed = editTicket(ctx, input).changed;
  } catch (error) {
    const note = explainError(error, log);
    if (error instanceof ServiceError && error.kind === 'invalid') {
      await ack({ response_action: 'errors', errors: { [editBlocks.notes]: note } });
      return;
    }
    await ack({ response_action: 'update', view: ticketNoticeModal('Nothing was changed', note) });
    await answerTicketAction(answering, metadata.source, { ok: false, note, ticketId: metadata.ticketId });
    return;
  }
  await ack();
  await answerTicketAction(answering, metadata.source, {
    ok: true,
    ticketId: metadata.ticketId,
    note:
      changed.length === 0
        ? `Nothing to save: refresh #${metadata.ticketId} already looks like that.`
        : `Saved refresh #${metadata.ticketId}: ${changed.map((c) => fieldNames[c] ?? c).join(', ')}.`,
  });
}
