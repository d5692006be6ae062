import type { WizardReminderView } from '../../../src/domain/refresh/notices.js';
import { md, messageText, mrkdwn, plain, type SlackMessage } from '../../shared/text.js';
import { deadlineContext, whoseComputer, wizardButton } from './invitation.js';

/** A wizard reminder (SPEC §2.2): the invitation's button again, and how long is left. */
export function renderReminder(view: WizardReminderView): SlackMessage {
  const last = view.reminder === 2;
  const progress = view.started ? md`You have started; Otto kept your answers.` : md`${view.asks}`;
  const consequence =
    'If it is not finished by then, the refresh team will contact you to collect the answers by hand, which takes longer.';
  return {
    text: messageText(
      md`${last ? 'Last reminder' : 'Reminder'}: ${whoseComputer(view, false)} is waiting for your answers. Please finish by ${view.deadline}.`,
    ),
    blocks: [
      {
        type: 'header',
        text: plain(
          `${last ? 'Last reminder' : 'Reminder'}: ${view.onBehalfOf ? `${view.onBehalfOf}’s` : 'your'} computer refresh`,
          150,
        ),
      },
      {
        type: 'section',
        text: mrkdwn(
          md`${whoseComputer(view)} is still waiting for a few answers before Otto can order the replacement. ${progress}\n\nPlease finish by *${view.deadline}*. ${consequence}`,
        ),
      },
      {
        type: 'actions',
        block_id: 'wizard',
        elements: [wizardButton(view, view.started ? 'Continue' : 'Start')],
      },
      deadlineContext(view),
    ],
  };
}
