import type { ModalView } from '@slack/types';
import { ids } from '../../../src/slack/ids.js';
import { type TrackingMetadata, trackingMetadata } from '../../../src/slack/values/refresh.js';
import { md, mrkdwn, plain } from '../../shared/text.js';

export const trackingLinesInput = 'tracking_lines';

/** The paste form for tracking numbers: `ticket-or-serial tracking-number` lines. */
export function renderTrackingModal(metadata: TrackingMetadata): ModalView {
  return {
    type: 'modal',
    callback_id: ids.trackingEntry,
    title: plain('Tracking numbers'),
    submit: plain('Save and notify'),
    close: plain('Cancel'),
    private_metadata: trackingMetadata.encode(metadata),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`One line per shipped replacement: the ticket number or a serial (existing or replacement), a space, the tracking number. Every line is checked first; if any is wrong nothing is saved. Each customer (or delegate) gets the tracking number by Slack and e-mail.`,
        ),
      },
      {
        type: 'input',
        block_id: trackingLinesInput,
        label: plain('Tickets and tracking numbers'),
        element: {
          type: 'plain_text_input',
          action_id: trackingLinesInput,
          multiline: true,
          max_length: 3000,
          placeholder: plain('SN12345 1Z999AA10123456784'),
        },
      },
    ],
  };
}
