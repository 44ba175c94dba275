/**
 * A block's nodes as cells grouped by rack, each cell coloured by its node's state, or by who holds
 * it when the holders are known and asked for.
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

/** Who holds a node, by name: a label and a colour. */
export type HolderOf = (node: FleetNode) => { key: string; label: string; colour: string } | undefined;

/** The holders of `nodes` as coloured chips with their node counts, most first. */
export function holderChips(nodes: FleetNode[], holderOf: HolderOf): HTMLElement {
  const counts = new Map<string, { label: string; colour: string; nodes: number }>();
  for (const node of nodes) {
    const holder = holderOf(node);
    if (!holder) continue;
    const entry = counts.get(holder.key) ?? { ...holder, nodes: 0 };
    entry.nodes += 1;
    counts.set(holder.key, entry);
  }
  return el(
    "ul",
    { class: "state-chips holder-chips", attrs: { "data-testid": "block-holders" } },
    ...[...counts]
      .sort((a, b) => b[1].nodes - a[1].nodes)
      .map(([key, h]) =>
        el(
          "li",
          { attrs: { "data-holder-count": key } },
          el("span", { class: "swatch", attrs: { style: `background:${h.colour}` } }),
          `${h.label} `,
          el("b", {}, formatCount(h.nodes)),
        ),
      ),
  );
}

export function nodeGrid(
  nodes: FleetNode[],
  onNodeClick: (node: FleetNode) => void,
  holders?: { holderOf: HolderOf; colourByHolder: boolean },
): HTMLElement {
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
          ...rackNodes.map((node) => {
            const holder = holders?.holderOf(node);
            const heldBy = holder ? ` · held by ${holder.label}` : "";
            return el("button", {
              class: `node-cell state-${node.state}`,
              attrs: {
                type: "button",
                title: `${node.name} · ${STATE_STYLES[node.state].label} · ${node.gpuCount} × ${node.gpuModel}${heldBy}`,
                "aria-label": `${node.name}, ${node.state}${heldBy}`,
                "data-node": node.name,
                "data-state": node.state,
                ...(holder ? { "data-holder": holder.key, "data-holder-label": holder.label } : {}),
                ...(holder && holders?.colourByHolder ? { style: `background:${holder.colour}` } : {}),
              },
              on: { click: () => onNodeClick(node) },
            });
          }),
        ),
      ),
    ),
  );
}
