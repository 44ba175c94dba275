/**
 * Number formatting for the dashboard: thousands separators, MW with one decimal, money to the cent.
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

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** An exact decimal string split into sign, digits and scale: "-12.50" → { negative, units: 1250n, scale: 100n }. */
function parseDecimal(decimal: string): { negative: boolean; units: bigint; scale: bigint } | undefined {
  const match = DECIMAL.exec(decimal.trim());
  if (!match) return undefined;
  const [, sign, whole = "0", frac = ""] = match;
  return { negative: sign === "-", units: BigInt(whole + frac), scale: 10n ** BigInt(frac.length) };
}

/** "2406734400" → "2,406,734,400". */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** numerator / denominator for non-negative integers, rounded half up. */
function divideRoundingHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

/** A whole number of hundredths as "1,234.56". */
function hundredthsText(hundredths: bigint): string {
  const digits = hundredths.toString().padStart(3, "0");
  return `${groupThousands(digits.slice(0, -2))}.${digits.slice(-2)}`;
}

/**
 * An exact decimal amount as dollars to the cent, rounded half up on the decimal string, never through
 * a float: "509287366.189597" → "$509,287,366.19", "0.005" → "$0.01", "-1234.5" → "-$1,234.50".
 * Text that is not a decimal is shown as it is.
 */
export function formatMoney(decimal: string): string {
  const amount = parseDecimal(decimal);
  if (!amount) return decimal;
  const cents = divideRoundingHalfUp(amount.units * 100n, amount.scale);
  return `${amount.negative && cents > 0n ? "-" : ""}$${hundredthsText(cents)}`;
}

/**
 * A unit price shown exactly, with at least two decimals: "2.10" → "$2.10", "2.105000" → "$2.105".
 * Rounding a per-GPU-hour rate to the cent would misstate the contract.
 */
export function formatRate(decimal: string): string {
  const match = DECIMAL.exec(decimal.trim());
  if (!match) return decimal;
  const [, sign, whole = "0", frac = ""] = match;
  const decimals = frac.replace(/0+$/, "").padEnd(2, "0");
  return `${sign}$${groupThousands(whole)}.${decimals}`;
}

const SHORT_UNITS: ReadonlyArray<readonly [bigint, string]> = [
  [10n ** 12n, "T"],
  [10n ** 9n, "B"],
  [10n ** 6n, "M"],
  [10n ** 3n, "K"],
];

/**
 * A large decimal amount shortened for headlines, two decimals rounded half up on the decimal string:
 * "2406734400.00" → "$2.41B"; amounts under $1,000.00 (to the cent) are shown as by {@link formatMoney}.
 */
export function formatMoneyShort(decimal: string): string {
  const amount = parseDecimal(decimal);
  if (!amount) return decimal;
  const cents = divideRoundingHalfUp(amount.units * 100n, amount.scale);
  const unit = SHORT_UNITS.find(([size]) => cents >= size * 100n);
  if (!unit) return formatMoney(decimal);
  const [size, suffix] = unit;
  const hundredths = divideRoundingHalfUp(amount.units * 100n, amount.scale * size);
  return `${amount.negative ? "-" : ""}$${hundredthsText(hundredths)}${suffix}`;
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
