/**
 * When a node's agent says it is unwell, and when it is well again. A node fails on a missed
 * heartbeat run, a GPU missing from the bus, a fatal XID or uncorrectable ECC errors; it recovers
 * only after `recoveryHeartbeats` good heartbeats in a row, so a flapping node stays failed. An
 * operator's `maintenance` is never overridden, nor a failure an operator set.
 * @module
 */
import type { NodeState } from "../fleet/node.js";

/**
 * XIDs that fail a node by default: the set AWS's node monitoring agent repairs on (reset or
 * reboot). Sources disagree: NVIDIA's Kubernetes device plugin treats every XID but 13, 31, 43,
 * 45, 68 and 109 as unhealthy (application faults it ignores), and AWS only warns on 13, 31, 43,
 * 45, 94 and 121. The narrower list fails fewer nodes for a tenant's own bugs; an operator
 * changes it with `PUT /v1/health-policy`.
 */
export const DEFAULT_FATAL_XIDS: readonly number[] = [46, 48, 54, 62, 63, 64, 74, 79, 95, 109, 110, 119, 120];

export interface HealthPolicy {
  /** XIDs that mark a node failed. */
  fatalXids: readonly number[];
  /** Heartbeat intervals without a heartbeat before a node is failed. */
  missedIntervals: number;
  /** Good heartbeats in a row a failed node needs before it is healthy again. */
  recoveryHeartbeats: number;
}

export const DEFAULT_HEALTH_POLICY: HealthPolicy = {
  fatalXids: DEFAULT_FATAL_XIDS,
  missedIntervals: 3,
  recoveryHeartbeats: 3,
};

/** What one heartbeat says about a node, as the policy reads it. */
export interface HeartbeatFacts {
  /** GPUs that answered. */
  gpusSeen: number;
  /** GPUs the node has, as the fleet records it. */
  gpusExpected: number;
  /** GPUs the reading tool listed but could not reach. */
  gpusLost: number;
  /** XIDs raised since the previous heartbeat, with their GPU. */
  xids: ReadonlyArray<{ uuid: string; xid: number }>;
  /** Uncorrectable ECC errors since the previous heartbeat, with their GPU. */
  eccErrors: ReadonlyArray<{ uuid: string; count: number }>;
}

/** The cause of a failure, as a short kind and the sentence recorded as the node event's reason. */
export interface HealthProblem {
  kind: "missed-heartbeats" | "gpu-missing" | "fatal-xid" | "ecc-uncorrectable";
  reason: string;
}

/** The kinds of cause, for listings and the dashboard's legend. */
export const PROBLEM_KINDS: readonly HealthProblem["kind"][] = [
  "missed-heartbeats",
  "gpu-missing",
  "fatal-xid",
  "ecc-uncorrectable",
];

/** The first problem a heartbeat shows under `policy`, or undefined when it is a good one. */
export function problemIn(facts: HeartbeatFacts, policy: HealthPolicy): HealthProblem | undefined {
  if (facts.gpusLost > 0 || facts.gpusSeen < facts.gpusExpected) {
    const missing = Math.max(facts.gpusLost, facts.gpusExpected - facts.gpusSeen);
    return {
      kind: "gpu-missing",
      reason: `${missing} of ${facts.gpusExpected} GPUs missing from the bus (${facts.gpusSeen} answered)`,
    };
  }
  const fatal = facts.xids.find((x) => policy.fatalXids.includes(x.xid));
  if (fatal) return { kind: "fatal-xid", reason: `fatal XID ${fatal.xid} on ${fatal.uuid}` };
  const ecc = facts.eccErrors.find((e) => e.count > 0);
  if (ecc) {
    return {
      kind: "ecc-uncorrectable",
      reason: `${ecc.count} uncorrectable ECC error${ecc.count === 1 ? "" : "s"} on ${ecc.uuid}`,
    };
  }
  return undefined;
}

/** What health knows of a node besides the heartbeat: its state, and whether health failed it. */
export interface NodeHealth {
  state: NodeState;
  /** The cause health failed the node for; null when health did not fail it (or it recovered). */
  healthCause: HealthProblem["kind"] | null;
  /** Good heartbeats in a row before this one. */
  goodStreak: number;
}

export type HealthVerdict =
  | { change: "fail"; problem: HealthProblem; goodStreak: 0 }
  | { change: "recover"; reason: string; goodStreak: number }
  | { change: "none"; goodStreak: number; problem?: HealthProblem };

/** What a heartbeat (its problem, or none) does to a node. */
export function judgeHeartbeat(
  node: NodeHealth,
  problem: HealthProblem | undefined,
  policy: HealthPolicy,
): HealthVerdict {
  if (problem) {
    if (node.state === "healthy" || node.state === "degraded")
      return { change: "fail", problem, goodStreak: 0 };
    return { change: "none", goodStreak: 0, problem };
  }
  const goodStreak = node.goodStreak + 1;
  if (node.state === "failed" && node.healthCause !== null && goodStreak >= policy.recoveryHeartbeats) {
    return {
      change: "recover",
      reason: `${goodStreak} good heartbeats in a row after ${node.healthCause}`,
      goodStreak,
    };
  }
  return { change: "none", goodStreak };
}

/** The problem of a node whose last heartbeat came `silentMs` ago, or undefined while within bounds. */
export function missedHeartbeats(
  silentMs: number,
  intervalS: number,
  policy: HealthPolicy,
): HealthProblem | undefined {
  const limitMs = policy.missedIntervals * intervalS * 1000;
  if (silentMs <= limitMs) return undefined;
  return {
    kind: "missed-heartbeats",
    reason: `no heartbeat for ${Math.round(silentMs / 1000)} s (${policy.missedIntervals} intervals of ${intervalS} s)`,
  };
}

/** Checks an operator's policy; returns the problems, each naming the field and the bound. */
export function policyIssues(policy: HealthPolicy): Array<{ field: string; message: string; bound: string }> {
  const issues: Array<{ field: string; message: string; bound: string }> = [];
  policy.fatalXids.forEach((x, i) => {
    if (!Number.isInteger(x) || x < 1 || x > 1000)
      issues.push({
        field: `fatalXids[${i}]`,
        message: `an XID is an integer 1-1000 (got ${x})`,
        bound: "1..1000",
      });
  });
  if (!Number.isInteger(policy.missedIntervals) || policy.missedIntervals < 1 || policy.missedIntervals > 100)
    issues.push({
      field: "missedIntervals",
      message: `missedIntervals must be 1-100 (got ${policy.missedIntervals})`,
      bound: "1..100",
    });
  if (
    !Number.isInteger(policy.recoveryHeartbeats) ||
    policy.recoveryHeartbeats < 1 ||
    policy.recoveryHeartbeats > 1000
  )
    issues.push({
      field: "recoveryHeartbeats",
      message: `recoveryHeartbeats must be 1-1000 (got ${policy.recoveryHeartbeats})`,
      bound: "1..1000",
    });
  return issues;
}
