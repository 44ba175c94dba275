/**
 * Sites: where GPUs live, how much power they may draw and at what price.
 * @module
 */

export const SITE_KINDS = ["terrestrial", "orbital"] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export const POWER_SOURCE_KINDS = ["grid", "battery", "gas_turbine", "solar"] as const;
export type PowerSourceKind = (typeof POWER_SOURCE_KINDS)[number];

/**
 * One source of power: what is installed and what the site is permitted to run. A battery is
 * storage, not supply: `installedMw`/`permittedMw` are its discharge power and `energyMwh` what it
 * holds, so it rides through an outage or shaves peaks for a while but cannot feed a lease.
 */
export interface PowerSource {
  kind: PowerSourceKind;
  installedMw: number;
  permittedMw: number;
  /** Energy stored, MWh: batteries only. */
  energyMwh?: number;
}

/** Sources that store energy rather than supply it continuously. */
export function isStorage(kind: PowerSourceKind): boolean {
  return kind === "battery";
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

/**
 * Continuous supply: installed and permitted MW of the grid and of generation, batteries left out
 * (they are storage, see `storageOf`). The permitted MW is what the site may draw indefinitely.
 */
export function powerTotals(sources: readonly PowerSource[]): { installedMw: number; permittedMw: number } {
  let installedMw = 0;
  let permittedMw = 0;
  for (const s of sources) {
    if (isStorage(s.kind)) continue;
    installedMw += s.installedMw;
    permittedMw += s.permittedMw;
  }
  return { installedMw: round3(installedMw), permittedMw: round3(permittedMw) };
}

/** The site's storage: discharge power (the lower of installed and permitted) and energy. */
export function storageOf(sources: readonly PowerSource[]): { powerMw: number; energyMwh: number } {
  let powerMw = 0;
  let energyMwh = 0;
  for (const s of sources) {
    if (!isStorage(s.kind)) continue;
    powerMw += Math.min(s.installedMw, s.permittedMw);
    energyMwh += s.energyMwh ?? 0;
  }
  return { powerMw: round3(powerMw), energyMwh: round3(energyMwh) };
}

/** Rounds a MW figure to the kW, so sums of decimals print cleanly. */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
