/**
 * The server's notion of time. Everything time-dependent (token expiry, real-time emissions, new alarms,
 * Retry-After dates, the Date header) reads it, so a skew set here is seen consistently by clients.
 */
export class Clock {
  constructor(private skewMs = 0) {}

  now(): number {
    return Date.now() + this.skewMs;
  }

  nowDate(): Date {
    return new Date(this.now());
  }

  get skew(): number {
    return this.skewMs;
  }

  setSkew(skewMs: number): void {
    this.skewMs = skewMs;
  }
}
