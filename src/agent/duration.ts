/**
 * Durations as people type them on a command line: `10s`, `500ms`, `2m`, `1h`, or bare seconds.
 * @module
 */

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** Milliseconds in `text`, or undefined when it is not a positive duration. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? "s"] ?? 1_000);
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : undefined;
}
