/**
 * The shell of the dashboard's modal forms that change something with a reason the API keeps in
 * its history: title, a line of context, the form's own fields, the reason, an error line, and
 * a back and a submit button. Submitting disables the button until the change settles; a failed
 * change shows its error code and message, a successful one closes the dialog.
 * @module
 */
import { ApiError } from "../api-client.js";
import { el } from "../element.js";

/** What submitting does: make `change` (awaited), show `problem` instead, or nothing (undefined). */
export type ReasonFormSubmit = { change: () => Promise<void> } | { problem: string } | undefined;

export interface ReasonFormDialogOptions {
  title: string;
  /** The muted line under the title. */
  explain: string;
  /** The form's own fields, shown above the reason. */
  fields: Array<Node | null>;
  placeholder: string;
  /** The button that closes the dialog without a change; `value` is set on it when given. */
  back: { label: string; value?: string };
  action: string;
  /** Styles the action as destructive (red). */
  danger?: boolean;
  testId: string;
  /** Decides the change from the trimmed reason and the form's data. */
  submit(reason: string, data: FormData): ReasonFormSubmit;
}

/** Opens the dialog, focused on the reason; it removes itself from the page when closed. */
export function openReasonFormDialog(options: ReasonFormDialogOptions): void {
  const reason = el("textarea", {
    attrs: { name: "reason", rows: "3", maxlength: "500", required: "", placeholder: options.placeholder },
  });
  const error = el("p", { class: "form-error", attrs: { role: "alert" } });
  const confirm = el(
    "button",
    { class: `button ${options.danger ? "danger" : "primary"}`, attrs: { type: "submit" } },
    options.action,
  );
  const back = el(
    "button",
    {
      class: "button",
      attrs: { type: "button", ...(options.back.value ? { value: options.back.value } : {}) },
      on: { click: () => dialog.close() },
    },
    options.back.label,
  );
  const form = el(
    "form",
    { attrs: { method: "dialog" } },
    el("h2", {}, options.title),
    el("p", { class: "muted" }, options.explain),
    ...options.fields,
    el("label", { class: "field" }, "Reason", reason),
    error,
    el("div", { class: "form-actions" }, back, confirm),
  );
  const dialog = el("dialog", { class: "node-dialog", attrs: { "data-testid": options.testId } }, form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const outcome = options.submit(reason.value.trim(), new FormData(form));
    if (!outcome) return;
    if ("problem" in outcome) {
      error.textContent = outcome.problem;
      return;
    }
    confirm.disabled = true;
    error.textContent = "";
    outcome
      .change()
      .then(() => dialog.close())
      .catch((failure: unknown) => {
        error.textContent =
          failure instanceof ApiError ? `${failure.code}: ${failure.message}` : String(failure);
        confirm.disabled = false;
      });
  });
  dialog.addEventListener("close", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  reason.focus();
}
