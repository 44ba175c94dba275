/**
 * The CLI's client of the HTTP API: the shared typed client (src/contract) with the server's
 * error answers as ApiError and no answer at all as ServerUnreachableError naming the server.
 * @module
 */
import { createLeaseholdApi, type ErrorAnswer, type LeaseholdApi } from "../contract/client.js";
import { ApiError, ServerUnreachableError } from "./cli-errors.js";

/** Why a fetch failed: Node's error code (ECONNREFUSED, ENOTFOUND…) or the underlying message. */
function causeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error.message;
}

/** An ApiError from the server's error answer (an HTTP body, or an NDJSON `error` line without a status). */
export function apiErrorOf(answer: ErrorAnswer, status: number | undefined = answer.status): ApiError {
  return new ApiError(answer.code, answer.message, {
    issues: answer.issues,
    status,
    requestId: answer.requestId,
    ...(answer.body ? { body: answer.body } : {}),
  });
}

/** A 401 names the server that refused the key: the key may be right for another one. */
function namingServer(answer: ErrorAnswer, baseUrl: string): ErrorAnswer {
  return answer.status === 401 ? { ...answer, message: `${answer.message} (server ${baseUrl})` } : answer;
}

/** A client of `server` (a base URL, e.g. http://127.0.0.1:7300) that calls with `apiKey`. */
export function cliApi(server: string, apiKey: string): LeaseholdApi {
  const baseUrl = server.replace(/\/+$/, "");
  return createLeaseholdApi({
    baseUrl,
    apiKey,
    onErrorAnswer: (answer) => apiErrorOf(namingServer(answer, baseUrl)),
    onNoAnswer: (cause) => new ServerUnreachableError(baseUrl, causeOf(cause)),
  });
}
