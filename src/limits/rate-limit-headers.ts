/**
 * The response headers of a check, in the two forms API users know: Anthropic's
 * `anthropic-ratelimit-{requests,input-tokens,output-tokens}-{limit,remaining,reset}` (RFC 3339
 * resets; per dimension the window with the least left) and the IETF httpapi draft's
 * `RateLimit-Policy` / `RateLimit` Structured Field lists, one item per dimension and window.
 * @module
 */
import type { LimitStatus } from "./limiter.js";

const HEADER_NAMES = {
  requests: "requests",
  input_tokens: "input-tokens",
  output_tokens: "output-tokens",
} as const;
const WINDOW_SECONDS_OF = { minute: 60, five_hours: 18_000, week: 604_800 } as const;

/** RFC 3339 UTC to the second, rounded up (a client waiting until then finds the slot full). */
export function rfc3339(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** The status of each dimension that leaves the least: what its `anthropic-ratelimit-*` headers show. */
function tightest(limits: LimitStatus[]): LimitStatus[] {
  const byDimension = new Map<string, LimitStatus>();
  for (const l of limits) {
    const seen = byDimension.get(l.dimension);
    if (
      !seen ||
      l.remaining < seen.remaining ||
      (l.remaining === seen.remaining && l.resetAtMs > seen.resetAtMs)
    )
      byDimension.set(l.dimension, l);
  }
  return [...byDimension.values()];
}

/** Every header of a check's answer; `retryAfterMs` (a denial) adds `retry-after` in whole seconds. */
export function rateLimitHeaders(
  limits: LimitStatus[],
  nowMs: number,
  retryAfterMs?: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const l of tightest(limits)) {
    const name = HEADER_NAMES[l.dimension];
    headers[`anthropic-ratelimit-${name}-limit`] = String(l.limit);
    headers[`anthropic-ratelimit-${name}-remaining`] = String(l.remaining);
    headers[`anthropic-ratelimit-${name}-reset`] = rfc3339(l.resetAtMs);
  }
  if (limits.length > 0) {
    const policies: string[] = [];
    const states: string[] = [];
    for (const l of limits) {
      const name = `"${l.dimension}-${l.window}"`;
      const unit = l.dimension === "requests" ? `;qu="requests"` : "";
      policies.push(`${name};q=${l.limit}${unit};w=${WINDOW_SECONDS_OF[l.window]}`);
      states.push(`${name};r=${l.remaining};t=${Math.max(0, Math.ceil((l.resetAtMs - nowMs) / 1000))}`);
    }
    headers["ratelimit-policy"] = policies.join(", ");
    headers.ratelimit = states.join(", ");
  }
  if (retryAfterMs !== undefined)
    headers["retry-after"] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return headers;
}
