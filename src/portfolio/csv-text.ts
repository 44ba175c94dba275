/**
 * CSV as RFC 4180 writes it: comma-separated, fields with a comma, quote or line break quoted,
 * quotes doubled, CRLF or LF line ends. A cell a spreadsheet would run as a formula (`=`, `+`,
 * `@`) is written with a leading apostrophe, which reading strips again.
 * @module
 */

/** Rows of cells with each row's line number (1-based); `error` when a quote is never closed. */
export function parseCsv(text: string): { rows: Array<{ line: number; cells: string[] }>; error?: string } {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRow = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: rowLine, cells: cells.map(unguard) });
    cells = [];
    cell = "";
  };
  while (i < body.length) {
    const ch = body[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === "\n") line++;
        cell += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && body[i + 1] === "\n") i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
    i++;
  }
  if (quoted) return { rows, error: `line ${rowLine}: a quoted field is never closed` };
  if (cell !== "" || cells.length > 0) endRow();
  return { rows };
}

const FORMULA = /^[=+@\t]/;

function unguard(cell: string): string {
  return cell.startsWith("'") && FORMULA.test(cell.slice(1)) ? cell.slice(1) : cell;
}

/** One CSV line (without its line end) of `cells`. */
export function csvLine(cells: ReadonlyArray<string | number | null>): string {
  return cells
    .map((value) => {
      let text = value === null ? "" : String(value);
      if (FORMULA.test(text)) text = `'${text}`;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    })
    .join(",");
}
