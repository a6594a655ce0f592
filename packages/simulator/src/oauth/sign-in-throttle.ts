/**
 * Wrong passwords counted per client address: after a few within a window, every sign-in from that
 * address (a right password included, so guessing learns nothing) waits until the window ends. A right
 * password before that clears the count.
 */
import type { Clock } from '../clock.js';

export const SIGN_IN_THROTTLE = {
  /** Wrong passwords allowed per address in one window. */
  failures: 10,
  windowMs: 15 * 60 * 1000,
  /** Addresses tracked at most; the oldest windows are forgotten first, so memory stays bounded. */
  addresses: 10_000,
} as const;

interface Failures {
  since: number;
  count: number;
}

export class SignInThrottle {
  private readonly byAddress = new Map<string, Failures>();

  constructor(private readonly clock: Clock) {}

  /** Seconds to wait before this address may try again; undefined when it may try now. */
  retryAfter(address: string): number | undefined {
    const failures = this.current(address);
    if (!failures || failures.count < SIGN_IN_THROTTLE.failures) return undefined;
    return Math.max(1, Math.ceil((failures.since + SIGN_IN_THROTTLE.windowMs - this.clock.now()) / 1000));
  }

  failed(address: string): void {
    const failures = this.current(address) ?? { since: this.clock.now(), count: 0 };
    failures.count += 1;
    this.byAddress.delete(address);
    if (this.byAddress.size >= SIGN_IN_THROTTLE.addresses) {
      const oldest = this.byAddress.keys().next().value;
      if (oldest !== undefined) this.byAddress.delete(oldest);
    }
    this.byAddress.set(address, failures);
  }

  succeeded(address: string): void {
    this.byAddress.delete(address);
  }

  private current(address: string): Failures | undefined {
    const failures = this.byAddress.get(address);
    if (failures && this.clock.now() - failures.since >= SIGN_IN_THROTTLE.windowMs) {
      this.byAddress.delete(address);
      return undefined;
    }
    return failures;
  }
}
