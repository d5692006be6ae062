import type { App } from '@slack/bolt';
import { type ConfigSelect, configOption } from '../../../../../blocks/refresh/modals/create-options.js';
import type { ServiceContext } from '../../../../services/context.js';
import { invalid } from '../../../../services/errors.js';
import {
  listConfigChoices,
  maxStaticConfigOptions,
} from '../../../../services/refresh/batches/list-config-choices.js';
import { ids } from '../../../ids.js';
import { loadOptions } from '../../../plumbing/options.js';
import { type KnownIds, onOptions } from '../../register.js';

/**
 * The config select of the creation modals: every config in a static select when they fit,
 * else an external select that searches. No configs at all is answered before any modal opens.
 */
export async function configSelectFor(
  ctx: ServiceContext,
  actor: string,
  initialId?: number | null,
): Promise<ConfigSelect> {
  const choices = await listConfigChoices(ctx, { actor });
  if (choices.total === 0) {
    throw invalid(
      'There are no refresh configs yet; every ticket is made with one. Create one with `/otto config new`.',
    );
  }
  if (choices.total <= maxStaticConfigOptions) return { kind: 'static', configs: choices.configs, initialId };
  return { kind: 'external' };
}

/** Loads matching configs as the admin types; anyone else gets no options. */
export function registerCreateConfigOptions(app: App, ctx: ServiceContext, known: KnownIds): void {
  onOptions(
    app,
    known,
    ids.ticketConfigSearch,
    loadOptions('refresh configs', 500, async ({ userId, query }) =>
      (await listConfigChoices(ctx, { actor: userId, query })).configs.map(configOption),
    ),
  );
}
