import type { AllMiddlewareArgs, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { z } from 'zod';
import { ServiceError } from '../../services/errors.js';

type OptionsArgs = AllMiddlewareArgs & SlackOptionsMiddlewareArgs<'block_suggestion'>;

export interface OptionsRequest {
  userId: string;
  /** What the person typed into the select. */
  query: string;
  /** The private_metadata of the modal the select is in. */
  metadata: string | undefined;
}

/**
 * An external select's option loader: what the person typed in, the options that match out (the
 * search caps them at 100). A request Otto cannot read, or a refusal (someone who may not see the
 * list), gets no options; anything unexpected is logged as well.
 */
export function loadOptions(
  what: string,
  maxQuery: number,
  load: (request: OptionsRequest) => PlainTextOption[] | Promise<PlainTextOption[]>,
) {
  const Suggestion = z.object({
    user: z.object({ id: z.string() }),
    value: z.string().max(maxQuery).default(''),
    view: z.object({ private_metadata: z.string() }).optional(),
  });
  return async ({ ack, body, logger }: OptionsArgs): Promise<void> => {
    const parsed = Suggestion.safeParse(body);
    if (!parsed.success) {
      await ack({ options: [] });
      return;
    }
    const { user, value, view } = parsed.data;
    try {
      const options = await load({ userId: user.id, query: value, metadata: view?.private_metadata });
      await ack({ options });
    } catch (error) {
      if (!(error instanceof ServiceError)) logger.error(`could not load ${what}`, error);
      await ack({ options: [] });
    }
  };
}
