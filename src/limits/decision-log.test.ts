import { describe, expect, it } from "vitest";
import { DecisionLog } from "./decision-log.js";

const T0 = Date.UTC(2026, 11, 2, 14, 0, 0);

describe("the decision log", () => {
  it("counts grants and denials by cause per minute, for the last hour only", () => {
    const log = new DecisionLog();
    log.record("a", T0 + 5_000, null);
    log.record("a", T0 + 6_000, "output_tokens");
    log.record("a", T0 + 65_000, null);
    log.record("b", T0 + 65_000, "requests");
    const hour = log.lastHour("a", T0 + 70_000);
    expect(hour).toHaveLength(60);
    expect(hour[58]).toMatchObject({ minuteMs: T0, granted: 1, denied: { output_tokens: 1, requests: 0 } });
    expect(hour[59]).toMatchObject({ minuteMs: T0 + 60_000, granted: 1, denied: { requests: 0 } });
    expect(log.lastHour(null, T0 + 70_000)[59]?.denied.requests).toBe(1);
    // An hour later the old minutes are gone, even where their ring slot was not reused.
    expect(log.lastHour("a", T0 + 3_600_000 + 70_000).every((m) => m.granted === 0)).toBe(true);
  });

  it("reuses a ring slot for a new minute without adding the old one's counts", () => {
    const log = new DecisionLog();
    log.record("a", T0, null);
    log.record("a", T0 + 3_600_000, "no_limits");
    const last = log.lastHour("a", T0 + 3_600_000).at(-1);
    expect(last).toMatchObject({ granted: 0, denied: { no_limits: 1 } });
  });
});
