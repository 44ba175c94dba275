import { describe, expect, it } from "vitest";
import { compileLimits, limitsAt, slotOf } from "./compiled-limits.js";
import type { DimensionLimit, PlanModelLimits } from "./limit-set.js";
import { checkUsage, newUsage, settleUsage, slotStatuses } from "./usage-meter.js";

const TIER: DimensionLimit[] = [
  { dimension: "requests", window: "minute", limit: 3 },
  { dimension: "input_tokens", window: "minute", limit: 1_000 },
  { dimension: "output_tokens", window: "minute", limit: 600 },
];
const plan = (limits: DimensionLimit[], peak?: PlanModelLimits["peak"]): PlanModelLimits => ({
  plan: "tier-1",
  modelClass: "large",
  limits,
  ...(peak ? { peak } : {}),
});
const TTL = 60_000;

describe("a usage check over several dimensions", () => {
  it("grants until the requests per minute are spent, and names requests/minute when it denies", () => {
    const limits = compileLimits(plan(TIER)).normal;
    const usage = newUsage(0);
    const cost = { inputTokens: 10, maxOutputTokens: 10 };
    const answers = [0, 1, 2, 3].map(() => ({ ...checkUsage(usage, limits, cost, 0, TTL) }));
    expect(answers.map((a) => a.granted)).toEqual([true, true, true, false]);
    expect(answers[3]?.deniedSlot).toBe(slotOf("requests", "minute"));
    // One request drains back in 60 s / 3 = 20 s.
    expect(answers[3]?.retryAfterMs).toBe(20_000);
  });

  it("charges nothing on a denial: the input tokens of a denied request stay available", () => {
    const limits = compileLimits(plan(TIER)).normal;
    const usage = newUsage(0);
    expect(checkUsage(usage, limits, { inputTokens: 500, maxOutputTokens: 700 }, 0, TTL).granted).toBe(false);
    const status = slotStatuses(usage, limits, 0);
    expect(status.map((s) => s.remaining)).toEqual([3, 1_000, 600]);
  });

  it("is all or nothing: a request denied on output tokens spends no request and no input token", () => {
    const limits = compileLimits(plan(TIER)).normal;
    const usage = newUsage(0);
    expect(checkUsage(usage, limits, { inputTokens: 100, maxOutputTokens: 500 }, 0, TTL).granted).toBe(true);
    const denied = checkUsage(usage, limits, { inputTokens: 100, maxOutputTokens: 200 }, 0, TTL);
    expect(denied.granted).toBe(false);
    expect(denied.deniedSlot).toBe(slotOf("output_tokens", "minute"));
    expect(slotStatuses(usage, limits, 0).map((s) => s.remaining)).toEqual([2, 900, 100]);
  });

  it("refunds on settle what the reservation did not use, so the next request fits", () => {
    const limits = compileLimits(plan(TIER)).normal;
    const usage = newUsage(0);
    const granted = checkUsage(usage, limits, { inputTokens: 0, maxOutputTokens: 500 }, 0, TTL);
    expect(settleUsage(usage, granted.reservationId, 120, 0)).toEqual({ settled: true, refundedTokens: 380 });
    expect(checkUsage(usage, limits, { inputTokens: 0, maxOutputTokens: 400 }, 0, TTL).granted).toBe(true);
    // Settling twice settles nothing.
    expect(settleUsage(usage, granted.reservationId, 0, 0)).toEqual({ settled: false });
  });

  it("refunds an unsettled reservation in full once it expires", () => {
    const limits = compileLimits(plan([{ dimension: "output_tokens", window: "week", limit: 1_000 }])).normal;
    const usage = newUsage(0);
    const granted = checkUsage(usage, limits, { inputTokens: 0, maxOutputTokens: 900 }, 0, TTL);
    expect(checkUsage(usage, limits, { inputTokens: 0, maxOutputTokens: 900 }, TTL - 1, TTL).granted).toBe(
      false,
    );
    expect(checkUsage(usage, limits, { inputTokens: 0, maxOutputTokens: 900 }, TTL, TTL).granted).toBe(true);
    expect(settleUsage(usage, granted.reservationId, 900, TTL)).toEqual({ settled: false });
  });

  it("charges output beyond the reservation when a settle reports more than was reserved", () => {
    const limits = compileLimits(plan(TIER)).normal;
    const usage = newUsage(0);
    const granted = checkUsage(usage, limits, { inputTokens: 0, maxOutputTokens: 100 }, 0, TTL);
    expect(settleUsage(usage, granted.reservationId, 250, 0)).toEqual({
      settled: true,
      refundedTokens: -150,
    });
    expect(slotStatuses(usage, limits, 0)[2]?.remaining).toBe(350);
  });

  it("says a request above a limit itself can never be granted", () => {
    const limits = compileLimits(plan(TIER)).normal;
    const answer = checkUsage(newUsage(0), limits, { inputTokens: 1_001, maxOutputTokens: 0 }, 0, TTL);
    expect(answer).toMatchObject({
      granted: false,
      exceedsLimit: true,
      deniedSlot: slotOf("input_tokens", "minute"),
    });
  });

  it("checks a plan's 5-hour and weekly windows together: the tighter one denies", () => {
    const limits = compileLimits(
      plan([
        { dimension: "output_tokens", window: "five_hours", limit: 1_000 },
        { dimension: "output_tokens", window: "week", limit: 1_500 },
      ]),
    ).normal;
    const usage = newUsage(0);
    expect(checkUsage(usage, limits, { inputTokens: 0, maxOutputTokens: 1_000 }, 0, TTL).granted).toBe(true);
    settleUsage(usage, 1, 1_000, 0);
    // Five hours later the 5-hour window is full again, the week has 1,500 − 1,000 + 1,000·5/168 left.
    const later = 5 * 3_600_000;
    const answer = checkUsage(usage, limits, { inputTokens: 0, maxOutputTokens: 1_000 }, later, TTL);
    expect(answer.granted).toBe(false);
    expect(answer.deniedSlot).toBe(slotOf("output_tokens", "week"));
  });

  it("resets are when the slot is fully replenished", () => {
    const limits = compileLimits(plan(TIER)).normal;
    const usage = newUsage(0);
    checkUsage(usage, limits, { inputTokens: 500, maxOutputTokens: 0 }, 1_000, TTL);
    const [requests, input] = slotStatuses(usage, limits, 1_000);
    expect(requests?.resetAtMs).toBe(1_000 + 20_000);
    expect(input?.resetAtMs).toBe(1_000 + 30_000);
  });

  it("applies a peak-hour reduction only in the named hours (UTC)", () => {
    const compiled = compileLimits(plan(TIER, { hoursUtc: [14, 15], factor: 0.5 }));
    const at = (hour: number) => Date.UTC(2026, 4, 20, hour, 30);
    expect(limitsAt(compiled, at(13)).limit[slotOf("input_tokens", "minute")]).toBe(1_000);
    expect(limitsAt(compiled, at(14)).limit[slotOf("input_tokens", "minute")]).toBe(500);
    expect(limitsAt(compiled, at(16)).limit[slotOf("requests", "minute")]).toBe(3);
  });

  it("keeps what a subject used when new limits take effect", () => {
    const usage = newUsage(0);
    const before = compileLimits(plan(TIER)).normal;
    checkUsage(usage, before, { inputTokens: 800, maxOutputTokens: 0 }, 0, TTL);
    const doubled = compileLimits(plan(TIER.map((l) => ({ ...l, limit: l.limit * 2 })))).normal;
    expect(slotStatuses(usage, doubled, 0)[1]?.remaining).toBe(1_200);
  });
});
