import type { ButtonAction } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import { renderWizardNotice, renderWizardPage } from '../../../../../blocks/refresh/modals/wizard.js';
import type { ServiceContext } from '../../../../services/context.js';
import { openWizard } from '../../../../services/refresh/wizard/open-wizard.js';
import { explainError } from '../../../plumbing/answers.js';
import { ticketValue } from '../../../values/refresh.js';
import type { ActionArgs } from '../../register.js';

/**
 * The invitation's Start and the Home's Continue: opens the wizard where the customer left off.
 * Anyone else, or a ticket that moved on, gets a modal saying so and nothing changes.
 */
export async function startWizard(ctx: ServiceContext, { ack, body, action, client, logger }: ActionArgs) {
  await ack();
  const value = ticketValue.parse((action as ButtonAction).value);
  let view: ModalView;
  if (!value) {
    view = renderWizardNotice(
      'That button is out of date, so nothing was opened. Your refresh is on Otto’s Home tab.',
    );
  } else {
    try {
      view = renderWizardPage(openWizard(ctx, { userId: body.user.id, ticketId: value.ticketId }));
    } catch (error) {
      view = renderWizardNotice(explainError(error, logger.error.bind(logger)));
    }
  }
  try {
    await client.views.open({ trigger_id: body.trigger_id, view });
  } catch (error) {
    logger.error('could not open the refresh wizard', error);
  }
}
