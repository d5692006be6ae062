import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/**
 * What the listeners of one app are still doing, most of it after Slack has its answer (a Home
 * republished, approval DMs settled, a lazy half of a submission): stopping waits for it, so it
 * does not meet a closed database.
 */
export interface WorkAfterAnswer {
  /** Global middleware, first in the chain: counts each request from here to its listener's end. */
  readonly middleware: Middleware<AnyMiddlewareArgs>;
  /** Counts other work started on a request's behalf that outlives its listener. */
  track(work: Promise<unknown>): void;
  /**
   * Resolves once no counted work is left, work started meanwhile included, or after `maxWaitMs`;
   * tells how many pieces were still running then.
   */
  settled(maxWaitMs: number): Promise<number>;
}

/**
 * `startedBehind` names work a listener leaves running when it ends (the app's queued Homes): it
 * is counted before the listener's own count ends.
 */
export function createWorkAfterAnswer(
  startedBehind: () => Promise<unknown> | undefined = () => undefined,
): WorkAfterAnswer {
  const running = new Set<Promise<unknown>>();

  function track(work: Promise<unknown>): void {
    const done = work.then(
      () => undefined,
      () => undefined,
    );
    running.add(done);
    void done.then(() => running.delete(done));
  }

  async function settled(maxWaitMs: number): Promise<number> {
    const deadline = performance.now() + maxWaitMs;
    while (running.size > 0) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      let timer: NodeJS.Timeout | undefined;
      const timeUp = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, left);
      });
      await Promise.race([Promise.all(running), timeUp]);
      clearTimeout(timer);
    }
    return running.size;
  }

  return {
    middleware: async ({ next }) => {
      const work = (async () => {
        try {
          await next();
        } finally {
          const behind = startedBehind();
          if (behind !== undefined) track(behind);
        }
      })();
      track(work);
      await work;
    },
    track,
    settled,
  };
}
