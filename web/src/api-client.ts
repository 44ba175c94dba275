/**
 * A small fetch wrapper for the Leasehold API: bearer auth, JSON bodies and the one error shape.
 * @module
 */

/** An API error body turned into an exception: `status` is the HTTP status, `code` the API's code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId?: string,
    /** Per-field problems of a refused request, when the API gave them. */
    readonly issues: Array<{ field?: string; message: string }> = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

interface ErrorBody {
  error?: {
    code?: string;
    message?: string;
    requestId?: string;
    issues?: Array<{ field?: string; message: string }>;
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy page, an empty body): fall back to the status line.
  }
  return new ApiError(
    response.status,
    body.error?.code ?? `HTTP_${response.status}`,
    body.error?.message ?? (response.statusText || `request failed with status ${response.status}`),
    body.error?.requestId,
    body.error?.issues ?? [],
  );
}

/** A client that sends `key` as a bearer token to the same origin that served the dashboard. */
export function createApiClient(key: string): ApiClient {
  const send = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, accept: "application/json" };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw await toApiError(response);
    return (await response.json()) as T;
  };
  return {
    get: (path) => send("GET", path),
    patch: (path, body) => send("PATCH", path, body),
    post: (path, body) => send("POST", path, body),
  };
}
