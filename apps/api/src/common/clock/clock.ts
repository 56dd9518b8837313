/**
 * Time is injected so expiry, lockouts and the maintenance window are tested without sleeping.
 * Every time comparison in SQL uses a parameter from the Clock, never NOW().
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock tests can move. */
export class ManualClock extends Clock {
  private current: number;
  constructor(start: Date = new Date()) {
    super();
    this.current = start.getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date): void {
    this.current = at.getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

export function addSeconds(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
