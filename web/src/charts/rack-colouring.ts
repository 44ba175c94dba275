/**
 * How the topology map colours a rack: a colouring sorts every rack into one legend category.
 * @module
 */
import type { RackCell } from "../../../src/contract/generated/api.js";
import { STATE_STYLES } from "../node-states.js";

export interface ColourCategory {
  key: string;
  label: string;
  colour: string;
  /** What puts a rack in this category, for the legend's tooltip. */
  description: string;
  /** A second, muted line in the legend (a lease's tenant and nodes). */
  detail?: string;
}

/** One row of a rack's tooltip: a swatch, a label and a count. */
export interface TipRow {
  colour: string;
  label: string;
  value: number;
}

/**
 * One way of colouring the map (node state, or tenant / lease). `categories` is the legend in
 * display order, and `categoryOf` must return one of their keys for every rack.
 */
export interface RackColouring {
  id: string;
  label: string;
  categories: ColourCategory[];
  categoryOf(rack: RackCell): string;
}

/** A rack takes the colour of its worst node: failed, then degraded, then maintenance, else healthy. */
export const NODE_STATE_COLOURING: RackColouring = {
  id: "node-state",
  label: "Node state",
  categories: [
    {
      key: "healthy",
      label: "All nodes healthy",
      colour: STATE_STYLES.healthy.colour,
      description: "Every node in the rack is healthy",
    },
    {
      key: "degraded",
      label: "Degraded node",
      colour: STATE_STYLES.degraded.colour,
      description: "At least one node is degraded and none has failed",
    },
    {
      key: "failed",
      label: "Failed node",
      colour: STATE_STYLES.failed.colour,
      description: "At least one node has failed",
    },
    {
      key: "maintenance",
      label: "In maintenance",
      colour: STATE_STYLES.maintenance.colour,
      description: "At least one node is in maintenance; none failed or degraded",
    },
  ],
  categoryOf(rack) {
    const n = rack.nodesByState;
    if (n.failed > 0) return "failed";
    if (n.degraded > 0) return "degraded";
    if (n.maintenance > 0) return "maintenance";
    return "healthy";
  },
};

/** Racks per category key, for the legend. */
export function countByCategory(colouring: RackColouring, racks: Iterable<RackCell>): Map<string, number> {
  const counts = new Map<string, number>(colouring.categories.map((c) => [c.key, 0]));
  for (const rack of racks) {
    const key = colouring.categoryOf(rack);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
