/**
 * Turns any failure into the lines a user reads on stderr and the process exit code.
 * @module
 */
import { CommanderError } from "commander";
import { LeaseholdError } from "../shared/errors.js";
import { ApiError, EXIT, ServerUnreachableError, UsageError } from "./cli-errors.js";
import type { TextStream } from "./cli-io.js";
import { terminalSafe } from "./terminal-text.js";

/** `field: message (bound)`, without repeating the field when the message already starts with it. */
export function formatIssue(issue: { field: string; message: string; bound?: string }): string {
  const message = issue.message.startsWith(`${issue.field} `)
    ? issue.message.slice(issue.field.length + 1)
    : issue.message;
  return terminalSafe(`${issue.field}: ${message}${issue.bound ? ` (${issue.bound})` : ""}`, true);
}

/**
 * Writes `error: CODE: message` and one indented line per issue, and returns the exit code:
 * 1 for API, validation and connection errors, 2 for usage errors.
 */
export function reportError(error: unknown, stderr: TextStream): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError) {
    stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof ApiError || error instanceof LeaseholdError) {
    stderr.write(`error: ${error.code}: ${terminalSafe(error.message, true)}\n`);
    for (const issue of error.issues) stderr.write(`  ${formatIssue(issue)}\n`);
    return EXIT.failure;
  }
  if (error instanceof ServerUnreachableError) {
    stderr.write(`error: ${error.message}\n`);
    return EXIT.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`error: ${message}\n`);
  return EXIT.failure;
}
