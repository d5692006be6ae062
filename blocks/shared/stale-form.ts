import type { ModalView } from '@slack/types';
import { md, mrkdwn, plain } from './text.js';

/** Shown in place of a form or button Otto no longer knows: nothing was saved. */
export function staleFormView(): ModalView {
  return {
    type: 'modal',
    title: plain('Out of date'),
    close: plain('Close'),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`This form is out of date, so nothing was saved. Close it and start again from Otto’s *Home* tab or \`/otto help\`.`,
        ),
      },
    ],
  };
}

/** Answers a copy of a form Slack sent again while Otto was still saving the first: it is saved once. */
export function formInProgressView(): ModalView {
  return {
    type: 'modal',
    title: plain('Saving'),
    close: plain('Close'),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`Slack sent this form twice, and Otto is still saving it. It is saved once; close this and look at Otto’s *Home* tab in a moment.`,
        ),
      },
    ],
  };
}
