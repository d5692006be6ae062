import type { PlainTextOption } from '@slack/types';
import type { ServiceContext } from '../../../../services/context.js';
import { loadOptions } from '../../../plumbing/options.js';

/**
 * An external select's loader for the config form: what the person typed in, at most 100
 * options out (the search caps it). Anyone who may not see the catalog gets no options.
 */
export function loadConfigOptions<T>(
  ctx: ServiceContext,
  search: (ctx: ServiceContext, actor: string, query: string) => T[] | Promise<T[]>,
  toOption: (choice: T) => PlainTextOption,
) {
  return loadOptions('config form options', 500, async ({ userId, query }) =>
    (await search(ctx, userId, query)).map(toOption),
  );
}
