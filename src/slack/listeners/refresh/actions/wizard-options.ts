import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { renderWizardOptions } from '../../../../../blocks/refresh/modals/wizard.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { findWizardOptions } from '../../../../services/refresh/wizard/find-wizard-options.js';
import { wizardMetadata } from '../../../values/refresh.js';

const Suggestion = z.object({
  user: z.object({ id: z.string() }),
  value: z.string().max(200).default(''),
  view: z.object({ private_metadata: z.string() }),
});

type OptionsArgs = AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>;

/** Loads an external select of the wizard (models, peripherals or software past 100 items). */
export function loadWizardOptions(ctx: ServiceContext, list: 'models' | 'peripherals' | 'software') {
  return async ({ ack, body, logger }: OptionsArgs): Promise<void> => {
    const parsed = Suggestion.safeParse(body);
    const metadata = parsed.success ? wizardMetadata.parse(parsed.data.view.private_metadata) : undefined;
    if (!parsed.success || !metadata) {
      await ack({ options: [] });
      return;
    }
    try {
      const found = findWizardOptions(ctx, {
        userId: parsed.data.user.id,
        ticketId: metadata.ticketId,
        list,
        query: parsed.data.value,
      });
      await ack({ options: renderWizardOptions(found) });
    } catch (error) {
      if (!(error instanceof ServiceError)) logger.error('could not load wizard options', error);
      await ack({ options: [] });
    }
  };
}
