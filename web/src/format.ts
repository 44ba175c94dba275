/**
 * Number formatting for the dashboard: thousands separators, MW with one decimal, dates in UTC.
 * Money is formatted by src/shared/money.ts, as in the CLI.
 * @module
 */

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** 221440 → "221,440". */
export function formatCount(value: number): string {
  return integer.format(value);
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** 30000 → "30K", 1500000 → "1.5M": for axis ticks, where the exact count is in the tooltip. */
export function formatCompactCount(value: number): string {
  return compact.format(value);
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
  battery: "Battery (storage)",
  gas_turbine: "Gas turbine",
  solar: "Solar",
};

/** "gas_turbine" → "Gas turbine"; unknown kinds are shown as they are. */
export function powerSourceLabel(kind: string): string {
  return SOURCE_LABELS[kind] ?? kind;
}

const dateFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});
const dateTimeFormat = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

/** "2026-05-15T00:00:00.000Z" → "May 15, 2026" (UTC). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/** "2026-05-15T09:30:00.000Z" → "May 15, 2026, 09:30 UTC". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTimeFormat.format(date)} UTC`;
}
