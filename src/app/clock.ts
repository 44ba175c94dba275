/**
 * The clock port: use cases ask it for "now" instead of reading the system time, so tests and
 * simulations can move time themselves.
 * @module
 */

export interface Clock {
  /** Now, ISO 8601 UTC with milliseconds. */
  now(): string;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** A clock that only moves when told to: tests and what-if simulations. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: string) {
    this.current = Date.parse(start);
  }

  now(): string {
    return new Date(this.current).toISOString();
  }

  set(at: string): void {
    this.current = Date.parse(at);
  }

  advanceMs(ms: number): void {
    this.current += ms;
  }
}
