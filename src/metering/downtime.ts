/**
 * A lease's downtime in a period as a person reads it: each stretch GPUs were missing, how many,
 * of which model, and why (the shortfall records the allocation engine keeps), clipped to the period.
 * @module
 */
import type { Span } from "./delivered-hours.js";

export interface ShortfallRecord {
  gpuModel: string;
  missingGpus: number;
  startedAtMs: number;
  /** null while still short. */
  endedAtMs: number | null;
  cause: string;
}

export interface DowntimeInterval {
  gpuModel: string;
  missingGpus: number;
  fromMs: number;
  untilMs: number;
  cause: string;
  /** missing GPUs × the interval's length, GPU-ms. */
  lostGpuMs: number;
}

/**
 * The causes of a shortfall as people wrote them: the reasons of the lease's nodes that went out
 * of service at the moment it began (the same write stamps both), else the record's own cause.
 */
export function shortfallCause(
  s: ShortfallRecord,
  states: ReadonlyArray<{ nodeId: string; atMs: number; toState: string; reason: string }>,
): string {
  const reasons = new Set<string>();
  for (const e of states) if (e.atMs === s.startedAtMs && e.toState !== "healthy") reasons.add(e.reason);
  return reasons.size ? [...reasons].sort().join("; ") : s.cause;
}

/** The shortfalls overlapping `period`, clipped to it (an open one runs to `nowMs` at most), oldest first. */
export function downtimeIntervals(
  shortfalls: readonly ShortfallRecord[],
  period: Span,
  nowMs: number,
  states: Parameters<typeof shortfallCause>[1] = [],
): DowntimeInterval[] {
  const out: DowntimeInterval[] = [];
  for (const s of shortfalls) {
    const fromMs = Math.max(s.startedAtMs, period.fromMs);
    const untilMs = Math.min(s.endedAtMs ?? nowMs, period.untilMs, Math.max(nowMs, s.startedAtMs));
    if (!(fromMs < untilMs)) continue;
    out.push({
      gpuModel: s.gpuModel,
      missingGpus: s.missingGpus,
      fromMs,
      untilMs,
      cause: shortfallCause(s, states),
      lostGpuMs: s.missingGpus * (untilMs - fromMs),
    });
  }
  return out.sort((a, b) => a.fromMs - b.fromMs);
}
