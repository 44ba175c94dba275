/**
 * A site's drawn power from its agents' readings: the GPU power the fresh nodes report stands in
 * for their catalogue (nameplate) estimate, the nodes without a fresh heartbeat keep theirs, and
 * the sum × PUE is the facility draw. The permit warning then speaks of measured draw.
 * @module
 */
import type { SiteSummary, SiteWarning } from "../fleet/site-summary.js";

/** What the fresh agents of a site's powered nodes report. */
export interface MeasuredSitePower {
  /** Powered nodes heard from lately. */
  freshNodes: number;
  /** Their GPUs' power now, watts. */
  measuredItW: number;
  /** Their catalogue IT estimate, kW: what the measurement replaces. */
  nameplateItKw: number;
}

export type DrawnSource = "nameplate" | "measured" | "mixed";

/** A site summary whose drawn power says where it comes from. */
export type MeasuredSiteSummary = SiteSummary & {
  power: SiteSummary["power"] & { drawnSource: DrawnSource; measuredItMw: number | null };
};

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The summary with drawn power from measurements where there are any. `poweredNodes`: the site's
 * healthy and degraded nodes (all measured: the source is `measured`; some: `mixed`).
 */
export function withMeasuredPower(
  summary: SiteSummary,
  pue: number,
  poweredNodes: number,
  measured: MeasuredSitePower | undefined,
): MeasuredSiteSummary {
  if (!measured || measured.freshNodes === 0) {
    return { ...summary, power: { ...summary.power, drawnSource: "nameplate", measuredItMw: null } };
  }
  const estimatedItKw = (summary.power.drawnMw * 1000) / pue;
  const itKw = Math.max(0, estimatedItKw - measured.nameplateItKw) + measured.measuredItW / 1000;
  const drawnMw = round3((itKw * pue) / 1000);
  const permittedMw = summary.power.permittedMw;
  const drawnSource: DrawnSource = measured.freshNodes >= poweredNodes ? "measured" : "mixed";
  const warnings: SiteWarning[] = summary.warnings.filter((w) => w.code !== "DRAW_OVER_PERMIT");
  if (drawnMw > permittedMw) {
    warnings.unshift({
      code: "DRAW_OVER_PERMIT",
      excessMw: round3(drawnMw - permittedMw),
      message: `measured draw ${drawnMw} MW (${measured.freshNodes} nodes reporting, × PUE ${pue}) exceeds the permitted ${permittedMw} MW`,
    });
  }
  return {
    ...summary,
    power: {
      ...summary.power,
      drawnMw,
      headroomMw: round3(permittedMw - drawnMw),
      drawnSource,
      measuredItMw: round3(measured.measuredItW / 1e6),
    },
    warnings,
  };
}
