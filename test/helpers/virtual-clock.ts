import type { PacerClock } from '../../src/itsm/pacer.js';

/**
 * Simulated wall-clock time for pacing: `sleep(ms)` moves the clock to the end of the wait (never
 * back, so waits made side by side overlap as they would in real time) and lets the event loop
 * turn. Tests and benchmarks of rate limits run in milliseconds of real time, at fixed instants.
 */
export interface VirtualClock extends PacerClock {
  /** Every wait asked for, in order. */
  readonly slept: number[];
  advance(ms: number): void;
}

export function virtualClock(start: string | number = '2026-11-17T15:00:00Z'): VirtualClock {
  let now = typeof start === 'number' ? start : Date.parse(start);
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    async sleep(ms) {
      slept.push(ms);
      const until = now + Math.max(0, ms);
      await new Promise<void>((resolve) => setImmediate(resolve));
      now = Math.max(now, until);
    },
    advance(ms) {
      now += ms;
    },
  };
}
