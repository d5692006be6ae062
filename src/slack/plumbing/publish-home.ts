import type { WebClient } from '@slack/web-api';
import { renderHome } from '../../../blocks/shared/home.js';
import type { ServiceContext } from '../../services/context.js';
import { getHome, type HomeOptions } from '../../services/home/get-home.js';

/**
 * Publishes a person's Home tab as it is now. A failure is logged and goes no further: whatever
 * the person did stands, and the Home is built afresh the next time they open it.
 */
export async function publishHome(
  ctx: ServiceContext,
  client: WebClient,
  userId: string,
  log: (...args: unknown[]) => void,
  options: HomeOptions = {},
): Promise<void> {
  try {
    await client.views.publish({ user_id: userId, view: renderHome(await getHome(ctx, userId, options)) });
  } catch (error) {
    log('could not publish the App Home', error);
  }
}
