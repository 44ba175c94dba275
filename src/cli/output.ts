/**
 * Rendering for people and for scripts: aligned tables with thousands separators, key/value
 * blocks, and the API's JSON payload printed as is (2-space indent).
 * @module
 */
import type { TextStream } from "./cli-io.js";
import { terminalSafe } from "./terminal-text.js";

export const OUTPUT_FORMATS = ["table", "json", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

const COUNT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat("en-US", { maximumFractionDigits: 3 });

/** 221440 → "221,440". */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** A measured figure (MW, PUE) with separators and at most 3 decimals: 1234.5 → "1,234.5". */
export function formatDecimal(n: number): string {
  return DECIMAL.format(n);
}

/** One table column: a header, how to read the cell, and alignment (numbers align right by default). */
export interface Column<T> {
  header: string;
  value: (row: T) => string | number;
  align?: "left" | "right";
}

/** Renders rows as aligned columns separated by two spaces; integers get thousands separators. */
export function renderTable<T>(columns: ReadonlyArray<Column<T>>, rows: readonly T[]): string {
  const cells = rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      return typeof v === "number" ? formatDecimal(v) : terminalSafe(v, true);
    }),
  );
  const rightAligned = columns.map(
    (c, i) =>
      c.align === "right" || (c.align === undefined && rows.length > 0 && isNumeric(columns, i, rows)),
  );
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? "").length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => {
        const width = widths[i] ?? 0;
        return rightAligned[i] ? v.padStart(width) : v.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  return `${[line(columns.map((c) => c.header)), ...cells.map(line)].join("\n")}\n`;
}

function isNumeric<T>(columns: ReadonlyArray<Column<T>>, index: number, rows: readonly T[]): boolean {
  const column = columns[index];
  return column !== undefined && rows.every((r) => typeof column.value(r) === "number");
}

/** Renders label/value pairs as an aligned block: `Name:  colossus-1`. */
export function renderFields(fields: ReadonlyArray<readonly [string, string | number]>): string {
  const width = Math.max(...fields.map(([label]) => label.length + 1));
  return fields
    .map(([label, value]) => {
      const text = typeof value === "number" ? formatDecimal(value) : terminalSafe(value, true);
      return `${`${label}:`.padEnd(width)}  ${text}\n`;
    })
    .join("");
}

/** Prints a payload as JSON exactly as the API sent it. */
export function printJson(stream: TextStream, payload: unknown): void {
  stream.write(`${JSON.stringify(payload, null, 2)}\n`);
}

/**
 * Prints the payload as JSON, the table text built from it, or with `-o csv` its CSV (a command
 * whose output is no table prints JSON for csv).
 */
export function emit<T>(
  stream: TextStream,
  format: OutputFormat,
  payload: T,
  table: (p: T) => string,
  csv?: (p: T) => string,
): void {
  if (format === "json" || (format === "csv" && !csv)) printJson(stream, payload);
  else if (format === "csv" && csv) stream.write(csv(payload));
  else stream.write(table(payload));
}

/**
 * The output format the command line asks for (`-o json`, `-ojson`, `--output json`,
 * `--output=json`), read before commander parses it, so that an error found while parsing is
 * reported in that format too.
 */
export function outputFormatIn(argv: readonly string[]): OutputFormat {
  let format: OutputFormat = "table";
  for (const [i, arg] of argv.entries()) {
    if (arg === "--") break;
    const value =
      arg === "-o" || arg === "--output"
        ? argv[i + 1]
        : arg.startsWith("--output=")
          ? arg.slice("--output=".length)
          : arg.startsWith("-o") && arg.length > 2
            ? arg.slice(2)
            : undefined;
    if (value === "json" || value === "table") format = value;
  }
  return format;
}
