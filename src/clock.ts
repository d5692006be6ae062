/** The only way the app learns the time: domain code takes `now`, everything else a Clock. */
export interface Clock {
  now(): Date;
}

/** A clock that can be moved forward (never back): tests, and clock control (OTTO_CLOCK_CONTROL). */
export interface SettableClock extends Clock {
  /** Throws when `to` is earlier than now. */
  set(to: Date): void;
}

export const systemClock: Clock = { now: () => new Date() };

const refuseEarlier = (to: number, now: number) => {
  if (to < now) throw new Error('time only moves forward');
};

/** A clock that moves only when told to: tests. */
export class ManualClock implements SettableClock {
  #now: number;

  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(to: Date | string): void {
    const next = new Date(to).getTime();
    refuseEarlier(next, this.#now);
    this.#now = next;
  }

  advance(ms: number): void {
    this.set(new Date(this.#now + ms));
  }
}

/**
 * Clock control's clock: another clock (real time) plus an offset that only grows, so the
 * sandbox keeps ticking after it was moved, and never goes back.
 */
export class OffsetClock implements SettableClock {
  #offset = 0;

  constructor(private readonly base: Clock = systemClock) {}

  now(): Date {
    return new Date(this.base.now().getTime() + this.#offset);
  }

  set(to: Date): void {
    const now = this.now().getTime();
    refuseEarlier(to.getTime(), now);
    this.#offset += to.getTime() - now;
  }
}

export const isSettable = (clock: Clock): clock is SettableClock =>
  typeof (clock as Partial<SettableClock>).set === 'function';

/** The clock clock control moves: a settable clock as it is, any other one behind an offset. */
export const controllable = (clock: Clock): SettableClock =>
  isSettable(clock) ? clock : new OffsetClock(clock);
