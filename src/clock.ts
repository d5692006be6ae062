/** The only way the app learns the time: domain code takes `now`, everything else a Clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that moves only when told to: tests, and the sandbox's clock control. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(to: Date | string): void {
    const next = new Date(to).getTime();
    if (next < this.#now) throw new Error('time only moves forward');
    this.#now = next;
  }

  advance(ms: number): void {
    this.set(new Date(this.#now + ms));
  }
}
