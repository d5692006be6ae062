import type { ModalView } from '@slack/types';
import { ids } from '../../../src/slack/ids.js';
import { batchCreateMetadata } from '../../../src/slack/values/refresh.js';
import { md, mrkdwn, plain } from '../../shared/text.js';
import { plural } from '../messages/batch.js';
import { type ConfigSelect, configInput, delegateInput, noCustomerInput } from './create-options.js';

/** "Create tickets" on a batch message: config, optional delegate, no-customer override. */
export function renderBatchCreateModal(input: {
  batch: { id: number; name: string; ready: number };
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
          md`Creates ${plural(batch.ready, 'ticket')} for the ready serials of batch *${batch.name}*. Serials that are not ready are left out.`,
        ),
      },
      configInput(input.configs),
      delegateInput(),
      noCustomerInput(),
    ],
  };
}
