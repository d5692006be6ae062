import type { ModalView } from '@slack/types';
import { ids } from '../../../src/slack/ids.js';
import { type AssignMetadata, assignMetadata } from '../../../src/slack/values/refresh.js';
import { fitInput, md, mrkdwn, plain } from '../../shared/text.js';

export const assignLinesInput = 'lines';

const modalTextLimit = 3000;

/**
 * The bulk assignment form: pasted `existing replacement` lines. Across an order group it is
 * pre-filled with the group's waiting serials, when they fit, for the admin to complete.
 */
export function renderAssignModal(metadata: AssignMetadata, initial?: string): ModalView {
  const intro = metadata.groupName
    ? md`Assign replacements to the tickets of order group *${metadata.groupName}*.`
    : md`Assign replacements to tickets waiting for ordering.`;
  return {
    type: 'modal',
    callback_id: ids.assignReplacements,
    title: plain('Assign replacements'),
    submit: plain('Assign'),
    close: plain('Cancel'),
    // The name is only shown again; the schema takes 100 characters of it.
    private_metadata: assignMetadata.encode({
      ...metadata,
      ...(metadata.groupName ? { groupName: fitInput(metadata.groupName, 100) } : {}),
    }),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`${intro} One line per ticket: the existing serial, a space, the replacement serial. Every line is checked before anything changes; the tickets then wait for the ITSM to know their replacements. More than fits here? Use \`/otto assign\` with the lines after it.`,
        ),
      },
      {
        type: 'input',
        block_id: assignLinesInput,
        label: plain('Existing and replacement serials'),
        element: {
          type: 'plain_text_input',
          action_id: assignLinesInput,
          multiline: true,
          max_length: modalTextLimit,
          placeholder: plain('SN12345 NEW98765'),
          ...(initial && initial.length <= modalTextLimit ? { initial_value: initial } : {}),
        },
      },
    ],
  };
}
