/**
 * A row of labelled headline numbers ("GPUs 221,440").
 * @module
 */
import { el } from "../element.js";

export interface Stat {
  label: string;
  value: string;
  /** A short line under the value ("98.8% of nodes"). */
  detail?: string;
  /** Stable name for tests and styling, e.g. "gpus" → data-stat="gpus". */
  key: string;
  tone?: "good" | "warn" | "bad";
}

export function statRow(stats: Stat[]): HTMLElement {
  return el(
    "dl",
    { class: "stats" },
    ...stats.map((s) =>
      el(
        "div",
        { class: `stat${s.tone ? ` stat-${s.tone}` : ""}`, attrs: { "data-stat": s.key } },
        el("dt", {}, s.label),
        el("dd", {}, s.value),
        s.detail ? el("div", { class: "stat-detail" }, s.detail) : null,
      ),
    ),
  );
}
