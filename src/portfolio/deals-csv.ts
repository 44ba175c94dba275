/**
 * A portfolio's deals as CSV, one deal a row under a header of column names (any order; the
 * columns a deal does not use may be left out or empty). Import reads every row and names each bad
 * one by its line, field and bound; export writes what import reads back.
 * @module
 */
import type { FieldIssue } from "../shared/errors.js";
import { formatMicros } from "../shared/money.js";
import { csvLine, parseCsv } from "./csv-text.js";
import type { Deal } from "./deal.js";
import { type DealDraft, readDealInput } from "./deal-input.js";

export const DEAL_COLUMNS = [
  "name",
  "provider",
  "chip",
  "kind",
  "powerMw",
  "gpus",
  "kwPerGpu",
  "onlineAt",
  "rampMonths",
  "termMonths",
  "committedSpend",
  "lease",
  "launchYear",
  "powerSource",
  "costPerMw",
] as const;
type Column = (typeof DEAL_COLUMNS)[number];

const NUMERIC: ReadonlySet<Column> = new Set([
  "powerMw",
  "gpus",
  "kwPerGpu",
  "rampMonths",
  "termMonths",
  "launchYear",
]);
const REQUIRED: readonly Column[] = ["name", "provider", "chip", "onlineAt"];

/** At most this many deals in one file. */
export const MAX_CSV_DEALS = 20_000;
/** At most this many issues reported for one file. */
export const MAX_CSV_ISSUES = 100;

/** What a deals CSV holds: its drafts and each one's line, or every problem found (by `line N.field`). */
export interface DealsCsv {
  drafts: DealDraft[];
  /** The line of each draft. */
  lines: number[];
  issues: FieldIssue[];
}

export function readDealsCsv(text: string): DealsCsv {
  const parsed = parseCsv(text);
  if (parsed.error)
    return { drafts: [], lines: [], issues: [{ field: "csv", message: parsed.error, bound: "RFC 4180" }] };
  const [header, ...rows] = parsed.rows;
  if (!header)
    return {
      drafts: [],
      lines: [],
      issues: [{ field: "csv", message: "the file is empty: it needs a header row", bound: "a header row" }],
    };
  const issues: FieldIssue[] = [];
  const columns = header.cells.map((c) => c.trim());
  columns.forEach((c, i) => {
    if (!(DEAL_COLUMNS as readonly string[]).includes(c))
      issues.push({
        field: `line 1.${c || `column ${i + 1}`}`,
        message: `line 1: unknown column ${JSON.stringify(c)} (columns: ${DEAL_COLUMNS.join(", ")})`,
        bound: `one of ${DEAL_COLUMNS.join("|")}`,
      });
    else if (columns.indexOf(c) !== i)
      issues.push({
        field: `line 1.${c}`,
        message: `line 1: column ${c} appears twice`,
        bound: "each column once",
      });
  });
  for (const c of REQUIRED)
    if (!columns.includes(c))
      issues.push({
        field: `line 1.${c}`,
        message: `line 1: the header lacks the column ${c}`,
        bound: "required column",
      });
  if (rows.length > MAX_CSV_DEALS)
    issues.push({
      field: "csv",
      message: `the file holds ${rows.length} deals; at most ${MAX_CSV_DEALS}`,
      bound: `<= ${MAX_CSV_DEALS} rows`,
    });
  if (issues.length > 0) return { drafts: [], lines: [], issues };
  const drafts: DealDraft[] = [];
  const lines: number[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const at = `line ${row.line}`;
    if (row.cells.length !== columns.length) {
      issues.push({
        field: at,
        message: `${at}: ${row.cells.length} fields where the header has ${columns.length}`,
        bound: `${columns.length} fields`,
      });
      continue;
    }
    const input: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const cell = (row.cells[i] ?? "").trim();
      if (cell === "") return;
      input[c] =
        NUMERIC.has(c as Column) && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(cell) ? Number(cell) : cell;
    });
    const { draft, issues: rowIssues } = readDealInput(input, at);
    if (draft) {
      const first = seen.get(draft.name);
      if (first !== undefined)
        issues.push({
          field: `${at}.name`,
          message: `${at}.name: ${draft.name} is already the deal of line ${first}`,
          bound: "unique name",
        });
      else seen.set(draft.name, row.line);
      drafts.push(draft);
      lines.push(row.line);
    }
    issues.push(...rowIssues);
    if (issues.length >= MAX_CSV_ISSUES) break;
  }
  const failed = issues.length > 0;
  return {
    drafts: failed ? [] : drafts,
    lines: failed ? [] : lines,
    issues: issues.slice(0, MAX_CSV_ISSUES),
  };
}

/** The deals as CSV with a header; `leaseName` names a linked lease as import will read it. */
export function writeDealsCsv(deals: readonly Deal[], leaseName: (id: string) => string): string {
  const lines = [csvLine(DEAL_COLUMNS)];
  for (const d of deals) {
    const row: Record<Column, string | number | null> = {
      name: d.name,
      provider: d.provider,
      chip: d.chip,
      kind: d.kind,
      powerMw: d.powerMw,
      gpus: d.gpus,
      kwPerGpu: d.kwPerGpu,
      onlineAt: d.onlineAt,
      rampMonths: d.rampMonths,
      termMonths: d.termMonths,
      committedSpend: d.committedSpendMicros === null ? null : formatMicros(d.committedSpendMicros, 2),
      lease: d.leaseId === null ? null : leaseName(d.leaseId),
      launchYear: d.orbital?.launchYear ?? null,
      powerSource: d.orbital?.powerSource ?? null,
      costPerMw: d.orbital ? formatMicros(d.orbital.costMicrosPerMw, 2) : null,
    };
    lines.push(csvLine(DEAL_COLUMNS.map((c) => row[c])));
  }
  return `${lines.join("\n")}\n`;
}
