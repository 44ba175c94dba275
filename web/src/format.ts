/**
 * Number formatting for the dashboard: thousands separators, MW with one decimal.
 * @module
 */

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 221440 → "221,440". */
export function formatCount(value: number): string {
  return integer.format(value);
}

/** 297.258 → "297.3 MW". */
export function formatMw(value: number): string {
  return `${formatOneDecimal(value)} MW`;
}

/** 1234.56 → "1,234.6", for labels whose unit is shown elsewhere. */
export function formatOneDecimal(value: number): string {
  return oneDecimal.format(value);
}

/** A share of a whole as a percentage with one decimal; "0.0%" when the whole is zero. */
export function formatShare(part: number, whole: number): string {
  return `${formatOneDecimal(whole === 0 ? 0 : (part / whole) * 100)}%`;
}

const SOURCE_LABELS: Record<string, string> = {
  grid: "Grid",
  battery: "Battery",
  gas_turbine: "Gas turbine",
  solar: "Solar",
};

/** "gas_turbine" → "Gas turbine"; unknown kinds are shown as they are. */
export function powerSourceLabel(kind: string): string {
  return SOURCE_LABELS[kind] ?? kind;
}
