/**
 * How `leasehold limits` prints: a set's limits per plan and model class, its planning summary,
 * and the before/after table a lab publishes.
 * @module
 */
import type { LimitDiff, LimitSet, LimitSetWithDiff } from "../../contract/generated/api.js";
import { formatCount, renderFields, renderTable } from "../output.js";

const WINDOW_NAMES: Record<string, string> = {
  minute: "per minute",
  five_hours: "per 5 hours",
  week: "per week",
};
const DIMENSION_NAMES: Record<string, string> = {
  requests: "requests",
  input_tokens: "input tokens",
  output_tokens: "output tokens",
};

const peakText = (peak: { hoursUtc: number[]; factor: number } | null | undefined) =>
  peak ? `${Math.round(peak.factor * 100)}% at ${peak.hoursUtc.map((h) => `${h}h`).join(",")} UTC` : "none";

/** The set's header: version, status, why, and what the planner saw. */
export function renderSetSummary(set: LimitSet): string {
  const p = set.planning;
  const gpus = Object.entries(p.gpusByModel)
    .map(([model, n]) => `${formatCount(n)} ${model}`)
    .join(", ");
  const peakShare = Math.max(0, ...p.demandByHour);
  return renderFields([
    ["Version", `${set.version} (${set.status}${set.publishedAt ? ` ${set.publishedAt}` : ""})`],
    ["Computed", `${set.createdAt} by ${set.createdBy} (${set.trigger.kind.replace("_", " ")})`],
    ["Live GPUs", gpus || "none"],
    ["Scale", `${p.scale.toFixed(3)}× the plans' reference limits`],
    [
      "Peak demand",
      `${(peakShare * 100).toFixed(1)}% of capacity (target ${(p.targetUtilisation * 100).toFixed(0)}%, estimate)`,
    ],
    ["Peak reductions", p.peakReductions ? "applied" : "none"],
    ...p.warnings.map((w) => ["Warning", w] as const),
  ]);
}

/** Every limit of the set: one row per plan, model class, dimension and window. */
export function renderSetLimits(set: LimitSet): string {
  const rows = set.plans.flatMap((p) =>
    p.limits.map((l) => ({ plan: p.plan, modelClass: p.modelClass, ...l, peak: p.peak })),
  );
  return renderTable(
    [
      { header: "PLAN", value: (r) => r.plan },
      { header: "CLASS", value: (r) => r.modelClass },
      {
        header: "LIMIT",
        value: (r) => `${DIMENSION_NAMES[r.dimension] ?? r.dimension} ${WINDOW_NAMES[r.window] ?? r.window}`,
      },
      { header: "VALUE", value: (r) => r.limit },
      { header: "PEAK HOURS", value: (r) => peakText(r.peak) },
    ],
    rows,
  );
}

/** The before/after table, then the peak-hour reductions added or removed. */
export function renderDiff(diff: LimitDiff, heading: string): string {
  const table = renderTable(
    [
      { header: "PLAN", value: (r) => r.plan },
      { header: "CLASS", value: (r) => r.modelClass },
      {
        header: "LIMIT",
        value: (r) => `${DIMENSION_NAMES[r.dimension] ?? r.dimension} ${WINDOW_NAMES[r.window] ?? r.window}`,
      },
      { header: "BEFORE", value: (r) => (r.before === null ? "-" : formatCount(r.before)), align: "right" },
      { header: "AFTER", value: (r) => (r.after === null ? "-" : formatCount(r.after)), align: "right" },
      {
        header: "CHANGE",
        value: (r) =>
          r.ratio === null || r.change === "unchanged" ? r.change : `${r.change} ×${r.ratio.toFixed(2)}`,
      },
    ],
    diff.rows,
  );
  const peaks = diff.peaks
    .filter((p) => p.change !== "unchanged")
    .map(
      (p) =>
        `peak hours ${p.plan}/${p.modelClass}: ${peakText(p.before)} → ${peakText(p.after)} (${p.change})\n`,
    )
    .join("");
  return `${heading}\n${table}${peaks}`;
}

export function renderSetWithDiff(answer: LimitSetWithDiff): string {
  const base = answer.set.planning.basedOnVersion;
  const heading = base > 0 ? `Changes from version ${base}:` : "Changes (first set):";
  return `${renderSetSummary(answer.set)}\n${renderDiff(answer.diff, heading)}`;
}
