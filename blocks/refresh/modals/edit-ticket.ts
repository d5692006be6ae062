import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { computerLabel } from '../../../src/domain/naming.js';
import { notesLimit } from '../../../src/domain/refresh/forms.js';
import type { EditModelChoice, EditTicketForm } from '../../../src/services/refresh/tickets/edit-ticket.js';
import { ids } from '../../../src/slack/ids.js';
import { fitInput, md, mrkdwn, plain, statusLabel } from '../../shared/text.js';

/** Shown under the replacement field: seed 000, timeline 9.1. */
const exchangeHelpText =
  'Exchanging a failed replacement never advances the ticket; assign replacements in bulk to advance it.';

export const editBlocks = {
  delegate: 'delegate',
  noDelegate: 'no_delegate',
  proposedModel: 'proposed_model',
  chosenModel: 'chosen_model',
  peripherals: 'peripherals',
  notes: 'notes',
  replacement: 'replacement_serial',
} as const;
export const editAction = 'value';
/** The chosen-model option that clears the choice. */
export const noChosenModel = 'none';

const option = (text: string, value: string): PlainTextOption => ({ text: plain(text, 75), value });

/** A model as the edit form's selects offer it. */
export const editModelOption = (model: EditModelChoice): PlainTextOption =>
  option(`${model.name} (${model.platform})`, String(model.id));

/** The chosen-model option that clears the choice. */
export const noChosenModelOption: PlainTextOption = option(
  'No chosen model: the proposed one',
  noChosenModel,
);

/** A model select: every model when they fit in one, else searched as typed (Slack's limit is 100). */
function modelSelect(
  options: PlainTextOption[],
  initial: PlainTextOption | undefined,
  searchActionId: string | undefined,
) {
  if (searchActionId !== undefined) {
    return {
      type: 'external_select' as const,
      action_id: searchActionId,
      min_query_length: 0,
      placeholder: plain('Type to search models'),
      ...(initial ? { initial_option: initial } : {}),
    };
  }
  return {
    type: 'static_select' as const,
    action_id: editAction,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

/** Approvers' and admins' edit form, until the ticket reaches ordering (SPEC §1). */
export function editTicketModal(form: EditTicketForm, privateMetadata: string): ModalView {
  const { details } = form;
  const { ticket } = details;
  const modelOptions = form.models.map(editModelOption);
  const proposed = modelOptions.find((o) => o.value === String(ticket.proposedModelId));
  const chosenOptions = [noChosenModelOption, ...modelOptions].slice(0, 100);
  const chosen = chosenOptions.find((o) => o.value === String(ticket.chosenModelId ?? noChosenModel));
  const search = form.searchModels === true;
  const peripheralOptions = form.peripherals.map((p) => option(p.name, String(p.id)));
  const selectedPeripherals = peripheralOptions.filter((o) =>
    details.peripherals.some((p) => String(p.id) === o.value),
  );

  const heading: KnownBlock = {
    type: 'section',
    text: mrkdwn(
      md`*Refresh #${ticket.id}* · ${computerLabel(details.system)} · ${statusLabel(ticket.status)}`,
    ),
  };
  const replacementInput: KnownBlock = {
    type: 'input',
    block_id: editBlocks.replacement,
    label: plain('Replacement serial'),
    optional: form.exchangeOnly !== true,
    hint: plain(exchangeHelpText),
    element: {
      type: 'plain_text_input',
      action_id: editAction,
      max_length: 64,
      ...(form.replacementSerial ? { initial_value: fitInput(form.replacementSerial, 64) } : {}),
    },
  };
  if (form.exchangeOnly) {
    return {
      type: 'modal',
      callback_id: ids.ticketEditForm,
      title: plain(`Edit refresh #${ticket.id}`, 24),
      submit: plain('Save'),
      close: plain('Cancel'),
      private_metadata: privateMetadata,
      blocks: [heading, replacementInput],
    };
  }
  const blocks: KnownBlock[] = [
    heading,
    {
      type: 'input',
      block_id: editBlocks.delegate,
      label: plain('Delegate'),
      optional: true,
      hint: plain('A delegate receives all of Otto’s messages instead of the user (VIPs).'),
      element: {
        type: 'users_select',
        action_id: editAction,
        ...(details.delegate?.slackUserId ? { initial_user: details.delegate.slackUserId } : {}),
      },
    },
  ];
  if (details.delegate) {
    blocks.push({
      type: 'input',
      block_id: editBlocks.noDelegate,
      label: plain('Remove the delegate'),
      optional: true,
      element: {
        type: 'checkboxes',
        action_id: editAction,
        options: [option('No delegate: Otto writes to the user', 'yes')],
      },
    });
  }
  if (modelOptions.length > 0) {
    blocks.push(
      {
        type: 'input',
        block_id: editBlocks.proposedModel,
        label: plain('Proposed model'),
        optional: true,
        element: modelSelect(modelOptions, proposed, search ? ids.ticketEditProposedModelOptions : undefined),
      },
      {
        type: 'input',
        block_id: editBlocks.chosenModel,
        label: plain('Chosen model'),
        optional: true,
        element: modelSelect(chosenOptions, chosen, search ? ids.ticketEditChosenModelOptions : undefined),
      },
    );
  }
  if (peripheralOptions.length > 0) {
    blocks.push({
      type: 'input',
      block_id: editBlocks.peripherals,
      label: plain('Peripherals'),
      optional: true,
      element: {
        type: 'multi_static_select',
        action_id: editAction,
        options: peripheralOptions,
        ...(selectedPeripherals.length > 0 ? { initial_options: selectedPeripherals } : {}),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: editBlocks.notes,
    label: plain('Notes'),
    optional: true,
    element: {
      type: 'plain_text_input',
      action_id: editAction,
      multiline: true,
      max_length: notesLimit,
      ...(ticket.notes ? { initial_value: fitInput(ticket.notes, notesLimit) } : {}),
    },
  });
  if (form.replacementSerial !== undefined) blocks.push(replacementInput);
  return {
    type: 'modal',
    callback_id: ids.ticketEditForm,
    title: plain(`Edit refresh #${ticket.id}`, 24),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks,
  };
}
