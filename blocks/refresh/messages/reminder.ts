import type { KnownBlock } from '@slack/types';
import type { WizardReminderView } from '../../../src/domain/refresh/notices.js';
import { escapeMrkdwn, mrkdwn, plain, truncate } from '../../shared/text.js';
import { capitalise, deadlineContext, whoseComputer, wizardButton } from './invitation.js';

const SECTION_TEXT_LIMIT = 3000;

/** A wizard reminder (SPEC §2.2): the invitation's button again, and how long is left. */
export function renderReminder(view: WizardReminderView): { text: string; blocks: KnownBlock[] } {
  const whose = whoseComputer(view);
  const last = view.reminder === 2;
  const progress = view.started ? 'You have started; Otto kept your answers.' : escapeMrkdwn(view.asks);
  const consequence =
    'If it is not finished by then, the refresh team will contact you to collect the answers by hand, which takes longer.';
  const body =
    `${escapeMrkdwn(capitalise(whose))} is still waiting for a few answers before Otto can order the replacement. ${progress}\n\n` +
    `Please finish by *${escapeMrkdwn(view.deadline)}*. ${consequence}`;
  return {
    text: truncate(
      `${last ? 'Last reminder' : 'Reminder'}: ${whose} is waiting for your answers. Please finish by ${view.deadline}.`,
      4000,
    ),
    blocks: [
      {
        type: 'header',
        text: plain(last ? 'Last reminder: your computer refresh' : 'Reminder: your computer refresh'),
      },
      { type: 'section', text: mrkdwn(truncate(body, SECTION_TEXT_LIMIT)) },
      {
        type: 'actions',
        block_id: 'wizard',
        elements: [wizardButton(view, view.started ? 'Continue' : 'Start')],
      },
      deadlineContext(view),
    ],
  };
}
