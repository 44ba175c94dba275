/**
 * Corrections to a closed month: the month recomputed from today's history against what its
 * issued documents (the invoice and any notes since) already billed, line by line. Nothing issued
 * ever changes; the difference becomes a credit note (the tenant owes less) or a debit note (more).
 * @module
 */
import { type InvoiceLine, totalOf } from "./invoice-line.js";

export type NoteKind = "credit_note" | "debit_note";

const keyOf = (l: Pick<InvoiceLine, "kind" | "leaseLine">) => `${l.kind}:${l.leaseLine ?? ""}`;

/**
 * The lines that turn `billed` (every line of the month's issued documents) into `recomputed`:
 * one per kind and lease line whose amount moved, with the difference. Empty when nothing moved.
 */
export function adjustmentLines(
  billed: readonly InvoiceLine[],
  recomputed: readonly InvoiceLine[],
): InvoiceLine[] {
  const before = new Map<string, bigint>();
  for (const l of billed) before.set(keyOf(l), (before.get(keyOf(l)) ?? 0n) + l.amountMicros);
  const seen = new Set<string>();
  const out: InvoiceLine[] = [];
  for (const l of recomputed) {
    const key = keyOf(l);
    if (seen.has(key)) continue;
    seen.add(key);
    const now = recomputed.filter((r) => keyOf(r) === key);
    const delta = totalOf(now) - (before.get(key) ?? 0n);
    if (delta === 0n) continue;
    out.push({
      ...l,
      description: `Correction: ${l.description}`,
      quantity: now.length === 1 ? l.quantity : "1",
      unitPriceMicros: null,
      amountMicros: delta,
    });
  }
  for (const l of billed) {
    const key = keyOf(l);
    if (seen.has(key)) continue;
    seen.add(key);
    const delta = -(before.get(key) ?? 0n);
    if (delta !== 0n)
      out.push({
        ...l,
        description: `Correction: ${l.description} (no longer due)`,
        unitPriceMicros: null,
        amountMicros: delta,
      });
  }
  return out;
}

/** A credit note when the adjustment lowers what the tenant owes, else a debit note. */
export function noteKind(lines: readonly InvoiceLine[]): NoteKind {
  return totalOf(lines) < 0n ? "credit_note" : "debit_note";
}
