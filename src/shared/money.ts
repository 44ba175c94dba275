/**
 * Exact money. Amounts are integer micro-dollars (bigint): 1 USD = 1,000,000 micros.
 * At the edges they travel as decimal strings ("67.50"); a float never holds money.
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
