/**
 * Turns zod issues into FieldIssues that name the field and the bound, so every validation error
 * reads the same from the API, the CLI and an import file.
 * @module
 */
import type { z } from "zod";
import { type FieldIssue, formatPath } from "./errors.js";

/** A short quote of what was sent; never throws (cycles, BigInt, depth): it then names the type. */
function describeInput(input: unknown): string {
  if (input === undefined) return "nothing";
  try {
    const text = JSON.stringify(input);
    if (text === undefined) return String(input);
    return text.length > 40 ? `${text.slice(0, 37)}...` : text;
  } catch {
    return Array.isArray(input) ? "an array" : typeof input === "object" ? "an object" : typeof input;
  }
}

/** The value at `path` inside `input`, for issues that do not carry their input. */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at: unknown = input;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/**
 * Converts one zod issue (zod 4) into a FieldIssue. `input` is the parsed value, used to quote
 * what was sent when the issue itself does not carry it.
 */
export function toFieldIssue(
  issue: z.core.$ZodIssue,
  prefix: ReadonlyArray<PropertyKey> = [],
  input?: unknown,
): FieldIssue {
  const path = [...prefix, ...issue.path];
  const field = formatPath(path);
  const value = "input" in issue ? issue.input : input === undefined ? undefined : valueAt(input, issue.path);
  const got = value !== undefined || "input" in issue ? ` (got ${describeInput(value)})` : "";
  switch (issue.code) {
    case "invalid_type":
      return {
        field,
        message: `${field} must be ${issue.expected}${got}`,
        bound: `type ${issue.expected}`,
      };
    case "too_small": {
      const op = issue.inclusive === false ? ">" : ">=";
      const unit = issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : "";
      const bound = `${op} ${String(issue.minimum)}${unit}`;
      return { field, message: `${field} must be ${bound}${got}`, bound };
    }
    case "too_big": {
      const op = issue.inclusive === false ? "<" : "<=";
      const unit = issue.origin === "string" ? " characters" : issue.origin === "array" ? " items" : "";
      const bound = `${op} ${String(issue.maximum)}${unit}`;
      return { field, message: `${field} must be ${bound}${got}`, bound };
    }
    case "invalid_value": {
      const bound = `one of ${issue.values.map((v) => String(v)).join("|")}`;
      return { field, message: `${field} must be ${bound}${got}`, bound };
    }
    case "unrecognized_keys": {
      const keys = issue.keys.join(", ");
      const at = path.length ? `${field}.${issue.keys[0]}` : (issue.keys[0] ?? field);
      return {
        field: at,
        message: `unknown field${issue.keys.length > 1 ? "s" : ""} ${keys}${path.length ? ` at ${field}` : ""}`,
        bound: "no unknown fields",
      };
    }
    case "not_multiple_of":
      return {
        field,
        message: `${field} must be a multiple of ${String(issue.divisor)}${got}`,
        bound: `multiple of ${String(issue.divisor)}`,
      };
    case "invalid_format":
      if (issue.format === "regex" && issue.pattern) {
        return {
          field,
          message: `${field} must match ${issue.pattern}${got}`,
          bound: `pattern ${issue.pattern}`,
        };
      }
      return {
        field,
        message: `${field} must be a valid ${issue.format}${got}`,
        bound: `format ${issue.format}`,
      };
    default:
      return { field, message: `${field}: ${issue.message}${got}` };
  }
}

/** All issues of a failed parse, with an optional path prefix and the input that failed. */
export function toFieldIssues(
  error: z.ZodError,
  prefix: ReadonlyArray<PropertyKey> = [],
  input?: unknown,
): FieldIssue[] {
  return error.issues.map((issue) => toFieldIssue(issue, prefix, input));
}
