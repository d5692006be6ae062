import {
  readWizardValues,
  renderWizardNotice,
  renderWizardPage,
} from '../../../../../blocks/refresh/modals/wizard.js';
import { forActor, md } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { saveWizardPage } from '../../../../services/refresh/wizard/save-wizard-page.js';
import { answerButton } from '../../../plumbing/button.js';
import { wizardMetadata } from '../../../values/refresh.js';

/**
 * A choice on a wizard page that changes what the page asks (the device page asks why only when
 * the proposed computer will not do): keeps what the page holds, unchecked, and shows it again.
 */
export function wizardChoice(ctx: ServiceContext) {
  return answerButton(ctx, {
    read: ({ place }) => (place.kind === 'modal' ? wizardMetadata.parse(place.metadata) : undefined),
    staleNote: 'This form is out of date, so nothing was saved. Open the wizard again from Otto’s Home tab.',
    run: async (metadata, { userId, place }) => {
      const result = await saveWizardPage(ctx, {
        userId,
        ticketId: metadata.ticketId,
        page: metadata.page,
        seenStatus: metadata.status,
        values: readWizardValues(metadata.page, place.kind === 'modal' ? place.values : undefined),
        move: 'stay',
      });
      // Staying checks nothing, so it always lands on the page.
      return result.kind === 'page'
        ? renderWizardPage(result.view)
        : renderWizardNotice(md`Nothing was saved.`);
    },
    answer: async (outcome, { client, place }) => {
      if (place.kind !== 'modal') return;
      const next = outcome.ok ? outcome.result : renderWizardNotice(forActor(outcome.note));
      // The hash makes a choice on a view that has changed since fail instead of overwriting it.
      await client.views.update({ view_id: place.viewId, hash: place.hash, view: next });
    },
  });
}
