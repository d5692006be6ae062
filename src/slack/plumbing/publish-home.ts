import type { WebClient } from '@slack/web-api';
import { renderHome } from '../../../blocks/shared/home.js';
import type { ServiceContext } from '../../services/context.js';
import { getHome, type HomeOptions } from '../../services/home/get-home.js';
import { noSlackRequestInFlight } from './slack-traffic.js';

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

/** How long a queued Home waits at most for a rush of Slack requests to pass. */
const homeWaitsAtMostMs = 10_000;

interface QueuedHome {
  client: WebClient;
  log: (...args: unknown[]) => void;
  since: number;
}

interface HomeQueue {
  due: Map<string, QueuedHome>;
  /** The run publishing them, while there is one. */
  draining: Promise<void> | undefined;
}

/** Per app: the people whose Home is due, oldest first (a Map keeps insertion order). */
const queues = new WeakMap<ServiceContext, HomeQueue>();

/**
 * Republishes a person's Home behind a modal they submitted: the modal's answer tells them the
 * outcome, and the Home behind it follows once no Slack request is waiting for its answer (at
 * most 10 s later), one person at a time. A person queued twice is published once, as they are then.
 */
export function republishHomeSoon(
  ctx: ServiceContext,
  client: WebClient,
  userId: string,
  log: (...args: unknown[]) => void,
): void {
  let queue = queues.get(ctx);
  if (queue === undefined) {
    queue = { due: new Map(), draining: undefined };
    queues.set(ctx, queue);
  }
  const since = queue.due.get(userId)?.since ?? performance.now();
  queue.due.set(userId, { client, log, since });
  if (!queue.draining) queue.draining = drain(ctx, queue);
}

/** The run publishing the app's queued Homes, while there is one: stopping waits for it. */
export function homesBeingRepublished(ctx: ServiceContext): Promise<void> | undefined {
  return queues.get(ctx)?.draining;
}

async function drain(ctx: ServiceContext, queue: HomeQueue) {
  try {
    for (let next = queue.due.entries().next(); !next.done; next = queue.due.entries().next()) {
      const [userId, { since }] = next.value;
      await noSlackRequestInFlight(since + homeWaitsAtMostMs - performance.now());
      // Read once it is published: a change made while it waited is in it too.
      const due = queue.due.get(userId);
      if (due === undefined) continue;
      queue.due.delete(userId);
      await publishHome(ctx, due.client, userId, due.log);
    }
  } finally {
    queue.draining = undefined;
  }
}
