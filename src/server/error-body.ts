/**
 * The one error body every route answers with:
 * `{ "error": { "code", "message", "requestId", "issues"?, "candidates"? } }`.
 * @module
 */
import type { Context } from "hono";
import { type FieldIssue, LeaseholdError } from "../shared/errors.js";
import { ERROR_STATUS } from "./error-status.js";

export interface ErrorBody {
  error: { code: string; message: string; requestId: string; issues?: FieldIssue[]; candidates?: string[] };
}

export function errorBody(error: LeaseholdError, requestId: string): ErrorBody {
  return {
    error: {
      code: error.code,
      message: error.message,
      requestId,
      ...(error.issues.length ? { issues: error.issues } : {}),
      ...(error.candidates.length ? { candidates: error.candidates } : {}),
    },
  };
}

/** Renders an error; anything that is not a LeaseholdError is a bug and becomes INTERNAL. */
export function renderError(c: Context, error: unknown): Response {
  const requestId = c.get("requestId") ?? "unknown";
  const known =
    error instanceof LeaseholdError
      ? error
      : new LeaseholdError("INTERNAL", `internal error (request ${requestId})`);
  return c.json(errorBody(known, requestId), ERROR_STATUS[known.code]);
}
