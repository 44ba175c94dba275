/**
 * Parsers for flag values; a bad value is a commander usage error (exit 2) that names the flag's bound.
 * @module
 */
import { InvalidArgumentError } from "commander";

/** A whole number >= 1 (optionally <= max). */
export function positiveInt(max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value.replace(/_/g, ""));
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`must be a whole number from 1 to ${max.toLocaleString("en-US")}.`);
    }
    return n;
  };
}

/** A whole number >= 0, e.g. a seed. */
export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new InvalidArgumentError("must be a whole number from 0 to 4,294,967,295.");
  }
  return n;
}

/** Collects a repeatable flag into an array (`--site a --site b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const INSTANT = /^\d{4}-\d\d-\d\d(?:T\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:\d\d))?$/;

/**
 * An ISO 8601 instant with an offset (`2026-06-01T00:00:00Z`) or a UTC date (`2026-06-01`),
 * normalised to UTC with milliseconds as the API writes it.
 */
export function isoInstant(value: string): string {
  const ms = INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new InvalidArgumentError(
      `must be an ISO 8601 instant like 2026-06-01T00:00:00Z or a UTC date like 2026-06-01 (got "${value}").`,
    );
  }
  return new Date(ms).toISOString();
}
