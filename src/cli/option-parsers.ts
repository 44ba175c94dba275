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
