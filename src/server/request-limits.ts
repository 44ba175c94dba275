/**
 * In-process request limits: token buckets keyed by client address (failed sign-ins) or by API
 * key (expensive routes), bounded in memory. One machine's view; the usage-limits store takes
 * over for a fleet of servers.
 * @module
 */
import type { Context } from "hono";
import { LeaseholdError } from "../shared/errors.js";
import { type BucketRule, type BucketState, refill, take } from "../shared/token-bucket.js";

/** Buckets kept at most; the least recently used go first (a full bucket is the same as none). */
const MAX_KEYS = 10_000;

export class KeyedBuckets {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    readonly name: string,
    readonly rule: BucketRule,
    private readonly nowMs: () => number,
  ) {}

  /** Takes one token for `key`; denied answers carry the seconds to wait. */
  take(key: string): { granted: boolean; retryAfterS: number } {
    const answer = take(this.buckets.get(key), this.rule, this.nowMs());
    this.buckets.delete(key);
    this.buckets.set(key, answer.state);
    if (this.buckets.size > MAX_KEYS) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return { granted: answer.granted, retryAfterS: Math.max(1, Math.ceil(answer.retryAfterMs / 1000)) };
  }

  /** Whether `key` has no whole token left (without taking one), and the seconds until it has. */
  exhausted(key: string): { exhausted: boolean; retryAfterS: number } {
    const state = this.buckets.get(key);
    if (!state) return { exhausted: false, retryAfterS: 0 };
    const now = refill(state, this.rule, this.nowMs());
    const retryAfterMs = ((1 - now.tokens) * this.rule.windowMs) / this.rule.capacity;
    return { exhausted: now.tokens < 1, retryAfterS: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }
}

export interface RequestLimits {
  /** Failed authentications per client address. */
  failedAuth: KeyedBuckets;
  /** Lease quotes per API key. */
  quotes: KeyedBuckets;
  /** Fleet imports per API key. */
  imports: KeyedBuckets;
}

export interface RequestLimitRates {
  failedAuthPerMinute: number;
  quotesPerMinute: number;
  importsPerMinute: number;
}

export function requestLimits(rates: RequestLimitRates, nowMs: () => number): RequestLimits {
  const perMinute = (capacity: number): BucketRule => ({ capacity, windowMs: 60_000 });
  return {
    failedAuth: new KeyedBuckets("failed authentications", perMinute(rates.failedAuthPerMinute), nowMs),
    quotes: new KeyedBuckets("lease quotes", perMinute(rates.quotesPerMinute), nowMs),
    imports: new KeyedBuckets("fleet imports", perMinute(rates.importsPerMinute), nowMs),
  };
}

/** A 429 RATE_LIMITED naming the limit and when to come back; sets `retry-after`. */
export function rateLimited(c: Context, buckets: KeyedBuckets, retryAfterS: number): LeaseholdError {
  c.header("retry-after", String(retryAfterS));
  return new LeaseholdError(
    "RATE_LIMITED",
    `too many ${buckets.name}: at most ${buckets.rule.capacity} a minute; retry in ${retryAfterS} s`,
    [
      {
        field: "(request)",
        message: `too many ${buckets.name}`,
        bound: `<= ${buckets.rule.capacity} per minute`,
      },
    ],
  );
}
