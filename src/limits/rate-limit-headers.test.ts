import { describe, expect, it } from "vitest";
import { rateLimitHeaders, rfc3339 } from "./rate-limit-headers.js";

const NOW = Date.UTC(2026, 11, 2, 15, 0, 0);

describe("rate-limit headers", () => {
  it("show each dimension's tightest window in the anthropic-ratelimit family, resets in RFC 3339", () => {
    const headers = rateLimitHeaders(
      [
        { dimension: "requests", window: "minute", limit: 50, remaining: 49, resetAtMs: NOW + 1_200 },
        {
          dimension: "output_tokens",
          window: "five_hours",
          limit: 10_000,
          remaining: 4_000,
          resetAtMs: NOW + 7_200_000,
        },
        {
          dimension: "output_tokens",
          window: "week",
          limit: 50_000,
          remaining: 44_000,
          resetAtMs: NOW + 9_000_000,
        },
      ],
      NOW,
    );
    expect(headers["anthropic-ratelimit-requests-remaining"]).toBe("49");
    expect(headers["anthropic-ratelimit-requests-reset"]).toBe("2026-12-02T15:00:02Z");
    expect(headers["anthropic-ratelimit-output-tokens-limit"]).toBe("10000");
    expect(headers["anthropic-ratelimit-output-tokens-remaining"]).toBe("4000");
    expect(headers["anthropic-ratelimit-input-tokens-limit"]).toBeUndefined();
    expect(headers["retry-after"]).toBeUndefined();
  });

  it("list every dimension and window in RateLimit-Policy and RateLimit (Structured Fields)", () => {
    const headers = rateLimitHeaders(
      [
        { dimension: "requests", window: "minute", limit: 50, remaining: 0, resetAtMs: NOW + 60_000 },
        {
          dimension: "input_tokens",
          window: "minute",
          limit: 40_000,
          remaining: 39_000,
          resetAtMs: NOW + 1_500,
        },
      ],
      NOW,
      1_200,
    );
    expect(headers["ratelimit-policy"]).toBe(
      '"requests-minute";q=50;qu="requests";w=60, "input_tokens-minute";q=40000;w=60',
    );
    expect(headers.ratelimit).toBe('"requests-minute";r=0;t=60, "input_tokens-minute";r=39000;t=2');
    expect(headers["retry-after"]).toBe("2");
  });

  it("round resets up to the next second", () => {
    expect(rfc3339(NOW + 1)).toBe("2026-12-02T15:00:01Z");
    expect(rfc3339(NOW)).toBe("2026-12-02T15:00:00Z");
  });
});
