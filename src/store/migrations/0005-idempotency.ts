/**
 * Migration 0005: idempotency keys. One row per (API key, Idempotency-Key): the request's hash and,
 * once it finished, the response to replay. Rows older than a day are replaced on reuse.
 */
export const MIGRATION_0005_IDEMPOTENCY = `
CREATE TABLE idempotency_keys (
  api_key_id text NOT NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  method text NOT NULL,
  path text NOT NULL,
  created_at timestamptz NOT NULL,
  completed_at timestamptz,
  status integer,
  content_type text,
  response_body text,
  PRIMARY KEY (api_key_id, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
`;
