import type { NodeState } from "../../src/contract/generated/api.js";
/**
 * How node states look everywhere in the dashboard: one colour and label per state.
 * @module
 */

export interface StateStyle {
  label: string;
  /** Fill colour for cells, bars and legend swatches. */
  colour: string;
}

/** Green healthy, amber degraded, red failed, steel blue maintenance (planned, not a fault). */
export const STATE_STYLES: Record<NodeState, StateStyle> = {
  healthy: { label: "Healthy", colour: "#2f9e5b" },
  degraded: { label: "Degraded", colour: "#e3a21a" },
  failed: { label: "Failed", colour: "#d7263d" },
  maintenance: { label: "Maintenance", colour: "#5b7db1" },
};
