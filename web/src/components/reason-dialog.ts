/**
 * A modal that asks for a reason (and optionally a date) before a lease action such as cancel or
 * notice; the API records the reason in the lease's history.
 * @module
 */
import { el } from "../element.js";
import { openReasonFormDialog } from "./reason-form-dialog.js";

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
  const date = options.dateLabel ? el("input", { attrs: { type: "date", name: "date" } }) : null;
  openReasonFormDialog({
    ...options,
    fields: [
      date
        ? el(
            "label",
            { class: "field" },
            options.dateLabel ?? "",
            date,
            options.dateHint ? el("span", { class: "field-hint" }, options.dateHint) : null,
          )
        : null,
    ],
    back: { label: "Back" },
    submit: (reason) => {
      if (!reason) return { problem: "Give a reason: it is kept in the lease's history." };
      const day = date?.value ? new Date(`${date.value}T00:00:00Z`).toISOString() : undefined;
      return { change: () => options.submit(reason, day) };
    },
  });
}
