import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.js';
import { registerConfigActions } from './actions/config.js';
import { registerTicketListeners } from './actions/ticket-listeners.js';
import { registerWizard } from './actions/wizard.js';
import { registerOttoCommand } from './commands/otto.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';
import { registerMessageIm } from './events/message-im.js';
import { registerStaleInteractions } from './stale-interactions.js';
import { registerBatchAndCreateListeners } from './views/batch-and-create.js';
import { registerConfigSave } from './views/config-save.js';
import { registerImportView } from './views/import.js';

/** Action ids and view callback ids that have listeners; anything else is answered as stale. */
export interface KnownIds {
  actionIds: Set<string>;
  callbackIds: Set<string>;
}

export function registerListeners(app: App, ctx: ServiceContext, known: KnownIds): void {
  registerStaleInteractions(app, ctx, known);
  registerOttoCommand(app, ctx);
  registerConfigActions(app, ctx, known);
  registerConfigSave(app, ctx, known);
  registerImportView(app, ctx, known);
  registerAppHomeOpened(app, ctx);
  registerTicketListeners(app, ctx, known);
  registerMessageIm(app);
  registerWizard(app, ctx, known);
  registerBatchAndCreateListeners(app, ctx, known);
}
