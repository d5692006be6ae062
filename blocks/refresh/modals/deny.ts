import type { ModalView } from '@slack/types';
import { denialReasonLimit } from '../../../src/domain/refresh/forms.js';
import type { ApprovalSummary } from '../../../src/services/refresh/approvals/approval-summary.js';
import { ids } from '../../../src/slack/ids.js';
import { md, mrkdwn, plain } from '../../shared/text.js';

export const denyReasonBlock = 'deny_reason';
export const denyReasonAction = 'reason';

/** Deny asks for a reason, which the customer sees in the notice and the wizard (SPEC §2.1). */
export function denyModal(summary: ApprovalSummary, privateMetadata: string): ModalView {
  return {
    type: 'modal',
    callback_id: ids.ticketDenyForm,
    title: plain(`Deny refresh #${summary.ticketId}`, 24),
    submit: plain('Deny'),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(md`*${summary.customer}* · ${summary.computer} · _${summary.config}_`),
      },
      {
        type: 'section',
        fields: summary.lines.slice(0, 10).map((line) => mrkdwn(md`*${line.label}*\n${line.value}`, 2000)),
      },
      {
        type: 'input',
        block_id: denyReasonBlock,
        label: plain('Why? The customer sees this'),
        element: {
          type: 'plain_text_input',
          action_id: denyReasonAction,
          multiline: true,
          min_length: 1,
          max_length: denialReasonLimit,
          placeholder: plain('e.g. Please choose the proposed Latitude; the MacBook needs a written reason.'),
        },
        hint: plain(
          'The ticket goes back to the customer, who walks the wizard again with this reason shown.',
        ),
      },
    ],
  };
}
