/**
 * The usage limiter as a library, for servers that want no network hop: `createLimiter` over
 * limits you publish (`MemoryLimits`) or your own `PublishedLimits`, in this process or, with a
 * Redis client, shared by several servers. `rateLimitHeaders` renders a verdict's headers.
 * @module
 */
import type { Redis } from "ioredis";
import { DEFAULT_RESERVATION_TTL_MS } from "./in-process-store.js";
import type { PublishedLimits } from "./limit-set.js";
import { Limiter } from "./limiter.js";
import { LocalLimiter } from "./local-limiter.js";
import { RedisStore } from "./redis-store.js";

export type { DimensionLimit, LimitSet, PlanModelLimits, PublishedLimits } from "./limit-set.js";
export { subjectKey } from "./limit-store.js";
export type { LimitCheck, LimitStatus, LimitVerdict } from "./limiter.js";
export { LocalLimiter } from "./local-limiter.js";
export { MemoryLimits } from "./memory-limits.js";
export { rateLimitHeaders } from "./rate-limit-headers.js";

export interface LimiterOptions {
  limits: PublishedLimits;
  /** How long a grant's output tokens stay reserved unless settled, ms (default 10 minutes). */
  reservationTtlMs?: number;
  /** The clock, ms since the epoch (default `Date.now`). */
  now?: () => number;
}

/** An in-process limiter: synchronous checks, nothing leaves the process. */
export function createLimiter(options: LimiterOptions): LocalLimiter;
/** A limiter over Redis, shared by every server using the same Redis: one round trip per check. */
export function createLimiter(options: LimiterOptions & { redis: Redis }): SharedLimiter;
export function createLimiter(options: LimiterOptions & { redis?: Redis }): LocalLimiter | SharedLimiter {
  const ttl = options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS;
  const now = options.now ?? Date.now;
  if (options.redis)
    return new SharedLimiter(new Limiter(options.limits, new RedisStore(options.redis, ttl)), now);
  return new LocalLimiter(options.limits, ttl, now);
}

/** The Redis-backed limiter: the same verdicts as `LocalLimiter`, asynchronously. */
export class SharedLimiter {
  constructor(
    private readonly limiter: Limiter,
    private readonly now: () => number,
  ) {}

  check(request: Parameters<Limiter["check"]>[0]) {
    return this.limiter.check(request, this.now());
  }

  settle(tenantId: string, subject: string, modelClass: string, reservationId: number, outputTokens: number) {
    return this.limiter.settle(tenantId, subject, modelClass, reservationId, outputTokens, this.now());
  }
}
