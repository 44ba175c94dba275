/**
 * The printable invoice (or note): one self-contained HTML page, no script and no external asset,
 * laid out for A4/Letter, that Chromium prints to the PDF a tenant's finance team files.
 * @module
 */
import { formatMoney, formatRate, wireAmount, wireRate } from "../shared/money.js";
import type { InvoiceLine } from "./invoice-line.js";

export interface PrintableDocument {
  kind: "invoice" | "credit_note" | "debit_note";
  status: "draft" | "issued";
  number: string | null;
  id: string;
  period: string;
  issuedAt: string | null;
  tenantName: string;
  leaseName: string;
  siteName: string;
  correctsNumber: string | null;
  lines: readonly InvoiceLine[];
  totalMicros: bigint;
  availabilityBps: number;
  deliveredGpuHours: string;
}

const TITLES = { invoice: "Invoice", credit_note: "Credit note", debit_note: "Debit note" } as const;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

const STYLE = `
@page { size: A4; margin: 18mm 16mm; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 0; }
header { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 2px solid #111; padding-bottom: 10px; }
h1 { font-size: 20pt; margin: 0; }
.draft { color: #b00020; font-weight: 700; letter-spacing: .1em; }
dl { display: grid; grid-template-columns: max-content auto; gap: 2px 14px; margin: 14px 0; }
dt { color: #555; } dd { margin: 0; }
table { width: 100%; border-collapse: collapse; margin-top: 10px; }
th, td { padding: 6px 4px; border-bottom: 1px solid #ddd; vertical-align: top; }
th { text-align: left; font-size: 9pt; text-transform: uppercase; color: #555; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tfoot td { font-weight: 700; border-top: 2px solid #111; border-bottom: none; }
footer { margin-top: 18px; font-size: 9pt; color: #555; }
`;

/** The whole HTML page of a document. */
export function invoiceHtml(d: PrintableDocument): string {
  const title = TITLES[d.kind];
  const rows = d.lines
    .map(
      (
        l,
      ) => `<tr><td>${escapeHtml(l.description)}</td><td class="num">${escapeHtml(l.quantity)} ${escapeHtml(l.unit)}</td>
<td class="num">${l.unitPriceMicros === null ? "" : escapeHtml(formatRate(wireRate(l.unitPriceMicros)))}</td>
<td class="num">${escapeHtml(formatMoney(wireAmount(l.amountMicros)))}</td></tr>`,
    )
    .join("\n");
  const number = d.number ?? "not yet numbered";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`${title} ${number}`)}</title><style>${STYLE}</style></head>
<body>
<header><div><h1>${escapeHtml(title)} ${escapeHtml(number)}</h1>${d.status === "draft" ? '<div class="draft">DRAFT — NOT A TAX DOCUMENT</div>' : ""}</div>
<div>Leasehold</div></header>
<dl>
<dt>Billed to</dt><dd>${escapeHtml(d.tenantName)}</dd>
<dt>Lease</dt><dd>${escapeHtml(d.leaseName)} at ${escapeHtml(d.siteName)}</dd>
<dt>Period</dt><dd>${escapeHtml(d.period)} (UTC)</dd>
<dt>Issued</dt><dd>${escapeHtml(d.issuedAt ?? "not issued")}</dd>
${d.correctsNumber ? `<dt>Corrects</dt><dd>${escapeHtml(d.correctsNumber)}</dd>` : ""}
<dt>Delivered</dt><dd>${escapeHtml(d.deliveredGpuHours)} GPU-hours, availability ${(d.availabilityBps / 100).toFixed(2)}%</dd>
<dt>Document id</dt><dd>${escapeHtml(d.id)}</dd>
</dl>
<table>
<thead><tr><th>Description</th><th class="num">Quantity</th><th class="num">Unit price</th><th class="num">Amount (USD)</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><td colspan="3">Total</td><td class="num">${escapeHtml(formatMoney(wireAmount(d.totalMicros)))}</td></tr></tfoot>
</table>
<footer>Each line is computed exactly and rounded once to the cent, half away from zero; the total is the sum of the lines.
An issued document never changes: corrections are issued as credit or debit notes.</footer>
</body></html>
`;
}
