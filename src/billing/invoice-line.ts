/**
 * One line of an invoice or a note, and the sum of a document's lines.
 * @module
 */

export const LINE_KINDS = [
  "gpu_hours",
  "monthly_fee",
  "ramp_discount",
  "take_or_pay",
  "sla_credit",
  "power",
] as const;
export type LineKind = (typeof LINE_KINDS)[number];

export interface InvoiceLine {
  kind: LineKind;
  /** The lease line it bills (`h100`), or null for lines of the whole lease. */
  leaseLine: string | null;
  description: string;
  /** What was counted, as a decimal string with its unit in `unit` ("512000.000" GPU-hours). */
  quantity: string;
  unit: string;
  /** The price per unit in micros, or null when the line is not quantity × price. */
  unitPriceMicros: bigint | null;
  /** The line's amount, micros, a whole number of cents (see cents.ts). */
  amountMicros: bigint;
}

/** A document's total: the sum of its lines, each already rounded to the cent. */
export function totalOf(lines: readonly Pick<InvoiceLine, "amountMicros">[]): bigint {
  return lines.reduce((sum, l) => sum + l.amountMicros, 0n);
}
