import {
  readWizardValues,
  renderWizardDone,
  renderWizardNotice,
  renderWizardPage,
  wizardErrors,
} from '../../../../../blocks/refresh/modals/wizard.js';
import { forActor, md } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { saveWizardPage } from '../../../../services/refresh/wizard/save-wizard-page.js';
import { submitWizard } from '../../../../services/refresh/wizard/submit-wizard.js';
import { explainError } from '../../../plumbing/answers.js';
import { inputBlocksOf } from '../../../plumbing/modal-form.js';
import { republishHomeSoon } from '../../../plumbing/publish-home.js';
import { fieldErrors, handleSubmission, replaceModal } from '../../../plumbing/submission.js';
import { wizardMetadata } from '../../../values/refresh.js';

/**
 * Next on a wizard page (checked by the wizard's own schema: bad fields answered in the modal)
 * and Submit on the review page; the answer replaces the modal with the next page, the outcome,
 * or why nothing changed. After a submission the customer's Home shows the new state.
 */
export function submitWizardPage(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log }) => {
      const metadata = wizardMetadata.parse(view.private_metadata);
      if (!metadata) {
        return {
          answer: replaceModal(
            renderWizardNotice(
              md`This form is out of date, so nothing was saved. Open the wizard again from Otto’s Home tab.`,
            ),
          ),
        };
      }
      try {
        if (metadata.page === 'review') {
          const result = await submitWizard(ctx, {
            userId,
            ticketId: metadata.ticketId,
            seenStatus: metadata.status,
          });
          if (result.kind !== 'submitted') return { answer: replaceModal(renderWizardPage(result.view)) };
          return { answer: replaceModal(renderWizardDone(result)), later: true };
        }
        const result = await saveWizardPage(ctx, {
          userId,
          ticketId: metadata.ticketId,
          page: metadata.page,
          seenStatus: metadata.status,
          values: readWizardValues(metadata.page, view.state.values),
          move: 'next',
        });
        if (result.kind === 'page') return { answer: replaceModal(renderWizardPage(result.view)) };
        const errors = wizardErrors(metadata.page, result.errors, inputBlocksOf(view));
        if (Object.keys(errors).length > 0) return { answer: fieldErrors(errors) };
        return { answer: replaceModal(renderWizardNotice(md`${Object.values(result.errors).join(' ')}`)) };
      } catch (error) {
        return { answer: replaceModal(renderWizardNotice(forActor(explainError(error, log)))) };
      }
    },
    lazy: async (_submitted, { userId, client, log }) => republishHomeSoon(ctx, client, userId, log),
  });
}
