import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.js';
import { registerBookSlot } from './actions/book-slot-open.js';
import { registerConfigActions } from './actions/config.js';
import { registerItsmTaskActions } from './actions/itsm-tasks.js';
import { registerOrderGroupButtons } from './actions/order-group.js';
import { registerRetryLookup } from './actions/retry-lookup.js';
import { registerSlotAdmin } from './actions/slot-admin.js';
import { registerSlotPreferenceActions } from './actions/slot-preference.js';
import { registerTicketListeners } from './actions/ticket-listeners.js';
import { registerWizard } from './actions/wizard.js';
import { registerOttoCommand } from './commands/otto.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';
import { registerMessageIm } from './events/message-im.js';
import { type KnownIds, routeInteractions } from './register.js';
import { registerStaleInteractions } from './stale-interactions.js';
import { registerAssignView } from './views/assign.js';
import { registerBatchAndCreateListeners } from './views/batch-and-create.js';
import { registerConfigSave } from './views/config-save.js';
import { registerImportView } from './views/import.js';
import { registerOrderGroupViews } from './views/order-group.js';
import { registerSlotPreferenceViews } from './views/slot-preference.js';
import { registerTrackingView } from './views/tracking.js';

export type { KnownIds } from './register.js';

export function registerListeners(app: App, ctx: ServiceContext, known: KnownIds): void {
  registerStaleInteractions(app, ctx, known);
  routeInteractions(app, known);
  registerOttoCommand(app, ctx);
  registerConfigActions(app, ctx, known);
  registerConfigSave(app, ctx, known);
  registerImportView(app, ctx, known);
  registerAppHomeOpened(app, ctx);
  registerTicketListeners(app, ctx, known);
  registerMessageIm(app);
  registerWizard(app, ctx, known);
  registerBatchAndCreateListeners(app, ctx, known);
  registerOrderGroupButtons(app, ctx, known);
  registerOrderGroupViews(app, ctx, known);
  registerAssignView(app, ctx, known);
  registerItsmTaskActions(app, ctx, known);
  registerTrackingView(app, ctx, known);
  registerRetryLookup(app, ctx, known);
  registerSlotPreferenceActions(app, ctx, known);
  registerSlotPreferenceViews(app, ctx, known);
  registerSlotAdmin(app, ctx, known);
  registerBookSlot(app, ctx, known);
}
