/**
 * Exact percentages: decimal strings ("99.95", "25") to integer basis points (9,995, 2,500).
 * @module
 */

const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** Parses "0".."100" with at most two decimals into basis points; undefined if malformed or above 100. */
export function parseBps(text: string): number | undefined {
  const m = PERCENT.exec(text.trim());
  if (!m) return undefined;
  const bps = Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  return bps <= 10_000 ? bps : undefined;
}

/** Formats basis points as a percentage string: 9,995 → "99.95". */
export function formatBps(bps: number): string {
  const whole = Math.floor(bps / 100);
  const frac = bps % 100;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}
