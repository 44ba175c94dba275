/**
 * A modal form that sets one node's state with a reason (the API records both in the node's history).
 * @module
 */
import { ApiError } from "../api-client.js";
import { type FleetNode, NODE_STATES, type NodeState } from "../api-types.js";
import { el } from "../element.js";
import { STATE_STYLES } from "../node-states.js";

/** Opens the dialog; `submit` performs the change and rejects with the error to show. */
export function openNodeStateDialog(
  node: FleetNode,
  submit: (state: NodeState, reason: string) => Promise<void>,
): void {
  const reason = el("textarea", {
    attrs: {
      name: "reason",
      rows: "3",
      maxlength: "500",
      required: "",
      placeholder: "e.g. XID 79: GPU fell off the bus",
    },
  });
  const error = el("p", { class: "form-error", attrs: { role: "alert" } });
  const save = el("button", { class: "button primary", attrs: { type: "submit" } }, "Set state");
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
  const form = el(
    "form",
    { attrs: { method: "dialog" } },
    el("h2", {}, node.name),
    el(
      "p",
      { class: "muted" },
      `${node.path} · ${node.gpuCount} × ${node.gpuModel} · ${STATE_STYLES[node.state].label} since ${new Date(node.stateChangedAt).toLocaleString("en-US")}`,
    ),
    el("fieldset", { class: "state-choices" }, el("legend", {}, "New state"), ...choices),
    el("label", { class: "field" }, "Reason", reason),
    error,
    el(
      "div",
      { class: "form-actions" },
      el(
        "button",
        { class: "button", attrs: { type: "button", value: "cancel" }, on: { click: () => dialog.close() } },
        "Cancel",
      ),
      save,
    ),
  );
  const dialog = el("dialog", { class: "node-dialog", attrs: { "data-testid": "node-dialog" } }, form);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const picked = new FormData(form).get("state");
    const state = NODE_STATES.find((s) => s === picked);
    if (!state) return;
    save.disabled = true;
    error.textContent = "";
    submit(state, reason.value.trim())
      .then(() => dialog.close())
      .catch((failure: unknown) => {
        error.textContent =
          failure instanceof ApiError ? `${failure.code}: ${failure.message}` : String(failure);
        save.disabled = false;
      });
  });
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  reason.focus();
}
