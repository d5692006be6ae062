import type { ServerResponse } from 'node:http';

// Slack requests this process is answering now. Work that can wait (a Home behind a modal) waits
// for none to be in flight: they share one event loop, and a rush of people should get their
// answers before anyone's Home is rebuilt.
let answering = 0;
let wakeUps: Array<() => void> = [];

/** Counts a Slack request as in flight until its answer is sent (or the connection drops). */
export function answeringSlackRequest(res: ServerResponse): void {
  answering += 1;
  res.once('close', () => {
    answering -= 1;
    if (answering > 0) return;
    const woken = wakeUps;
    wakeUps = [];
    for (const wake of woken) wake();
  });
}

/** Resolves once no Slack request is in flight, or after `maxWaitMs` at the latest. */
export function noSlackRequestInFlight(maxWaitMs: number): Promise<void> {
  if (answering === 0 || maxWaitMs <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, maxWaitMs);
    function done() {
      clearTimeout(timer);
      wakeUps = wakeUps.filter((wake) => wake !== done);
      resolve();
    }
    wakeUps.push(done);
  });
}
