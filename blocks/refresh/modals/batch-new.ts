import type { ModalView } from '@slack/types';
import { maxBatchNameLength } from '../../../src/domain/refresh/forms.js';
import { ids } from '../../../src/slack/ids.js';
import { type BatchNewMetadata, batchNewMetadata } from '../../../src/slack/values/refresh.js';
import { fitInput, md, mrkdwn, plain } from '../../shared/text.js';
import { serialsInput } from './create-options.js';

export const batchNameInput = 'name';

/** `/otto batch new`: a name and pasted serials; submitting looks them up. */
export function renderBatchNewModal(input: { metadata: BatchNewMetadata; name?: string }): ModalView {
  return {
    type: 'modal',
    callback_id: ids.batchNew,
    private_metadata: batchNewMetadata.encode(input.metadata),
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
          ...(input.name ? { initial_value: fitInput(input.name, maxBatchNameLength) } : {}),
        },
      },
      serialsInput(),
      {
        type: 'context',
        elements: [
          mrkdwn(
            md`Otto looks every serial up and posts one message here with what it found; tickets are created from it afterwards. More than fits this box? Type \`/otto batch new <name>\` with the serials on the lines below it.`,
          ),
        ],
      },
    ],
  };
}
