import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { SlackUserId } from '../../../../domain/slack-ids.js';
import type { ServiceContext } from '../../../../services/context.js';
import { publishHome } from '../../../plumbing/publish-home.js';

const HomeOpened = z.object({ user: SlackUserId, tab: z.string().optional() });

export function registerAppHomeOpened(app: App, ctx: ServiceContext): void {
  app.event(
    'app_home_opened',
    async ({ event, client, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>) => {
      const parsed = HomeOpened.safeParse(event);
      // The Messages tab fires the same event; only the Home tab has a view to publish.
      if (!parsed.success || (parsed.data.tab && parsed.data.tab !== 'home')) return;
      await publishHome(ctx, client, parsed.data.user, logger.error.bind(logger));
    },
  );
}
