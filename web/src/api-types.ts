/**
 * The JSON shapes the dashboard reads from the Leasehold API (see src/server/schemas.ts): the
 * domain's own types where the wire carries them unchanged, web-only shapes where it does not.
 * @module
 */
import type { NodeState } from "../../src/fleet/node.js";
import type { PowerSource } from "../../src/fleet/site.js";
import type { SiteSummary } from "../../src/fleet/site-summary.js";

// Wire shapes that are exactly the domain's types (no bigint, no Date): type-only imports, which
// esbuild erases, so nothing from src/ reaches the bundle.
export type { FleetNode, NodeState } from "../../src/fleet/node.js";
export type { ModelCapacity, SiteSummary, SiteWarning, StateTally } from "../../src/fleet/site-summary.js";
export type { DomainGroup, RackCell, TopologyMap } from "../../src/fleet/topology-map.js";

/** The node states in display order: a value, so the dashboard keeps its own list of the domain's states. */
export const NODE_STATES = [
  "healthy",
  "degraded",
  "failed",
  "maintenance",
] as const satisfies readonly NodeState[];

/** A site as the API sends it: the electricity price is a decimal string, not the domain's bigint. */
export interface Site {
  id: string;
  name: string;
  kind: string;
  location: string;
  pue: number;
  /** Exact decimal dollars per MWh, e.g. "67.00". */
  electricityUsdPerMwh: string;
  powerSources: PowerSource[];
  topologyLevels: string[];
  createdAt: string;
  version: number;
}

export interface SiteListing extends Site {
  nodes: number;
  gpus: number;
}

export type SitePower = SiteSummary["power"];

export interface SiteDetail {
  site: Site;
  summary: SiteSummary;
}

export interface Principal {
  role: "operator" | "tenant";
  keyId: string;
  keyName: string;
  tenantId: string | null;
}
