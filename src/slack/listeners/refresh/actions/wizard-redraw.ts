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
 * Keeps what the wizard page holds, unchecked, and shows another page: the one before (`back`,
 * the Back button), or the same one again (`stay`, a choice that changes what the page asks,
 * such as the device page asking why only when the proposed computer will not do).
 */
export function redrawWizard(ctx: ServiceContext, move: 'back' | 'stay') {
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
        move,
      });
      // Neither checks anything, so each always lands on a page.
      return result.kind === 'page'
        ? renderWizardPage(result.view)
        : renderWizardNotice(md`Nothing was saved.`);
    },
    answer: async (outcome, { client, place }) => {
      if (place.kind !== 'modal') return;
      const next = outcome.ok ? outcome.result : renderWizardNotice(forActor(outcome.note));
      // The hash makes a click on a view that has changed since fail instead of overwriting it.
      await client.views.update({ view_id: place.viewId, hash: place.hash, view: next });
    },
  });
}
