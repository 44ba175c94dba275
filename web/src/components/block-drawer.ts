/**
 * A side panel with one block's nodes; opened by clicking a block on the map.
 * @module
 */
import type { FleetNode } from "../../../src/contract/generated/api.js";
import type { ApiClient } from "../api-client.js";
import { el } from "../element.js";
import { nodesUnder } from "../fleet-api.js";
import { formatCount } from "../format.js";
import { nodeGrid, stateChips } from "./node-grid.js";

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
    const nodes = await nodesUnder(options.api, options.site, path);
    if (current !== path) return;
    const gpus = nodes.reduce((sum, n) => sum + n.gpuCount, 0);
    content.replaceChildren(
      el(
        "p",
        { class: "muted" },
        `${formatCount(nodes.length)} nodes · ${formatCount(gpus)} GPUs · click a node to change its state`,
      ),
      stateChips(nodes),
      nodeGrid(nodes, options.onNodeClick),
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
