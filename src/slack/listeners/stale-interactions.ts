import type { AllMiddlewareArgs, AnyMiddlewareArgs, App } from '@slack/bolt';
import { z } from 'zod';
import { staleFormView } from '../../../blocks/shared/stale-form.js';
import { plainMessageText } from '../../../blocks/shared/text.js';
import type { ServiceContext } from '../../services/context.js';
import { publishHome } from '../plumbing/publish-home.js';
import type { KnownIds } from './register.js';

export const staleButtonText = plainMessageText(
  'That button is out of date, so nothing was changed. Here is Otto as it is now.',
);

const BlockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string() }),
  actions: z.array(z.object({ action_id: z.string() })).min(1),
  channel: z.object({ id: z.string() }).optional(),
  view: z.object({ id: z.string(), type: z.string() }).optional(),
});
const ViewSubmission = z.object({
  type: z.literal('view_submission'),
  view: z.object({ callback_id: z.string() }),
});

/**
 * Interactions Otto no longer knows (a button from an older message, a form from before a
 * deploy) get a clear answer at once instead of Slack's timeout, and change nothing.
 * `known` holds the action and callback ids that listeners are registered for.
 */
export function registerStaleInteractions(app: App, ctx: ServiceContext, known: KnownIds): void {
  app.use(async (args: AnyMiddlewareArgs & { next: () => Promise<void> }) => {
    const { body, next } = args;
    // The hot path: anything but an interaction, or one with a listener, goes straight on.
    const type = (body as { type?: string }).type;
    if (
      (type !== 'block_actions' && type !== 'view_submission') ||
      (body as { actions?: Array<{ action_id?: string }> }).actions?.some((a) =>
        known.actionIds.has(String(a.action_id)),
      ) ||
      known.callbackIds.has(String((body as { view?: { callback_id?: string } }).view?.callback_id))
    ) {
      await next();
      return;
    }
    const ack = 'ack' in args ? (args.ack as (response?: unknown) => Promise<void>) : undefined;
    const { client, logger } = args as unknown as AllMiddlewareArgs;

    const action = BlockActions.safeParse(body);
    if (action.success && ack && !action.data.actions.some((a) => known.actionIds.has(a.action_id))) {
      await ack();
      const { user, channel, view } = action.data;
      if (view?.type === 'home') {
        await publishHome(ctx, client, user.id, logger.error.bind(logger));
      } else if (view?.type === 'modal') {
        await client.views.update({ view_id: view.id, view: staleFormView() });
      } else if (channel) {
        await client.chat.postEphemeral({ channel: channel.id, user: user.id, text: staleButtonText });
      }
      return;
    }

    const submission = ViewSubmission.safeParse(body);
    if (submission.success && ack && !known.callbackIds.has(submission.data.view.callback_id)) {
      await ack({ response_action: 'update', view: staleFormView() });
      return;
    }
    await next();
  });
}
