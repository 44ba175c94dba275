/**
 * A side panel with one block's nodes, their states and who holds each (a lease, the spare pool,
 * house work, out of service, as the server's allocation map says); opened by clicking a block.
 * @module
 */
import type { FleetNode } from "../../../src/contract/generated/api.js";
import type { ApiClient } from "../api-client.js";
import { nodeHolders } from "../charts/node-holders.js";
import { el } from "../element.js";
import { nodesUnder } from "../fleet-api.js";
import { formatCount } from "../format.js";
import { allocationMap } from "../lease-api.js";
import { type HolderOf, holderChips, nodeGrid, stateChips } from "./node-grid.js";

export interface BlockDrawer {
  element: HTMLElement;
  /** Shows the block at `path`, loading its nodes. */
  open(path: string): Promise<void>;
  /** Reloads the open block, if any. */
  refresh(): Promise<void>;
  close(): void;
}

export interface BlockDrawerOptions {
  api: ApiClient;
  site: string;
  /** Whether the map is coloured by holder: the drawer's cells follow it. */
  colourByHolder(): boolean;
  onNodeClick(node: FleetNode): void;
  onClose(): void;
  onError(error: unknown): void;
}

export function blockDrawer(options: BlockDrawerOptions): BlockDrawer {
  const title = el("h2", {}, "");
  const content = el("div", { class: "drawer-body" });
  let current: string | null = null;
  const close = () => {
    current = null;
    element.hidden = true;
    options.onClose();
  };
  const element = el(
    "aside",
    { class: "drawer", attrs: { "data-testid": "block-drawer", "aria-label": "Block nodes" } },
    el(
      "header",
      { class: "drawer-header" },
      title,
      el(
        "button",
        { class: "icon-button", attrs: { type: "button", "aria-label": "Close" }, on: { click: close } },
        "×",
      ),
    ),
    content,
  );
  element.hidden = true;

  const load = async (path: string) => {
    const [nodes, map] = await Promise.all([
      nodesUnder(options.api, options.site, path),
      allocationMap(options.api, options.site, path),
    ]);
    if (current !== path) return;
    const gpus = nodes.reduce((sum, n) => sum + n.gpuCount, 0);
    const held = new Map(map.nodes.map((n) => [n.name, n.holder]));
    const describe = nodeHolders(map).describe;
    const holderOf: HolderOf = (node) => {
      const key = held.get(node.name);
      return key === undefined ? undefined : { key, ...describe(key) };
    };
    content.replaceChildren(
      el(
        "p",
        { class: "muted" },
        `${formatCount(nodes.length)} nodes · ${formatCount(gpus)} GPUs · click a node to change its state`,
      ),
      stateChips(nodes),
      el("h3", { class: "drawer-sub" }, "Held by"),
      holderChips(nodes, holderOf),
      nodeGrid(nodes, options.onNodeClick, { holderOf, colourByHolder: options.colourByHolder() }),
    );
    element.dataset.block = path;
    element.dataset.nodes = String(nodes.length);
  };

  const open = async (path: string) => {
    current = path;
    title.textContent = path;
    delete element.dataset.block;
    content.replaceChildren(el("div", { class: "loading" }, "Loading nodes…"));
    element.hidden = false;
    await load(path).catch(options.onError);
  };

  return {
    element,
    open,
    async refresh() {
      if (current) await load(current).catch(options.onError);
    },
    close,
  };
}
