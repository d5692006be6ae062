import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../../../services/context.js';
import type { KnownIds } from '../../index.js';
import { registerBatchCreateButton, registerBatchLookUpAgainButton } from '../actions/batch-buttons.js';
import { registerCreateConfigOptions } from '../actions/create-config-options.js';
import { registerBatchCreateView } from './batch-create.js';
import { registerBatchNewView } from './batch-new.js';
import { registerCreateTicketsView } from './create-tickets.js';

/** Batches (`/otto batch`) and ticket creation (`/otto create`): their modals, buttons and config search. */
export function registerBatchAndCreateListeners(app: App, ctx: ServiceContext, known: KnownIds): void {
  registerBatchNewView(app, ctx, known);
  registerBatchCreateButton(app, ctx, known);
  registerBatchLookUpAgainButton(app, ctx, known);
  registerBatchCreateView(app, ctx, known);
  registerCreateTicketsView(app, ctx, known);
  registerCreateConfigOptions(app, ctx, known);
}
