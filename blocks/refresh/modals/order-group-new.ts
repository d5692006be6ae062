import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type {
  FilterChoice,
  OrderGroupFilterChoices,
} from '../../../src/services/refresh/ordering/list-order-groups.js';
import { ids } from '../../../src/slack/ids.js';
import { type OrderGroupNewMetadata, orderGroupNewMetadata } from '../../../src/slack/values/refresh.js';
import { md, mrkdwn, plain } from '../../shared/text.js';
import { plural } from '../messages/batch.js';

export const orderGroupNewInputs = {
  name: 'name',
  unit: 'unit',
  config: 'config',
  model: 'model',
} as const;

const option = (c: FilterChoice): PlainTextOption => ({
  text: plain(`${c.name} (${c.tickets})`, 75),
  value: String(c.id),
});

/** Name the group and narrow the waiting, ungrouped tickets by unit, config and model. */
export function renderOrderGroupNewModal(
  choices: OrderGroupFilterChoices,
  metadata: OrderGroupNewMetadata,
): ModalView {
  const select = (blockId: string, label: string, items: FilterChoice[]): KnownBlock[] =>
    items.length === 0
      ? []
      : [
          {
            type: 'input',
            block_id: blockId,
            label: plain(label),
            optional: true,
            element: { type: 'static_select', action_id: blockId, options: items.map(option) },
          },
        ];
  return {
    type: 'modal',
    callback_id: ids.orderGroupNew,
    title: plain('New order group'),
    submit: plain('Create'),
    close: plain('Cancel'),
    private_metadata: orderGroupNewMetadata.encode(metadata),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`${plural(choices.ungrouped, 'ticket')} waiting for ordering in no group. The group takes those that match every filter you pick (none: all of them).`,
        ),
      },
      {
        type: 'input',
        block_id: orderGroupNewInputs.name,
        label: plain('Name'),
        element: { type: 'plain_text_input', action_id: orderGroupNewInputs.name, max_length: 80 },
      },
      ...select(orderGroupNewInputs.unit, 'Unit', choices.units),
      ...select(orderGroupNewInputs.config, 'Refresh config', choices.configs),
      ...select(orderGroupNewInputs.model, 'Model', choices.models),
    ],
  };
}
