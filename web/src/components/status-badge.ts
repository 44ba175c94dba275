/**
 * A lease's status as a coloured pill ("Active", "Ending", …).
 * @module
 */
import type { LeaseStatus } from "../../../src/contract/generated/api.js";
import { el } from "../element.js";
import { STATUS_STYLES } from "../lease-styles.js";

export function statusBadge(status: LeaseStatus): HTMLElement {
  const style = STATUS_STYLES[status] ?? { label: status, colour: "#9aa5b1" };
  return el(
    "span",
    {
      class: "status-badge",
      attrs: { "data-status": status, style: `--status:${style.colour}` },
    },
    el("span", { class: "status-dot", attrs: { "aria-hidden": "true" } }),
    style.label,
  );
}
