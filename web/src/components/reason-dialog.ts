/**
 * A modal that asks for a reason (and optionally a date) before a lease action such as cancel or
 * notice; the API records the reason in the lease's history.
 * @module
 */
import { ApiError } from "../api-client.js";
import { el } from "../element.js";

export interface ReasonDialogOptions {
  title: string;
  /** A line under the title: what will happen. */
  explain: string;
  action: string;
  /** Styles the action as destructive (red). */
  danger?: boolean;
  placeholder: string;
  /** Adds an optional date field with this label; its value reaches `submit` as an ISO instant. */
  dateLabel?: string;
  dateHint?: string;
  testId: string;
  submit(reason: string, date: string | undefined): Promise<void>;
}

export function openReasonDialog(options: ReasonDialogOptions): void {
  const reason = el("textarea", {
    attrs: { name: "reason", rows: "3", maxlength: "500", required: "", placeholder: options.placeholder },
  });
  const date = options.dateLabel ? el("input", { attrs: { type: "date", name: "date" } }) : null;
  const error = el("p", { class: "form-error", attrs: { role: "alert" } });
  const confirm = el(
    "button",
    { class: `button ${options.danger ? "danger" : "primary"}`, attrs: { type: "submit" } },
    options.action,
  );
  const form = el(
    "form",
    { attrs: { method: "dialog" } },
    el("h2", {}, options.title),
    el("p", { class: "muted" }, options.explain),
    date
      ? el(
          "label",
          { class: "field" },
          options.dateLabel ?? "",
          date,
          options.dateHint ? el("span", { class: "field-hint" }, options.dateHint) : null,
        )
      : null,
    el("label", { class: "field" }, "Reason", reason),
    error,
    el(
      "div",
      { class: "form-actions" },
      el(
        "button",
        { class: "button", attrs: { type: "button" }, on: { click: () => dialog.close() } },
        "Back",
      ),
      confirm,
    ),
  );
  const dialog = el("dialog", { class: "node-dialog", attrs: { "data-testid": options.testId } }, form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = reason.value.trim();
    if (!text) {
      error.textContent = "Give a reason: it is kept in the lease's history.";
      return;
    }
    confirm.disabled = true;
    error.textContent = "";
    const day = date?.value ? new Date(`${date.value}T00:00:00Z`).toISOString() : undefined;
    options
      .submit(text, day)
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
