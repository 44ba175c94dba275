/**
 * The one rounding rule of every invoice: each line is computed exactly, as a fraction of
 * micro-dollars, and rounded once to the cent, half away from zero; a document's total is the sum
 * of its rounded lines, so the lines a tenant adds up always give the total printed.
 * @module
 */

export const MICROS_PER_CENT = 10_000n;

/** numerator / denominator micros rounded to whole cents, half away from zero; in micros. */
export function roundToCents(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new RangeError("denominator must be positive");
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const scaled = denominator * MICROS_PER_CENT;
  const cents = (2n * abs + scaled) / (2n * scaled);
  return (negative ? -cents : cents) * MICROS_PER_CENT;
}

/** A whole quantity over a divisor as a decimal with `decimals` places, rounded half up: (7, 2, 3) → "3.500". */
export function decimalQuantity(numerator: bigint, divisor: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const negative = numerator < 0n;
  const abs = negative ? -numerator : numerator;
  const scaled = (2n * abs * scale + divisor) / (2n * divisor);
  const digits = scaled.toString().padStart(decimals + 1, "0");
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative && scaled > 0n ? `-${text}` : text;
}
