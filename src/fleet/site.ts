/**
 * Sites: where GPUs live, how much power they may draw and at what price.
 * @module
 */

export const SITE_KINDS = ["terrestrial", "orbital"] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const POWER_SOURCE_KINDS = ["grid", "battery", "gas_turbine", "solar"] as const;
export type PowerSourceKind = (typeof POWER_SOURCE_KINDS)[number];

/** One source of power: what is installed and what the site is permitted to run. */
export interface PowerSource {
  kind: PowerSourceKind;
  installedMw: number;
  permittedMw: number;
}

export interface Site {
  id: string;
  name: string;
  kind: SiteKind;
  /** Free text: "Memphis, Tennessee, US", or an orbit such as "LEO 550 km". */
  location: string;
  /** Power usage effectiveness: facility draw / IT draw, >= 1. */
  pue: number;
  /** Electricity price, integer micro-dollars per MWh. */
  electricityPriceMicrosPerMwh: bigint;
  powerSources: PowerSource[];
  /** Named topology levels from the top down; the last names the node level, e.g. hall/block/rack/node. */
  topologyLevels: string[];
  /** ISO 8601 UTC. */
  createdAt: string;
  /** Bumped on every change to the site or its nodes; summaries are cached by it. */
  version: number;
}

/** Sum of installed and permitted MW over a site's sources. */
export function powerTotals(sources: readonly PowerSource[]): { installedMw: number; permittedMw: number } {
  let installedMw = 0;
  let permittedMw = 0;
  for (const s of sources) {
    installedMw += s.installedMw;
    permittedMw += s.permittedMw;
  }
  return { installedMw: round3(installedMw), permittedMw: round3(permittedMw) };
}

/** Rounds a MW figure to the kW, so sums of decimals print cleanly. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
