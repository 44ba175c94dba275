/**
 * A plain table from rows and column definitions; numbers right-aligned, an empty note when no rows.
 * @module
 */
import { el } from "../element.js";

type Cell = Node | string | number | null | undefined;

export interface Column<T> {
  label: string;
  cell(row: T): Cell;
  /** Right-aligns the column (counts and money). */
  numeric?: boolean;
}

export interface TableOptions<T> {
  /** Shown instead of the table when there are no rows. */
  empty?: string;
  /** Attributes for each row (`data-lease`, …). */
  rowAttrs?(row: T): Record<string, string>;
  testId?: string;
  compact?: boolean;
}

export function dataTable<T>(rows: T[], columns: Column<T>[], options: TableOptions<T> = {}): HTMLElement {
  if (rows.length === 0 && options.empty) return el("p", { class: "empty" }, options.empty);
  const numeric = (c: Column<T>) => (c.numeric ? "num" : "");
  return el(
    "div",
    { class: "table-wrap" },
    el(
      "table",
      {
        class: `data-table${options.compact ? " compact" : ""}`,
        attrs: options.testId ? { "data-testid": options.testId } : {},
      },
      el("thead", {}, el("tr", {}, ...columns.map((c) => el("th", { class: numeric(c) }, c.label)))),
      el(
        "tbody",
        {},
        ...rows.map((row) =>
          el(
            "tr",
            { attrs: options.rowAttrs?.(row) ?? {} },
            ...columns.map((c) => el("td", { class: numeric(c) }, c.cell(row) ?? "—")),
          ),
        ),
      ),
    ),
  );
}
