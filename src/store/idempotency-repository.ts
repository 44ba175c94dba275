/**
 * Idempotency keys, stored: claim a key for a request, record the response it gave, or read back
 * what an earlier request with the same key did.
 * @module
 */
import type { SqlClient } from "./sql-client.js";

export interface IdempotentRequest {
  apiKeyId: string;
  key: string;
  /** SHA-256 of method, path, query and body: the same key must come with the same request. */
  requestHash: string;
  method: string;
  path: string;
}

export interface StoredResponse {
  status: number;
  contentType: string;
  body: string;
}

/** What a claim found: the key is now this request's, or it was used before (finished or not). */
export type Claim =
  | { kind: "claimed" }
  | { kind: "replay"; response: StoredResponse }
  | { kind: "mismatch"; method: string; path: string }
  | { kind: "in_progress" };

interface Row {
  request_hash: string;
  method: string;
  path: string;
  status: number | null;
  content_type: string | null;
  response_body: string | null;
}

/**
 * Claims `request.key` for this request at `at`. A key last claimed before `expiredBefore` (a day
 * ago), or claimed by a request that never finished before `abandonedBefore`, is claimed anew.
 */
export async function claimIdempotencyKey(
  db: SqlClient,
  request: IdempotentRequest,
  at: string,
  expiredBefore: string,
  abandonedBefore: string,
): Promise<Claim> {
  const claimed = await db.query(
    `INSERT INTO idempotency_keys (api_key_id, idempotency_key, request_hash, method, path, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (api_key_id, idempotency_key) DO UPDATE
       SET request_hash = EXCLUDED.request_hash, method = EXCLUDED.method, path = EXCLUDED.path,
           created_at = EXCLUDED.created_at, completed_at = NULL, status = NULL, content_type = NULL,
           response_body = NULL
       WHERE idempotency_keys.created_at < $7
          OR (idempotency_keys.completed_at IS NULL AND idempotency_keys.created_at < $8)
     RETURNING 1 AS claimed`,
    [
      request.apiKeyId,
      request.key,
      request.requestHash,
      request.method,
      request.path,
      at,
      expiredBefore,
      abandonedBefore,
    ],
  );
  if (claimed.length > 0) return { kind: "claimed" };
  const [row] = await db.query<Row>(
    `SELECT request_hash, method, path, status, content_type, response_body FROM idempotency_keys
     WHERE api_key_id = $1 AND idempotency_key = $2`,
    [request.apiKeyId, request.key],
  );
  if (!row) return { kind: "in_progress" };
  if (row.request_hash !== request.requestHash)
    return { kind: "mismatch", method: row.method, path: row.path };
  if (row.status === null) return { kind: "in_progress" };
  return {
    kind: "replay",
    response: {
      status: row.status,
      contentType: row.content_type ?? "application/json",
      body: row.response_body ?? "",
    },
  };
}

/** Records the response of the request that holds the claim. */
export async function completeIdempotencyKey(
  db: SqlClient,
  apiKeyId: string,
  key: string,
  response: StoredResponse,
  at: string,
): Promise<void> {
  await db.query(
    `UPDATE idempotency_keys SET completed_at = $3, status = $4, content_type = $5, response_body = $6
     WHERE api_key_id = $1 AND idempotency_key = $2`,
    [apiKeyId, key, at, response.status, response.contentType, response.body],
  );
}

/** Gives a claim up (the request failed on the server's side): the same key may be retried. */
export async function releaseIdempotencyKey(db: SqlClient, apiKeyId: string, key: string): Promise<void> {
  await db.query(
    "DELETE FROM idempotency_keys WHERE api_key_id = $1 AND idempotency_key = $2 AND completed_at IS NULL",
    [apiKeyId, key],
  );
}

/** Deletes keys claimed before `before`; returns how many. */
export async function purgeIdempotencyKeys(db: SqlClient, before: string): Promise<number> {
  const rows = await db.query("DELETE FROM idempotency_keys WHERE created_at < $1 RETURNING 1", [before]);
  return rows.length;
}
