/**
 * The JSON shapes the dashboard reads from the Leasehold API (mirrors src/server/schemas.ts).
 * @module
 */

export const NODE_STATES = ["healthy", "degraded", "failed", "maintenance"] as const;
export type NodeState = (typeof NODE_STATES)[number];

/** A count per node state (nodes or GPUs, as the field name says). */
export type StateTally = Record<NodeState, number>;

interface PowerSource {
  kind: string;
  installedMw: number;
  permittedMw: number;
}

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

export interface CapacityByModel {
  gpuModel: string;
  nodes: number;
  gpus: number;
  gpusByState: StateTally;
  drawnItMw: number;
}

export interface SiteWarning {
  code: "INSTALLED_OVER_PERMIT" | "DRAW_OVER_PERMIT" | "DESIGN_OVER_PERMIT";
  message: string;
  excessMw: number;
  source?: string;
}

export interface SitePower {
  installedMw: number;
  permittedMw: number;
  designMw: number;
  drawnMw: number;
  headroomMw: number;
  sources: Array<PowerSource & { overPermitMw: number }>;
}

export interface SiteSummary {
  nodes: number;
  gpus: number;
  nodesByState: StateTally;
  gpusByState: StateTally;
  capacityByModel: CapacityByModel[];
  power: SitePower;
  warnings: SiteWarning[];
}

export interface SiteDetail {
  site: Site;
  summary: SiteSummary;
}

export interface TopologyRack {
  /** Full topology path, e.g. "hall-01/block-003/rack-0130". */
  path: string;
  name: string;
  gpuModel: string;
  gpus: number;
  nodesByState: StateTally;
}

export interface TopologyGroup {
  /** The group's path (a block, e.g. "hall-01/block-003"); empty when the site has no group level. */
  path: string;
  gpus: number;
  racks: TopologyRack[];
}

export interface TopologyMap {
  levels: string[];
  cellLevel: string;
  groupLevel: string | null;
  groups: TopologyGroup[];
}

export interface FleetNode {
  id: string;
  siteId: string;
  name: string;
  path: string;
  gpuModel: string;
  gpuCount: number;
  state: NodeState;
  stateChangedAt: string;
}

export interface Principal {
  role: "operator" | "tenant";
  keyId: string;
  keyName: string;
  tenantId: string | null;
}
