import { renderWizardNotice, renderWizardPage } from '../../../../../blocks/refresh/modals/wizard.js';
import type { ServiceContext } from '../../../../services/context.js';
import { openWizard } from '../../../../services/refresh/wizard/open-wizard.js';
import { answerButton, openModalWith } from '../../../plumbing/button.js';
import { ticketValue } from '../../../values/refresh.js';

/**
 * The invitation's Start and the Home's Continue: opens the wizard where the customer left off.
 * Anyone else, or a ticket that moved on, gets a modal saying so and nothing changes.
 */
export function startWizard(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: (click) => ticketValue.parse(click.raw),
    staleNote: 'That button is out of date, so nothing was opened. Your refresh is on Otto’s Home tab.',
    run: async ({ ticketId }, { userId }) => renderWizardPage(await openWizard(ctx, { userId, ticketId })),
    answer: openModalWith(renderWizardNotice),
  });
}
