import type { ModalView } from '@slack/types';
import {
  readWizardValues,
  renderWizardDone,
  renderWizardNotice,
  renderWizardPage,
  wizardErrors,
} from '../../../../../blocks/refresh/modals/wizard.js';
import type { ServiceContext } from '../../../../services/context.js';
import { saveWizardPage } from '../../../../services/refresh/wizard/save-wizard-page.js';
import { submitWizard } from '../../../../services/refresh/wizard/submit-wizard.js';
import { explainError } from '../../../plumbing/answers.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import { wizardMetadata } from '../../../values/refresh.js';
import type { ViewArgs } from '../../register.js';

/**
 * Next on a wizard page (checked: bad fields answered in the modal) and Submit on the review
 * page; the answer replaces the modal with the next page, the outcome, or why nothing changed.
 */
export async function submitWizardPage(ctx: ServiceContext, { ack, body, view, client, logger }: ViewArgs) {
  const userId = body.user.id;
  const metadata = wizardMetadata.parse(view.private_metadata);
  const update = (next: ModalView) => ack({ response_action: 'update', view: next });
  if (!metadata) {
    await update(
      renderWizardNotice(
        'This form is out of date, so nothing was saved. Open the wizard again from Otto’s Home tab.',
      ),
    );
    return;
  }
  const log = logger.error.bind(logger);
  let submitted = false;
  try {
    if (metadata.page === 'review') {
      const result = submitWizard(ctx, { userId, ticketId: metadata.ticketId, seenStatus: metadata.status });
      submitted = result.kind === 'submitted';
      await update(result.kind === 'submitted' ? renderWizardDone(result) : renderWizardPage(result.view));
    } else {
      const result = saveWizardPage(ctx, {
        userId,
        ticketId: metadata.ticketId,
        page: metadata.page,
        seenStatus: metadata.status,
        values: readWizardValues(metadata.page, view.state.values),
        move: 'next',
      });
      if (result.kind === 'page') {
        await update(renderWizardPage(result.view));
      } else {
        const inputs = new Set(
          view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])),
        );
        const errors = wizardErrors(metadata.page, result.errors, inputs);
        if (Object.keys(errors).length > 0) await ack({ response_action: 'errors', errors });
        else await update(renderWizardNotice(Object.values(result.errors).join(' ')));
      }
    }
  } catch (error) {
    await update(renderWizardNotice(explainError(error, log)));
    return;
  }
  // The customer's Home shows the refresh's new state at once.
  if (submitted) await publishHome(ctx, client, userId, log);
}
