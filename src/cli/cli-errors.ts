/**
 * The failures a command can end with, each mapped to an exit code by report-error.ts.
 * @module
 */
import type { FieldIssue } from "../shared/errors.js";

/** Exit codes: 1 for API and validation errors, 2 for usage errors (bad flags or flag values). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A flag or argument the user got wrong; exits 2 like commander's own usage errors. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** An error answered by the server (or found locally with the server's rules): a code, a message, issues. */
export class ApiError extends Error {
  readonly code: string;
  readonly issues: FieldIssue[];
  /** The HTTP status, or undefined when the error was found locally or on a stream. */
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  /** The server's `error` object as it was sent, for `-o json`; undefined when found locally. */
  readonly body: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      issues?: FieldIssue[];
      status?: number;
      requestId?: string;
      body?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.issues = options.issues ?? [];
    this.status = options.status;
    this.requestId = options.requestId;
    this.body = options.body;
  }
}

/** No answer from the server at all (refused, unknown host, reset). */
export class ServerUnreachableError extends Error {
  readonly server: string;

  constructor(serverUrl: string, cause: string | undefined) {
    super(
      `cannot reach the Leasehold server at ${serverUrl}: start it with \`npm start\` or pass --server` +
        (cause ? ` (${cause})` : ""),
    );
    this.name = "ServerUnreachableError";
    this.server = serverUrl;
  }
}
