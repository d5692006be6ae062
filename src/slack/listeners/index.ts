import type { App } from '@slack/bolt';
import type { ServiceContext } from '../../services/context.js';
import { registerOttoCommand } from './commands/otto.js';
import { registerAppHomeOpened } from './events/app-home-opened.js';
import { registerMessageIm } from './events/message-im.js';

export function registerListeners(app: App, ctx: ServiceContext): void {
  registerOttoCommand(app, ctx);
  registerAppHomeOpened(app, ctx);
  registerMessageIm(app);
}
