import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.js';
import { registerOttoCommand } from './commands/otto.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';
import { registerMessageIm } from './events/message-im.js';
import { registerStaleInteractions } from './stale-interactions.js';

/** Action ids and view callback ids that have listeners; anything else is answered as stale. */
export interface KnownIds {
  actionIds: Set<string>;
  callbackIds: Set<string>;
}

export function registerListeners(app: App, ctx: ServiceContext, known: KnownIds): void {
  registerStaleInteractions(app, ctx, known);
  registerOttoCommand(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerMessageIm(app);
}
