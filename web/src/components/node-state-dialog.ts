/**
 * A modal form that sets one node's state with a reason (the API records both in the node's history).
 * @module
 */
import type { FleetNode, NodeState } from "../../../src/contract/generated/api.js";
import { NODE_STATES } from "../../../src/fleet/node.js";
import { el } from "../element.js";
import { STATE_STYLES } from "../node-states.js";
import { openReasonFormDialog } from "./reason-form-dialog.js";

/** Opens the dialog; `submit` performs the change and rejects with the error to show. */
export function openNodeStateDialog(
  node: FleetNode,
  submit: (state: NodeState, reason: string) => Promise<void>,
): void {
  const choices = NODE_STATES.map((state) =>
    el(
      "label",
      { class: "state-choice" },
      el("input", {
        attrs: {
          type: "radio",
          name: "state",
          value: state,
          ...(state === node.state ? { checked: "" } : {}),
        },
      }),
      el("span", { class: "swatch", attrs: { style: `background:${STATE_STYLES[state].colour}` } }),
      STATE_STYLES[state].label,
    ),
  );
  openReasonFormDialog({
    title: node.name,
    explain: `${node.path} · ${node.gpuCount} × ${node.gpuModel} · ${STATE_STYLES[node.state].label} since ${new Date(node.stateChangedAt).toLocaleString("en-US")}`,
    fields: [el("fieldset", { class: "state-choices" }, el("legend", {}, "New state"), ...choices)],
    placeholder: "e.g. XID 79: GPU fell off the bus",
    back: { label: "Cancel", value: "cancel" },
    action: "Set state",
    testId: "node-dialog",
    submit: (reason, data) => {
      const picked = data.get("state");
      const state = NODE_STATES.find((s) => s === picked);
      return state ? { change: () => submit(state, reason) } : undefined;
    },
  });
}
