/**
 * Node agents' keys in PostgreSQL: one live key per node (issuing again revokes the old one),
 * stored as a SHA-256 with a short prefix.
 * @module
 */
import type { Principal } from "../access/principal.js";
import type { SqlClient } from "./sql-client.js";

export interface NewAgentKey {
  id: string;
  nodeId: string;
  prefix: string;
  secretSha256: string;
}

/**
 * Stores new keys for nodes of one site and revokes the keys they replace, in one statement.
 * Returns how many live keys were revoked.
 */
export async function replaceAgentKeys(
  db: SqlClient,
  siteId: string,
  keys: readonly NewAgentKey[],
  at: string,
): Promise<{ revoked: number }> {
  const rows = await db.query<{ revoked: number }>(
    `WITH revoked AS (
       UPDATE agent_keys SET revoked_at = $2
       WHERE revoked_at IS NULL AND node_id = ANY($4::text[]) RETURNING 1
     ), inserted AS (
       INSERT INTO agent_keys (id, site_id, node_id, prefix, secret_sha256, created_at)
       SELECT id, $1, node_id, prefix, sha, $2 FROM unnest($3::text[], $4::text[], $5::text[], $6::text[])
         AS t(id, node_id, prefix, sha)
       RETURNING 1
     )
     SELECT (SELECT count(*)::int FROM revoked) AS revoked, (SELECT count(*) FROM inserted) AS n`,
    [
      siteId,
      at,
      keys.map((k) => k.id),
      keys.map((k) => k.nodeId),
      keys.map((k) => k.prefix),
      keys.map((k) => k.secretSha256),
    ],
  );
  return { revoked: rows[0]?.revoked ?? 0 };
}

/** Revokes a node's live key; returns the revoked key's id, or undefined when it had none. */
export async function revokeAgentKey(db: SqlClient, nodeId: string, at: string): Promise<string | undefined> {
  const rows = await db.query<{ id: string }>(
    "UPDATE agent_keys SET revoked_at = $2 WHERE node_id = $1 AND revoked_at IS NULL RETURNING id",
    [nodeId, at],
  );
  return rows[0]?.id;
}

/** The agent principal of a live key's hash, or undefined. */
export async function agentForKeyHash(db: SqlClient, sha: string): Promise<Principal | undefined> {
  const rows = await db.query<{ id: string; siteId: string; nodeId: string; nodeName: string }>(
    `SELECT k.id, k.site_id AS "siteId", k.node_id AS "nodeId", n.name AS "nodeName"
     FROM agent_keys k JOIN nodes n ON n.id = k.node_id
     WHERE k.secret_sha256 = $1 AND k.revoked_at IS NULL`,
    [sha],
  );
  const row = rows[0];
  return row
    ? { role: "agent", keyId: row.id, keyName: row.nodeName, siteId: row.siteId, nodeId: row.nodeId }
    : undefined;
}
