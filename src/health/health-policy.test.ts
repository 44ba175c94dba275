import { describe, expect, it } from "vitest";
import {
  DEFAULT_HEALTH_POLICY,
  type HeartbeatFacts,
  judgeHeartbeat,
  missedHeartbeats,
  type NodeHealth,
  policyIssues,
  problemIn,
} from "./health-policy.js";

const good: HeartbeatFacts = { gpusSeen: 8, gpusExpected: 8, gpusLost: 0, xids: [], eccErrors: [] };
const policy = DEFAULT_HEALTH_POLICY;

describe("problemIn", () => {
  it.each([
    ["a good heartbeat", good, undefined],
    ["a GPU fallen off the bus", { ...good, gpusSeen: 7, gpusLost: 1 }, "gpu-missing"],
    ["a GPU that no longer answers at all", { ...good, gpusSeen: 7 }, "gpu-missing"],
    ["XID 79 (fallen off the bus)", { ...good, xids: [{ uuid: "GPU-1", xid: 79 }] }, "fatal-xid"],
    ["XID 13 (an application's fault)", { ...good, xids: [{ uuid: "GPU-1", xid: 13 }] }, undefined],
    ["XID 31 (a page fault)", { ...good, xids: [{ uuid: "GPU-1", xid: 31 }] }, undefined],
    ["uncorrectable ECC errors", { ...good, eccErrors: [{ uuid: "GPU-2", count: 2 }] }, "ecc-uncorrectable"],
    ["no new ECC errors", { ...good, eccErrors: [{ uuid: "GPU-2", count: 0 }] }, undefined],
  ] as const)("%s", (_name, facts, kind) => {
    expect(problemIn(facts, policy)?.kind).toBe(kind);
  });

  it("names the XID and the GPU in the reason", () => {
    expect(problemIn({ ...good, xids: [{ uuid: "GPU-9", xid: 48 }] }, policy)?.reason).toBe(
      "fatal XID 48 on GPU-9",
    );
  });

  it("follows an operator's list: XID 13 fails a node when listed", () => {
    const strict = { ...policy, fatalXids: [13] };
    expect(problemIn({ ...good, xids: [{ uuid: "GPU-1", xid: 13 }] }, strict)?.kind).toBe("fatal-xid");
    expect(problemIn({ ...good, xids: [{ uuid: "GPU-1", xid: 79 }] }, strict)).toBeUndefined();
  });
});

describe("judgeHeartbeat", () => {
  const healthy: NodeHealth = { state: "healthy", healthCause: null, goodStreak: 5 };
  const problem = { kind: "fatal-xid", reason: "fatal XID 79 on GPU-1" } as const;

  it("fails a healthy node on a problem and resets its streak", () => {
    expect(judgeHeartbeat(healthy, problem, policy)).toEqual({ change: "fail", problem, goodStreak: 0 });
  });

  it("leaves a node in maintenance alone whatever its agent says", () => {
    const node: NodeHealth = { state: "maintenance", healthCause: null, goodStreak: 0 };
    expect(judgeHeartbeat(node, problem, policy).change).toBe("none");
    for (let i = 0; i < 10; i++)
      expect(judgeHeartbeat({ ...node, goodStreak: i }, undefined, policy).change).toBe("none");
  });

  it("recovers a node health failed only after M good heartbeats in a row", () => {
    let node: NodeHealth = { state: "failed", healthCause: "fatal-xid", goodStreak: 0 };
    const changes: string[] = [];
    for (const p of [undefined, undefined, problem, undefined, undefined, undefined]) {
      const verdict = judgeHeartbeat(node, p, policy);
      changes.push(verdict.change);
      node = { ...node, goodStreak: verdict.goodStreak };
    }
    expect(changes).toEqual(["none", "none", "none", "none", "none", "recover"]);
  });

  it("never recovers a failure an operator set", () => {
    const node: NodeHealth = { state: "failed", healthCause: null, goodStreak: 99 };
    expect(judgeHeartbeat(node, undefined, policy).change).toBe("none");
  });
});

describe("missedHeartbeats", () => {
  it("fails a node silent for more than N intervals, not before", () => {
    expect(missedHeartbeats(30_000, 10, policy)).toBeUndefined();
    expect(missedHeartbeats(30_001, 10, policy)?.kind).toBe("missed-heartbeats");
  });
});

describe("policyIssues", () => {
  it("names each bad field and its bound", () => {
    expect(policyIssues({ fatalXids: [79, 0], missedIntervals: 0, recoveryHeartbeats: 3 })).toEqual([
      { field: "fatalXids[1]", message: "an XID is an integer 1-1000 (got 0)", bound: "1..1000" },
      { field: "missedIntervals", message: "missedIntervals must be 1-100 (got 0)", bound: "1..100" },
    ]);
    expect(policyIssues(DEFAULT_HEALTH_POLICY)).toEqual([]);
  });
});
