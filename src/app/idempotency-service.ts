/**
 * Idempotency keys with Stripe's semantics: a POST sent again with the same `Idempotency-Key` and
 * the same request gets the first response back instead of acting twice; the same key with another
 * request is refused; keys are kept for a day, in the database, so a retry after a restart or on
 * another server is answered the same.
 * @module
 */
import {
  type Claim,
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotentRequest,
  purgeIdempotencyKeys,
  releaseIdempotencyKey,
  type StoredResponse,
} from "../store/idempotency-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim whose request never finished (the server died) is given up after this long. */
export const ABANDONED_AFTER_MS = 5 * 60 * 1000;

const before = (at: string, ms: number) => new Date(Date.parse(at) - ms).toISOString();

export class IdempotencyService {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  claim(request: IdempotentRequest): Promise<Claim> {
    const at = this.clock.now();
    return claimIdempotencyKey(
      this.db,
      request,
      at,
      before(at, IDEMPOTENCY_TTL_MS),
      before(at, ABANDONED_AFTER_MS),
    );
  }

  complete(apiKeyId: string, key: string, response: StoredResponse): Promise<void> {
    return completeIdempotencyKey(this.db, apiKeyId, key, response, this.clock.now());
  }

  release(apiKeyId: string, key: string): Promise<void> {
    return releaseIdempotencyKey(this.db, apiKeyId, key);
  }

  /** Forgets keys older than a day; returns how many. */
  purge(): Promise<number> {
    return purgeIdempotencyKeys(this.db, before(this.clock.now(), IDEMPOTENCY_TTL_MS));
  }
}
