import type { ModalView } from '@slack/types';
import { z } from 'zod';
import { maxBatchNameLength } from '../../../src/domain/refresh/forms.js';
import { encodeValue, ids } from '../../../src/slack/ids.js';
import { mrkdwn, plain, truncate } from '../../shared/text.js';
import { serialsInput } from './create-options.js';

/** Where the batch message goes: the conversation the command was typed in. */
export const BatchNewMetadata = z.object({ channelId: z.string().max(40) });
export type BatchNewMetadata = z.infer<typeof BatchNewMetadata>;

export const batchNameInput = 'name';

/** `/otto batch new`: a name and pasted serials; submitting looks them up. */
export function renderBatchNewModal(input: { metadata: BatchNewMetadata; name?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: ids.batchNew,
    private_metadata: encodeValue(input.metadata),
    title: plain('New batch'),
    submit: plain('Look up'),
    close: plain('Cancel'),
    blocks: [
      {
        type: 'input',
        block_id: batchNameInput,
        label: plain('Batch name'),
        element: {
          type: 'plain_text_input',
          action_id: batchNameInput,
          max_length: maxBatchNameLength,
          placeholder: plain('e.g. LSA refresh, November'),
          ...(input.name ? { initial_value: truncate(input.name, maxBatchNameLength) } : {}),
        },
      },
      serialsInput(),
      {
        type: 'context',
        elements: [
          mrkdwn(
            'Otto looks every serial up and posts one message here with what it found; tickets are created from it afterwards. More than fits this box? Type `/otto batch new <name>` with the serials on the lines below it.',
          ),
        ],
      },
    ],
  };
}
