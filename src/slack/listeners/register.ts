import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  Middleware,
  SlackActionMiddlewareArgs,
  SlackOptionsMiddlewareArgs,
  SlackViewAction,
  SlackViewMiddlewareArgs,
} from '@slack/bolt';
import type { ServiceContext } from '../../services/context.js';
import { submitOnce } from '../plumbing/handle-once.js';

export type ActionArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction>;
export type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<SlackViewAction>;
type ActionHandler = Middleware<SlackActionMiddlewareArgs<BlockAction>>;
type ViewHandler = Middleware<SlackViewMiddlewareArgs<SlackViewAction>>;
type OptionsHandler = Middleware<SlackOptionsMiddlewareArgs<'block_suggestion'>>;

/**
 * Button/select and modal handlers by id. Bolt tries every registered listener's matchers on
 * every request, which with dozens of listeners costs more than the app's own work; one Bolt
 * listener per kind that looks the id up here keeps the cost flat. An id missing here is
 * answered as out of date by `stale-interactions.ts`.
 */
export interface KnownIds {
  readonly actionIds: Map<string, ActionHandler>;
  readonly callbackIds: Map<string, ViewHandler>;
  /** Modals whose handlers keep the submission's receipt in their verb's transaction (`SubmissionReceipt`). */
  readonly receiptsInTransaction: Set<string>;
  /** External selects' option loaders, by action_id. */
  readonly optionIds: Map<string, OptionsHandler>;
}

export function createKnownIds(): KnownIds {
  return {
    actionIds: new Map(),
    callbackIds: new Map(),
    receiptsInTransaction: new Set(),
    optionIds: new Map(),
  };
}

/** Registers the handler of a button, select or other block action by its action_id. */
export function onAction(_app: App, known: KnownIds, actionId: string, handler: ActionHandler): void {
  if (known.actionIds.has(actionId)) throw new Error(`Two handlers for action ${actionId}`);
  known.actionIds.set(actionId, handler);
}

/**
 * Registers the handler of a modal submission by its callback_id. `receiptInTransaction`: the
 * handler passes `receipt.along(…)` to its verb, which claims and answers the submission in its
 * own transaction (see `submitOnce`).
 */
export function onView(
  _app: App,
  known: KnownIds,
  callbackId: string,
  handler: ViewHandler,
  options: { receiptInTransaction?: boolean } = {},
): void {
  if (known.callbackIds.has(callbackId)) throw new Error(`Two handlers for view ${callbackId}`);
  known.callbackIds.set(callbackId, handler);
  if (options.receiptInTransaction) known.receiptsInTransaction.add(callbackId);
}

/** Registers the option loader of an external select by its action_id. */
export function onOptions(_app: App, known: KnownIds, actionId: string, handler: OptionsHandler): void {
  if (known.optionIds.has(actionId)) throw new Error(`Two option loaders for ${actionId}`);
  known.optionIds.set(actionId, handler);
}

/**
 * The Bolt listeners that hand each interaction to its handler; a modal submission Slack sends
 * again is handled once (`submitOnce`).
 */
export function routeInteractions(
  app: App,
  known: KnownIds,
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
): void {
  app.action<BlockAction>(/.*/, async (args) => {
    await known.actionIds.get(args.action.action_id)?.(args);
  });
  app.view<SlackViewAction>(/.*/, async (args) => {
    const callbackId = args.view.callback_id;
    const handler = known.callbackIds.get(callbackId);
    if (handler) {
      await submitOnce(ctx, args, (ack, receipt) => handler({ ...args, ack, receipt } as typeof args), {
        inTransaction: known.receiptsInTransaction.has(callbackId),
      });
    }
  });
  app.options<'block_suggestion'>({ type: 'block_suggestion' }, async (args) => {
    const loader = known.optionIds.get(args.body.action_id);
    if (loader) await loader(args);
    else await args.ack({ options: [] });
  });
}
