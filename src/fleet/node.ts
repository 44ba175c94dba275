/**
 * Nodes: the schedulable unit (one HGX server, one NVL72 compute tray) and its health.
 * @module
 */

export const NODE_STATES = ["healthy", "degraded", "failed", "maintenance"] as const;
export type NodeState = (typeof NODE_STATES)[number];

export interface FleetNode {
  id: string;
  siteId: string;
  /** Unique within its site, e.g. `h1-b03-r12-n7`. */
  name: string;
  /** The node's place: its domains from the top level down, joined by `/` (`hall-1/block-03/rack-12`). */
  path: string;
  gpuModel: string;
  gpuCount: number;
  state: NodeState;
  /** ISO 8601 UTC of the last state change. */
  stateChangedAt: string;
}

/** States whose GPUs draw power and can run work. */
export function isPowered(state: NodeState): boolean {
  return state === "healthy" || state === "degraded";
}
