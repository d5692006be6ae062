import type { ModalView } from '@slack/types';
import { denialReasonLimit } from '../../../src/domain/refresh/forms.js';
import type { OrderGroupRow } from '../../../src/services/refresh/ordering/order-group-store.js';
import { ids } from '../../../src/slack/ids.js';
import { type OrderGroupDenyMetadata, orderGroupDenyMetadata } from '../../../src/slack/values/refresh.js';
import { md, mrkdwn, plain } from '../../shared/text.js';

export const orderGroupDenyReasonBlock = 'order_group_deny_reason';

/** Deny an order group: the reason goes to the admin who made it, and the group opens again. */
export function renderOrderGroupDenyModal(group: OrderGroupRow, metadata: OrderGroupDenyMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: ids.orderGroupDenyForm,
    title: plain('Deny order group'),
    submit: plain('Deny'),
    close: plain('Cancel'),
    private_metadata: orderGroupDenyMetadata.encode(metadata),
    blocks: [
      { type: 'section', text: mrkdwn(md`Order group *${group.name}* (#${group.id})`) },
      {
        type: 'input',
        block_id: orderGroupDenyReasonBlock,
        label: plain('Why? The admins see this'),
        element: {
          type: 'plain_text_input',
          action_id: orderGroupDenyReasonBlock,
          multiline: true,
          min_length: 1,
          max_length: denialReasonLimit,
          placeholder: plain('e.g. Two of these computers are still under warranty; take them out.'),
        },
        hint: plain('The group goes back to the admins, who can change it and send it again.'),
      },
    ],
  };
}
