/**
 * A small fetch-based client for the Leasehold HTTP API: bearer auth, JSON in and out, the
 * server's error body decoded into ApiError, and NDJSON streams read line by line.
 * @module
 */
import { ApiError, ServerUnreachableError } from "./cli-errors.js";

export type Query = Record<string, string | number | readonly string[] | undefined>;

export interface ApiClientOptions {
  /** Base URL, e.g. http://127.0.0.1:7300. */
  server: string;
  apiKey: string;
}

export class ApiClient {
  private readonly server: string;
  private readonly apiKey: string;

  constructor(options: ApiClientOptions) {
    this.server = options.server.replace(/\/+$/, "");
    this.apiKey = options.apiKey;
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.json<T>("GET", path, query);
  }

  send<T>(method: "POST" | "PATCH" | "DELETE", path: string, body?: unknown, query: Query = {}): Promise<T> {
    return this.json<T>(method, path, query, body);
  }

  /**
   * POSTs `body` as JSON asking for NDJSON and calls `onLine` with each parsed line as it arrives.
   * An error status before the stream starts is thrown as ApiError.
   */
  async postStream(path: string, body: string, query: Query, onLine: (line: unknown) => void): Promise<void> {
    const response = await this.fetch("POST", path, query, body, "application/x-ndjson");
    if (!response.ok) throw await decodeError(response);
    if (!response.body) return;
    const reader = response.body.getReader();
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
        if (line) onLine(JSON.parse(line));
        newline = pending.indexOf("\n");
      }
    }
    const rest = (pending + decoder.decode()).trim();
    if (rest) onLine(JSON.parse(rest));
  }

  private async json<T>(method: string, path: string, query: Query, body?: unknown): Promise<T> {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const response = await this.fetch(method, path, query, text, "application/json");
    if (!response.ok) throw await decodeError(response);
    return (await response.json()) as T;
  }

  private async fetch(
    method: string,
    path: string,
    query: Query,
    body: string | undefined,
    accept: string,
  ): Promise<Response> {
    const url = new URL(`${this.server}${path}`);
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      const values = typeof value === "object" ? value : [String(value)];
      for (const v of values) url.searchParams.append(name, v);
    }
    const headers: Record<string, string> = { authorization: `Bearer ${this.apiKey}`, accept };
    if (body !== undefined) headers["content-type"] = "application/json";
    try {
      return await fetch(url, { method, headers, body });
    } catch (error) {
      throw new ServerUnreachableError(this.server, causeOf(error));
    }
  }
}

/** Why a fetch failed: Node's error code (ECONNREFUSED, ENOTFOUND…) or the underlying message. */
function causeOf(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error.message;
}

/** Reads the server's `{ error: { code, message, requestId, issues } }`, or describes what came instead. */
async function decodeError(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: Partial<ErrorFields> };
    if (body.error && typeof body.error.code === "string") return apiErrorOf(body.error, response.status);
  } catch {
    // Not JSON: a proxy or another program on the port. Described below.
  }
  return new ApiError(
    `HTTP_${response.status}`,
    `the server answered ${response.status} ${response.statusText}: ${text.slice(0, 200) || "(empty)"}`,
    { status: response.status },
  );
}

interface ErrorFields {
  code: string;
  message: string;
  requestId: string;
  issues: Array<{ field: string; message: string; bound?: string }>;
}

/** An ApiError from the server's error object (an HTTP body or an NDJSON `error` line). */
export function apiErrorOf(error: Partial<ErrorFields>, status?: number): ApiError {
  return new ApiError(error.code ?? "INTERNAL", error.message ?? "unknown error", {
    issues: error.issues ?? [],
    status,
    requestId: error.requestId,
  });
}
