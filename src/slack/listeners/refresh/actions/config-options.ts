import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { z } from 'zod';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';

const Suggestion = z.object({
  user: z.object({ id: z.string() }),
  value: z.string().max(500).default(''),
});

type OptionsArgs = AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>;

/**
 * An external select's loader for the config form: what the person typed in, at most 100
 * options out (the search caps it). Anyone who may not see the catalog gets no options.
 */
export function loadConfigOptions<T>(
  ctx: ServiceContext,
  search: (ctx: ServiceContext, actor: string, query: string) => T[],
  toOption: (choice: T) => PlainTextOption,
) {
  return async ({ ack, body, logger }: OptionsArgs): Promise<void> => {
    const parsed = Suggestion.safeParse(body);
    if (!parsed.success) {
      await ack({ options: [] });
      return;
    }
    try {
      await ack({ options: search(ctx, parsed.data.user.id, parsed.data.value).map(toOption) });
    } catch (error) {
      if (!(error instanceof ServiceError)) logger.error('could not load config form options', error);
      await ack({ options: [] });
    }
  };
}
