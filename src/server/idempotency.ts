/**
 * The `Idempotency-Key` header on every POST: the first request with a key runs and its answer is
 * kept; the same key with the same request replays that answer (marked `idempotent-replayed`);
 * with another request it is refused. Answers of 5xx and 429 are not kept, so a retry runs again.
 * Streamed requests and answers (a restore, NDJSON import progress) are not kept: they run unrecorded.
 * @module
 */
import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { IdempotencyService } from "../app/idempotency-service.js";
import { LeaseholdError } from "../shared/errors.js";
import type { AppEnv } from "./app-env.js";
import { BODY_LIMITS, readBodyText } from "./read-body.js";

const KEY = /^[\x21-\x7e]{1,255}$/;

function requestHash(method: string, url: URL, body: string): string {
  const query = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash("sha256")
    .update(`${method}\n${url.pathname}\n${JSON.stringify(query)}\n`)
    .update(body)
    .digest("hex");
}

export function idempotent(service: IdempotencyService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header("idempotency-key");
    if (c.req.method !== "POST" || key === undefined) return next();
    if (!KEY.test(key)) {
      throw new LeaseholdError(
        "VALIDATION_FAILED",
        `Idempotency-Key must be 1 to 255 printable ASCII characters (got ${key.length} characters)`,
        [
          {
            field: "Idempotency-Key",
            message: "not a valid idempotency key",
            bound: "1-255 printable ASCII",
          },
        ],
      );
    }
    // Streamed bodies and answers (a restore's dump, import progress) run unrecorded.
    if ((c.req.header("accept") ?? "").includes("application/x-ndjson") || c.req.path === "/v1/admin/restore")
      return next();
    const body =
      c.req.path === "/v1/fleet/import" ? await readBodyText(c, BODY_LIMITS.importBytes) : await c.req.text();
    const apiKeyId = c.get("principal").keyId;
    const claim = await service.claim({
      apiKeyId,
      key,
      requestHash: requestHash(c.req.method, new URL(c.req.url), body),
      method: c.req.method,
      path: c.req.path,
    });
    if (claim.kind === "replay") {
      return new Response(claim.response.body, {
        status: claim.response.status,
        headers: { "content-type": claim.response.contentType, "idempotent-replayed": "true" },
      });
    }
    if (claim.kind === "mismatch") {
      throw new LeaseholdError(
        "IDEMPOTENCY_KEY_REUSED",
        `Idempotency-Key ${key} was used in the last 24 hours with another request (${claim.method} ${claim.path}); use a new key for a new request`,
        [
          {
            field: "Idempotency-Key",
            message: "already used with another request",
            bound: "one request per key",
          },
        ],
      );
    }
    if (claim.kind === "in_progress") {
      c.header("retry-after", "1");
      throw new LeaseholdError(
        "IDEMPOTENCY_KEY_IN_USE",
        `a request with Idempotency-Key ${key} is still running; retry when it has finished`,
        [{ field: "Idempotency-Key", message: "in use by a request still running" }],
      );
    }
    try {
      await next();
    } catch (error) {
      await service.release(apiKeyId, key);
      throw error;
    }
    const type = c.res.headers.get("content-type") ?? "application/json";
    if (c.res.status >= 500 || c.res.status === 429 || type.includes("ndjson")) {
      await service.release(apiKeyId, key);
      return;
    }
    await service.complete(apiKeyId, key, {
      status: c.res.status,
      contentType: type,
      body: await c.res.clone().text(),
    });
  };
}
