import { describe, expect, it } from 'vitest';
import { createWorkAfterAnswer } from '../../../src/slack/plumbing/work-after-answer.js';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Runs the middleware around a listener that ends when `listener` does. */
function request(
  middleware: ReturnType<typeof createWorkAfterAnswer>['middleware'],
  listener: Promise<void>,
) {
  return middleware({ next: () => listener } as unknown as Parameters<typeof middleware>[0]);
}

describe('the work after the answer', () => {
  it('is settled once every listener has ended, and the work each left behind too', async () => {
    const homes = deferred();
    let homesQueued = false;
    const work = createWorkAfterAnswer(() => (homesQueued ? homes.promise : undefined));
    const listener = deferred();
    const handled = request(work.middleware, listener.promise);
    const done: string[] = [];
    const settled = work.settled(5_000).then((left) => done.push(`settled with ${left} left`));

    homesQueued = true;
    listener.resolve();
    await handled;
    done.push('listener ended');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toEqual(['listener ended']);
    homes.resolve();
    await settled;
    expect(done).toEqual(['listener ended', 'settled with 0 left']);
  });

  it('counts a listener that failed as ended, and passes its failure on', async () => {
    const work = createWorkAfterAnswer();
    await expect(request(work.middleware, Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await work.settled(1_000)).toBe(0);
  });

  it('stops waiting after the bound and tells what is still running', async () => {
    const work = createWorkAfterAnswer();
    const stuck = deferred();
    work.track(stuck.promise);
    const started = performance.now();
    expect(await work.settled(50)).toBe(1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    stuck.resolve();
    expect(await work.settled(1_000)).toBe(0);
  });
});
