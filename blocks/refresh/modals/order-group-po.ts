import type { ModalView } from '@slack/types';
import type { OrderGroupRow } from '../../../src/services/refresh/ordering/order-group-store.js';
import { ids } from '../../../src/slack/ids.js';
import { type OrderGroupPoMetadata, orderGroupPoMetadata } from '../../../src/slack/values/refresh.js';
import { fitInput, md, mrkdwn, plain } from '../../shared/text.js';

export const poInputs = { poNumber: 'po_number', requestItem: 'request_item' } as const;

const poLimit = 60;

/** Record the PO and ITSM request item of an approved group. */
export function renderOrderGroupPoModal(group: OrderGroupRow, metadata: OrderGroupPoMetadata): ModalView {
  const input = (blockId: string, label: string, initial: string | null) => ({
    type: 'input' as const,
    block_id: blockId,
    label: plain(label),
    element: {
      type: 'plain_text_input' as const,
      action_id: blockId,
      max_length: poLimit,
      ...(initial ? { initial_value: fitInput(initial, poLimit) } : {}),
    },
  });
  return {
    type: 'modal',
    callback_id: ids.orderGroupPoForm,
    title: plain('Record PO'),
    submit: plain('Save'),
    close: plain('Cancel'),
    private_metadata: orderGroupPoMetadata.encode(metadata),
    blocks: [
      { type: 'section', text: mrkdwn(md`Order group *${group.name}* (#${group.id})`) },
      input(poInputs.poNumber, 'PO number', group.poNumber),
      input(poInputs.requestItem, 'Request item', group.requestItem),
    ],
  };
}
