import { renderWizardOptions } from '../../../../../blocks/refresh/modals/wizard.js';
import type { ServiceContext } from '../../../../services/context.js';
import { findWizardOptions } from '../../../../services/refresh/wizard/find-wizard-options.js';
import { loadOptions } from '../../../plumbing/options.js';
import { wizardMetadata } from '../../../values/refresh.js';

/** Loads an external select of the wizard (models, peripherals or software past 100 items). */
export function loadWizardOptions(ctx: ServiceContext, list: 'models' | 'peripherals' | 'software') {
  return loadOptions('wizard options', 200, async ({ userId, query, metadata }) => {
    const wizard = wizardMetadata.parse(metadata);
    if (!wizard) return [];
    return renderWizardOptions(
      await findWizardOptions(ctx, { userId, ticketId: wizard.ticketId, list, query }),
    );
  });
}
