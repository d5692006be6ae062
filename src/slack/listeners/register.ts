import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { KnownIds } from './index.js';

/**
 * Registers a button/select listener and records its action_id, so the stale-interaction
 * guard knows it; every interactive listener goes through here or `onView`.
 */
export function onAction(
  app: App,
  known: KnownIds,
  actionId: string,
  handler: Middleware<SlackActionMiddlewareArgs<BlockAction>>,
): void {
  known.actionIds.add(actionId);
  app.action<BlockAction>(actionId, handler);
}

/** Registers a modal submission listener (and view_closed, via Bolt's `app.view`) by callback_id. */
export function onView(
  app: App,
  known: KnownIds,
  callbackId: string,
  handler: Middleware<SlackViewMiddlewareArgs<SlackViewAction>>,
): void {
  known.callbackIds.add(callbackId);
  app.view(callbackId, handler);
}

export type ActionArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;
export type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<SlackViewAction>;
