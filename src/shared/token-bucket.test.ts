import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BucketState, take } from "./token-bucket.js";

const rule = { capacity: 3, windowMs: 60_000 };

describe("a token bucket", () => {
  it("grants a burst up to its capacity, then says when the next token is back", () => {
    let state: BucketState | undefined;
    const answers = [0, 1, 2, 3].map(() => {
      const answer = take(state, rule, 1_000);
      state = answer.state;
      return answer;
    });
    expect(answers.map((a) => a.granted)).toEqual([true, true, true, false]);
    expect(answers[3]?.retryAfterMs).toBe(20_000);
  });

  it.each([
    [19_999, false],
    [20_000, true],
  ])("refills continuously: %i ms after emptying, granted is %s", (after, granted) => {
    let state: BucketState | undefined;
    for (let i = 0; i < 3; i++) state = take(state, rule, 0).state;
    expect(take(state, rule, after).granted).toBe(granted);
  });

  it("never grants more than capacity plus what the elapsed time refilled", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 200 }), (gaps) => {
        let state: BucketState | undefined;
        let now = 0;
        let granted = 0;
        for (const gap of gaps) {
          now += gap;
          const answer = take(state, rule, now);
          state = answer.state;
          if (answer.granted) granted++;
        }
        expect(granted).toBeLessThanOrEqual(rule.capacity + (now * rule.capacity) / rule.windowMs + 1e-9);
      }),
    );
  });
});
