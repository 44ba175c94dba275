/**
 * Exact money. Amounts are integer micro-dollars (bigint): 1 USD = 1,000,000 micros.
 * At the edges they travel as decimal strings ("67.50"); a float never holds money. People read
 * them through the formatters here, which the CLI and the dashboard share.
 * @module
 */

export const MICROS_PER_UNIT = 1_000_000n;

const DECIMAL = /^(-)?(\d{1,15})(?:\.(\d{1,6}))?$/;

/** Parses a decimal string with at most 6 fractional digits into micros; undefined if malformed. */
export function parseMicros(text: string): bigint | undefined {
  const m = DECIMAL.exec(text.trim());
  if (!m) return undefined;
  const whole = BigInt(m[2] ?? "0");
  const frac = BigInt((m[3] ?? "").padEnd(6, "0"));
  const value = whole * MICROS_PER_UNIT + frac;
  return m[1] ? -value : value;
}

/** Formats micros as a decimal string with `decimals` fractional digits (2..6), truncating nothing. */
export function formatMicros(micros: bigint, decimals = 2): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const whole = abs / MICROS_PER_UNIT;
  let frac = (abs % MICROS_PER_UNIT).toString().padStart(6, "0");
  while (frac.length > decimals && frac.endsWith("0")) frac = frac.slice(0, -1);
  return `${negative ? "-" : ""}${whole}.${frac}`;
}

/** Micros per cent. */
const MICROS_PER_CENT = 10_000n;

/**
 * An amount on the wire: decimal dollars at a fixed scale of cents ("12189696.00"), rounded half
 * up (away from zero) when the micros hold a fraction of a cent.
 */
export function wireAmount(micros: bigint): string {
  const negative = micros < 0n;
  const abs = negative ? -micros : micros;
  const cents = (abs + MICROS_PER_CENT / 2n) / MICROS_PER_CENT;
  const digits = cents.toString().padStart(3, "0");
  return `${negative && cents > 0n ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A rate on the wire (per GPU-hour, per MWh): decimal dollars at a fixed scale of micros ("2.100000"). */
export function wireRate(micros: bigint): string {
  return formatMicros(micros, 6);
}

const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

/** An exact decimal string as sign, digits and scale: "-12.50" → { negative, units: 1250n, scale: 100n }. */
function parseDecimal(text: string): { negative: boolean; units: bigint; scale: bigint } | undefined {
  const match = DECIMAL_TEXT.exec(text.trim());
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
 * An exact decimal dollar amount to the cent, rounded half up on the decimal digits, never through a
 * float: "509287366.189597" → "$509,287,366.19", "0.005" → "$0.01", "-1234.5" → "-$1,234.50".
 * Text that is not a decimal is shown as it is.
 */
export function formatMoney(amount: string): string {
  const decimal = parseDecimal(amount);
  if (!decimal) return amount;
  const cents = divideRoundingHalfUp(decimal.units * 100n, decimal.scale);
  return `${decimal.negative && cents > 0n ? "-" : ""}$${hundredthsText(cents)}`;
}

/**
 * A unit price shown exactly, with at least two decimals: "2.10" → "$2.10", "2.105000" → "$2.105".
 * Rounding a per-GPU-hour rate to the cent would misstate the contract.
 */
export function formatRate(amount: string): string {
  const match = DECIMAL_TEXT.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole = "0", frac = ""] = match;
  return `${sign}$${groupThousands(whole)}.${frac.replace(/0+$/, "").padEnd(2, "0")}`;
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
export function formatMoneyShort(amount: string): string {
  const decimal = parseDecimal(amount);
  if (!decimal) return amount;
  const cents = divideRoundingHalfUp(decimal.units * 100n, decimal.scale);
  const unit = SHORT_UNITS.find(([size]) => cents >= size * 100n);
  if (!unit) return formatMoney(amount);
  const [size, suffix] = unit;
  const hundredths = divideRoundingHalfUp(decimal.units * 100n, decimal.scale * size);
  return `${decimal.negative ? "-" : ""}$${hundredthsText(hundredths)}${suffix}`;
}
