/**
 * A token bucket: up to `capacity` tokens, refilled continuously at `capacity` per `windowMs`.
 * Pure: the caller passes the time. The server limits failed sign-ins and expensive routes with
 * it, one bucket per client or key.
 * @module
 */

export interface BucketRule {
  /** Most tokens the bucket holds: the burst allowed after a quiet spell. */
  capacity: number;
  /** Time in which an empty bucket fills up again, ms. */
  windowMs: number;
}

export interface BucketState {
  tokens: number;
  /** When `tokens` was last computed, ms since the epoch. */
  atMs: number;
}

export interface BucketAnswer {
  granted: boolean;
  state: BucketState;
  /** Whole tokens left after this answer. */
  remaining: number;
  /** When denied: ms until one token is back. */
  retryAfterMs: number;
}

/** The bucket as it stands at `nowMs` (a missing bucket is full). */
export function refill(state: BucketState | undefined, rule: BucketRule, nowMs: number): BucketState {
  if (!state) return { tokens: rule.capacity, atMs: nowMs };
  const elapsed = Math.max(0, nowMs - state.atMs);
  return {
    tokens: Math.min(rule.capacity, state.tokens + (elapsed * rule.capacity) / rule.windowMs),
    atMs: nowMs,
  };
}

/** Takes `cost` tokens if the bucket holds them; otherwise takes nothing and says when to retry. */
export function take(
  state: BucketState | undefined,
  rule: BucketRule,
  nowMs: number,
  cost = 1,
): BucketAnswer {
  const now = refill(state, rule, nowMs);
  if (now.tokens >= cost) {
    const after = { tokens: now.tokens - cost, atMs: nowMs };
    return { granted: true, state: after, remaining: Math.floor(after.tokens), retryAfterMs: 0 };
  }
  const missing = cost - now.tokens;
  return {
    granted: false,
    state: now,
    remaining: Math.floor(now.tokens),
    retryAfterMs: Math.ceil((missing * rule.windowMs) / rule.capacity),
  };
}
