import type { InputBlock, PlainTextOption } from '@slack/types';
import type { ConfigChoice } from '../../../src/services/refresh/batches/list-config-choices.js';
import { ids } from '../../../src/slack/ids.js';
import { fitInput, plain, statusLabel, truncate } from '../../shared/text.js';

/** Block and action ids of the creation inputs, shared by the batch and bulk creation modals. */
export const creationInputs = {
  serials: 'serials',
  config: 'config',
  delegate: 'delegate',
  noCustomer: 'no_customer',
} as const;

/** Few configs fit a static select; past 100 the select searches as the admin types. */
export type ConfigSelect =
  | { kind: 'static'; configs: readonly ConfigChoice[]; initialId?: number | null }
  | { kind: 'external'; initial?: ConfigChoice | null };

export function configOption(config: ConfigChoice): PlainTextOption {
  return {
    text: plain(truncate(config.name, 75)),
    value: String(config.id),
    description: plain(truncate(statusLabel(config.style), 75)),
  };
}

export function configInput(select: ConfigSelect): InputBlock {
  if (select.kind === 'static') {
    const options = select.configs.map(configOption);
    const initial = options.find((o) => o.value === String(select.initialId));
    return {
      type: 'input',
      block_id: creationInputs.config,
      label: plain('Refresh config'),
      element: {
        type: 'static_select',
        action_id: creationInputs.config,
        placeholder: plain('Pick the config the tickets are made with'),
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    };
  }
  return {
    type: 'input',
    block_id: creationInputs.config,
    label: plain('Refresh config'),
    element: {
      type: 'external_select',
      action_id: ids.ticketConfigSearch,
      placeholder: plain('Type part of the config’s name'),
      min_query_length: 0,
      ...(select.initial ? { initial_option: configOption(select.initial) } : {}),
    },
  };
}

export function delegateInput(): InputBlock {
  return {
    type: 'input',
    block_id: creationInputs.delegate,
    optional: true,
    label: plain('Delegate'),
    hint: plain('For VIPs: the delegate receives every message instead of the user.'),
    element: {
      type: 'users_select',
      action_id: creationInputs.delegate,
      placeholder: plain('Nobody'),
    },
  };
}

export function noCustomerInput(): InputBlock {
  return {
    type: 'input',
    block_id: creationInputs.noCustomer,
    optional: true,
    label: plain('No customer'),
    element: {
      type: 'checkboxes',
      action_id: creationInputs.noCustomer,
      options: [
        {
          text: plain('No customer (labs, loaners)'),
          value: 'no_customer',
          description: plain('Whatever the config: no invitation or wizard, straight to ordering.'),
        },
      ],
    },
  };
}

/** The serials text area; Slack takes at most 3,000 characters in one input. */
export function serialsInput(initial?: string): InputBlock {
  return {
    type: 'input',
    block_id: creationInputs.serials,
    label: plain('Serial numbers'),
    hint: plain('One per line, or separated by spaces or commas. Duplicates are kept once.'),
    element: {
      type: 'plain_text_input',
      action_id: creationInputs.serials,
      multiline: true,
      max_length: 3000,
      placeholder: plain('Paste serial numbers from a spreadsheet column or a list'),
      ...(initial ? { initial_value: fitInput(initial, 3000) } : {}),
    },
  };
}
