/**
 * The cause of a failed node, read from the reason its failure event recorded: health writes
 * `<kind>: <sentence>` (e.g. `fatal-xid: fatal XID 79 on GPU-…`); anything else was an operator.
 * @module
 */
import { type HealthProblem, PROBLEM_KINDS } from "./health-policy.js";

export type FailureCause = HealthProblem["kind"] | "operator";

export function causeOf(reason: string): FailureCause {
  const head = reason.slice(0, reason.indexOf(":"));
  return (PROBLEM_KINDS as readonly string[]).includes(head) ? (head as HealthProblem["kind"]) : "operator";
}

/** Counts of failed nodes per cause, most first (ties by name). */
export function countByCause(reasons: readonly string[]): Array<{ cause: FailureCause; nodes: number }> {
  const counts = new Map<FailureCause, number>();
  for (const r of reasons) {
    const cause = causeOf(r);
    counts.set(cause, (counts.get(cause) ?? 0) + 1);
  }
  return [...counts]
    .map(([cause, nodes]) => ({ cause, nodes }))
    .sort((a, b) => b.nodes - a.nodes || a.cause.localeCompare(b.cause));
}
