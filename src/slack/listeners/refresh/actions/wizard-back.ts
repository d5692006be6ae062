import {
  readWizardValues,
  renderWizardNotice,
  renderWizardPage,
} from '../../../../../blocks/refresh/modals/wizard.js';
import type { ServiceContext } from '../../../../services/context.js';
import { saveWizardPage } from '../../../../services/refresh/wizard/save-wizard-page.js';
import { explainError } from '../../../plumbing/answers.js';
import { wizardMetadata } from '../../../values/refresh.js';
import type { ActionArgs } from '../../register.js';

/** The wizard's Back: keeps what the page holds, unchecked, and shows the page before. */
export async function wizardBack(ctx: ServiceContext, { ack, body, client, logger }: ActionArgs) {
  await ack();
  const view = body.view;
  if (!view) return;
  const metadata = wizardMetadata.parse(view.private_metadata);
  let next: ReturnType<typeof renderWizardPage>;
  if (!metadata) {
    next = renderWizardNotice(
      'This form is out of date, so nothing was saved. Open the wizard again from Otto’s Home tab.',
    );
  } else {
    try {
      const result = saveWizardPage(ctx, {
        userId: body.user.id,
        ticketId: metadata.ticketId,
        page: metadata.page,
        seenStatus: metadata.status,
        values: readWizardValues(metadata.page, view.state?.values),
        move: 'back',
      });
      // Back checks nothing, so it always lands on a page.
      next =
        result.kind === 'page' ? renderWizardPage(result.view) : renderWizardNotice('Nothing was saved.');
    } catch (error) {
      next = renderWizardNotice(explainError(error, logger.error.bind(logger)));
    }
  }
  try {
    // The hash makes a click on a view that has changed since fail instead of overwriting it.
    await client.views.update({ view_id: view.id, hash: view.hash, view: next });
  } catch (error) {
    logger.error('could not show the previous wizard page', error);
  }
}
