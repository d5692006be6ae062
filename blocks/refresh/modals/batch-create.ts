import type { ModalView } from '@slack/types';
import { ids } from '../../../src/slack/ids.js';
import { batchCreateMetadata } from '../../../src/slack/values/refresh.js';
import { md, mrkdwn, plain } from '../../shared/text.js';
import { plural } from '../messages/batch.js';
import { type ConfigSelect, configInput, delegateInput, noCustomerInput } from './create-options.js';

/** "Create tickets" on a batch message: config, optional delegate, no-customer override. */
export function renderBatchCreateModal(input: {
  /** `ready`: serials that may get a ticket; of those, `withoutUser` only as no-customer tickets. */
  batch: { id: number; name: string; ready: number; withoutUser?: number };
  configs: ConfigSelect;
}): ModalView {
  const { batch } = input;
  return {
    type: 'modal',
    callback_id: ids.batchCreate,
    private_metadata: batchCreateMetadata.encode({ batchId: batch.id }),
    title: plain('Create tickets'),
    submit: plain('Create'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`Creates ${(batch.withoutUser ?? 0) > 0 ? 'up to ' : ''}${plural(batch.ready, 'ticket')} for the ready serials of batch *${batch.name}*. Serials that are not ready are left out.${
            (batch.withoutUser ?? 0) > 0
              ? ` ${plural(batch.withoutUser!, 'serial')} without a user ${batch.withoutUser === 1 ? 'gets its ticket' : 'get their tickets'} only with a no-customer config or *No customer* ticked.`
              : ''
          }`,
        ),
      },
      configInput(input.configs),
      delegateInput(),
      noCustomerInput(),
    ],
  };
}
