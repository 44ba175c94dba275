/**
 * The typed client of the Leasehold API that the CLI and the dashboard share: openapi-fetch over
 * the `paths` generated from /openapi.json, sending the key as a bearer token, turning every error
 * answer into the caller's own error type and a missing answer into its "unreachable" error.
 * Nothing here reaches for Node or the DOM beyond fetch, so both clients bundle it.
 * @module
 */
import createClient, { type Client } from "openapi-fetch";
import type { FieldIssue, paths } from "./generated/api.js";

export type LeaseholdApi = Client<paths>;

/** What the server said went wrong: its error body, or a description of whatever came instead. */
export interface ErrorAnswer {
  /** The HTTP status. */
  status: number;
  /** The API's error code, or `HTTP_<status>` when the answer was not the API's error body. */
  code: string;
  message: string;
  requestId: string | undefined;
  issues: FieldIssue[];
  /** The `error` object exactly as the server sent it; undefined when the answer was not the API's error body. */
  body: Record<string, unknown> | undefined;
}

export interface ApiOptions {
  /** The server, e.g. `http://127.0.0.1:7300`; `""` for the origin that served the page. */
  baseUrl: string;
  apiKey: string;
  /** The error thrown for an answer that is not 2xx. */
  onErrorAnswer(answer: ErrorAnswer): Error;
  /** The error thrown when no answer came at all (refused, unknown host, reset). */
  onNoAnswer?(cause: unknown): Error;
  /** How to send a request; tests pass one that checks every answer against the contract. */
  fetch?: (request: Request) => Promise<Response>;
}

interface ErrorBodyFields {
  code?: unknown;
  message?: unknown;
  requestId?: unknown;
  issues?: unknown;
}

/** The server's error object (an HTTP body's `error`, or an NDJSON `error` line's) as an ErrorAnswer. */
export function errorAnswerOf(error: ErrorBodyFields, status: number): ErrorAnswer {
  return {
    status,
    code: typeof error.code === "string" ? error.code : "INTERNAL",
    message: typeof error.message === "string" ? error.message : "unknown error",
    requestId: typeof error.requestId === "string" ? error.requestId : undefined,
    issues: Array.isArray(error.issues) ? (error.issues as FieldIssue[]) : [],
    body: { ...error },
  };
}

/** Reads `{ error: { code, message, requestId, issues } }`, or describes what came instead. */
async function decodeErrorAnswer(response: Response): Promise<ErrorAnswer> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: ErrorBodyFields };
    if (typeof body.error?.code === "string") return errorAnswerOf(body.error, response.status);
  } catch {
    // Not JSON: a proxy or another program on the port. Described below.
  }
  return {
    status: response.status,
    code: `HTTP_${response.status}`,
    message: `the server answered ${response.status} ${response.statusText}: ${text.slice(0, 200) || "(empty)"}`,
    requestId: undefined,
    issues: [],
    body: undefined,
  };
}

/** A client of the server at `baseUrl` that calls with `apiKey` and throws on anything but 2xx. */
export function createLeaseholdApi(options: ApiOptions): LeaseholdApi {
  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  api.use({
    async onResponse({ response }) {
      if (!response.ok) throw options.onErrorAnswer(await decodeErrorAnswer(response));
      return undefined;
    },
    onError({ error }) {
      return options.onNoAnswer ? options.onNoAnswer(error) : undefined;
    },
  });
  return api;
}

/**
 * The payload of a call's answer: `await payload(api.GET("/v1/sites"))`. The client has already
 * thrown for an error answer, so the data is there.
 */
export async function payload<T>(call: Promise<{ data?: T; response: Response }>): Promise<T> {
  const { data, response } = await call;
  if (data === undefined) throw new Error(`the server answered ${response.status} without a body`);
  return data;
}

/** Each line of an NDJSON body, parsed, as it arrives. */
export async function* ndjsonLines(body: ReadableStream<Uint8Array>): AsyncGenerator<unknown> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    pending += decoder.decode(value, { stream: true });
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line) yield JSON.parse(line);
      newline = pending.indexOf("\n");
    }
  }
  const rest = (pending + decoder.decode()).trim();
  if (rest) yield JSON.parse(rest);
}
