/**
 * Turns any failure into what a user reads on stderr and the process exit code: lines of text,
 * or with `-o json` one JSON error body (the API's own, as it was sent, when the server answered).
 * @module
 */
import { CommanderError } from "commander";
import { LeaseholdError } from "../shared/errors.js";
import { ApiError, EXIT, ServerUnreachableError, UsageError } from "./cli-errors.js";
import type { TextStream } from "./cli-io.js";
import type { OutputFormat } from "./output.js";
import { terminalSafe } from "./terminal-text.js";

/** `field: message (bound)`, without repeating the field when the message already starts with it. */
export function formatIssue(issue: { field: string; message: string; bound?: string }): string {
  const message = issue.message.startsWith(`${issue.field} `)
    ? issue.message.slice(issue.field.length + 1)
    : issue.message;
  return terminalSafe(`${issue.field}: ${message}${issue.bound ? ` (${issue.bound})` : ""}`, true);
}

/** Exit 1 for API, validation and connection errors, 2 for usage errors. */
function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  return error instanceof UsageError ? EXIT.usage : EXIT.failure;
}

/**
 * The error as the API's body shape, `{ "error": { "code", "message", … } }`: the server's own
 * object when it answered; USAGE for a bad command line, SERVER_UNREACHABLE (with the server)
 * when nothing answered.
 */
function errorJson(error: unknown): { error: Record<string, unknown> } {
  if (error instanceof ApiError && error.body) return { error: error.body };
  if (error instanceof ApiError || error instanceof LeaseholdError) {
    return {
      error: {
        code: error.code,
        message: error.message,
        ...(error.issues.length ? { issues: error.issues } : {}),
      },
    };
  }
  if (error instanceof ServerUnreachableError)
    return { error: { code: "SERVER_UNREACHABLE", message: error.message, server: error.server } };
  if (error instanceof CommanderError || error instanceof UsageError)
    return { error: { code: "USAGE", message: error.message.replace(/^error: /, "") } };
  return { error: { code: "INTERNAL", message: error instanceof Error ? error.message : String(error) } };
}

/** The error as text: `error: CODE: message` and one indented line per issue. */
function errorText(error: unknown): string {
  if (error instanceof ApiError || error instanceof LeaseholdError) {
    const issues = error.issues.map((issue) => `  ${formatIssue(issue)}\n`).join("");
    return `error: ${error.code}: ${terminalSafe(error.message, true)}\n${issues}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `error: ${terminalSafe(message, true)}\n`;
}

/**
 * Writes the error once to stderr and returns the exit code. Commander has already printed its
 * own usage errors as text, so they are written here only as JSON (commander is told to stay
 * quiet then, see program.ts).
 */
export function reportError(error: unknown, stderr: TextStream, format: OutputFormat = "table"): number {
  const code = exitCodeOf(error);
  if (code === EXIT.ok) return code;
  if (format === "json") stderr.write(`${JSON.stringify(errorJson(error))}\n`);
  else if (!(error instanceof CommanderError)) stderr.write(errorText(error));
  return code;
}
