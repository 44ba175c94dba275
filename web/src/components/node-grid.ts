/**
 * A block's nodes as cells grouped by rack, each cell coloured by its node's state.
 * @module
 */
import type { FleetNode, StateTally } from "../../../src/contract/generated/api.js";
import { NODE_STATES } from "../../../src/fleet/node.js";
import { el } from "../element.js";
import { formatCount } from "../format.js";
import { STATE_STYLES } from "../node-states.js";

function tally(nodes: FleetNode[]): StateTally {
  const counts: StateTally = { healthy: 0, degraded: 0, failed: 0, maintenance: 0 };
  for (const node of nodes) counts[node.state] += 1;
  return counts;
}

/** Per-state node counts as coloured chips. */
export function stateChips(nodes: FleetNode[]): HTMLElement {
  const counts = tally(nodes);
  return el(
    "ul",
    { class: "state-chips" },
    ...NODE_STATES.map((s) =>
      el(
        "li",
        { attrs: { "data-state-count": s } },
        el("span", { class: "swatch", attrs: { style: `background:${STATE_STYLES[s].colour}` } }),
        `${STATE_STYLES[s].label} `,
        el("b", {}, formatCount(counts[s])),
      ),
    ),
  );
}

export function nodeGrid(nodes: FleetNode[], onNodeClick: (node: FleetNode) => void): HTMLElement {
  const racks = new Map<string, FleetNode[]>();
  for (const node of nodes) racks.set(node.path, [...(racks.get(node.path) ?? []), node]);
  return el(
    "div",
    { class: "node-grid" },
    ...[...racks].map(([path, rackNodes]) =>
      el(
        "div",
        { class: "node-rack" },
        el("div", { class: "node-rack-name" }, path.slice(path.lastIndexOf("/") + 1)),
        el(
          "div",
          { class: "node-cells" },
          ...rackNodes.map((node) =>
            el("button", {
              class: `node-cell state-${node.state}`,
              attrs: {
                type: "button",
                title: `${node.name} · ${STATE_STYLES[node.state].label} · ${node.gpuCount} × ${node.gpuModel}`,
                "aria-label": `${node.name}, ${node.state}`,
                "data-node": node.name,
                "data-state": node.state,
              },
              on: { click: () => onNodeClick(node) },
            }),
          ),
        ),
      ),
    ),
  );
}
