import { describe, expect, it } from "vitest";
import { causeOf, countByCause } from "./failure-cause.js";

describe("causeOf", () => {
  it.each([
    ["fatal-xid: fatal XID 79 on GPU-1", "fatal-xid"],
    ["missed-heartbeats: no heartbeat for more than 3 intervals of 10 s", "missed-heartbeats"],
    ["gpu-missing: 1 of 8 GPUs missing from the bus (7 answered)", "gpu-missing"],
    ["ecc-uncorrectable: 2 uncorrectable ECC errors on GPU-2", "ecc-uncorrectable"],
    ["PSU swap in rack 12", "operator"],
    ["note: fan noise", "operator"],
  ])("%s → %s", (reason, cause) => {
    expect(causeOf(reason)).toBe(cause);
  });

  it("counts failed nodes per cause, most first", () => {
    expect(countByCause(["fatal-xid: a", "operator work", "fatal-xid: b", "gpu-missing: c"])).toEqual([
      { cause: "fatal-xid", nodes: 2 },
      { cause: "gpu-missing", nodes: 1 },
      { cause: "operator", nodes: 1 },
    ]);
  });
});
