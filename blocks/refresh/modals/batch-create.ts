import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { encodeValue, ids } from '../../../src/slack/ids.js';
import { escapeMrkdwn, mrkdwn, plain } from '../../shared/text.js';
import { plural } from '../messages/batch.js';
import { type ConfigSelect, configInput, delegateInput, noCustomerInput } from './create-options.js';

export const BatchCreateMetadata = z.object({ batchId: z.number().int().positive() });
export type BatchCreateMetadata = z.infer<typeof BatchCreateMetadata>;

/** "Create tickets" on a batch message: config, optional delegate, no-customer override. */
export function renderBatchCreateModal(input: {
  batch: { id: number; name: string; ready: number };
  configs: ConfigSelect;
}): ModalView {
  const { batch } = input;
  return {
    type: 'modal',
    callback_id: ids.batchCreate,
    private_metadata: encodeValue({ batchId: batch.id } satisfies BatchCreateMetadata),
    title: plain('Create tickets'),
    submit: plain('Create'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `Creates ${plural(batch.ready, 'ticket')} for the ready serials of batch *${escapeMrkdwn(batch.name)}*. Serials that are not ready are left out.`,
        ),
      },
      configInput(input.configs),
      delegateInput(),
      noCustomerInput(),
    ],
  };
}
