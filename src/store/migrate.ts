/**
 * Schema migrations, applied in order inside one transaction under an advisory lock, so several
 * servers starting against one PostgreSQL never race.
 * @module
 */
import { MIGRATION_0001_FLEET } from "./migrations/0001-fleet.js";
import { MIGRATION_0002_LEASING } from "./migrations/0002-leasing.js";
import { MIGRATION_0003_NODE_STATE_WRITES } from "./migrations/0003-node-state-writes.js";
import { MIGRATION_0004_APP_CLOCK } from "./migrations/0004-app-clock.js";
import { MIGRATION_0005_IDEMPOTENCY } from "./migrations/0005-idempotency.js";
import { MIGRATION_0006_KEY_ROLES } from "./migrations/0006-key-roles.js";
import { MIGRATION_0007_AGENT_HEALTH } from "./migrations/0007-agent-health.js";
import { MIGRATION_0008_BILLING } from "./migrations/0008-billing.js";
import { MIGRATION_0009_USAGE_LIMITS } from "./migrations/0009-usage-limits.js";
import { MIGRATION_0010_ECONOMICS } from "./migrations/0010-economics.js";
import { MIGRATION_0011_PORTFOLIO } from "./migrations/0011-portfolio.js";
import type { SqlClient } from "./sql-client.js";

export interface Migration {
  id: string;
  sql: string;
}

/** Every migration, oldest first. Never edit one that has shipped; add the next. */
export const MIGRATIONS: readonly Migration[] = [
  { id: "0001-fleet", sql: MIGRATION_0001_FLEET },
  { id: "0002-leasing", sql: MIGRATION_0002_LEASING },
  { id: "0003-node-state-writes", sql: MIGRATION_0003_NODE_STATE_WRITES },
  { id: "0004-app-clock", sql: MIGRATION_0004_APP_CLOCK },
  { id: "0005-idempotency", sql: MIGRATION_0005_IDEMPOTENCY },
  { id: "0006-key-roles", sql: MIGRATION_0006_KEY_ROLES },
  { id: "0007-agent-health", sql: MIGRATION_0007_AGENT_HEALTH },
  { id: "0008-billing", sql: MIGRATION_0008_BILLING },
  { id: "0009-usage-limits", sql: MIGRATION_0009_USAGE_LIMITS },
  { id: "0010-economics", sql: MIGRATION_0010_ECONOMICS },
  { id: "0011-portfolio", sql: MIGRATION_0011_PORTFOLIO },
];

const LOCK_KEY = 7300_0001;

/** Applies the migrations `db` lacks; returns the ids it applied. */
export async function migrate(
  db: SqlClient,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<string[]> {
  await db.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [LOCK_KEY]);
    const done = new Set(
      (await tx.query<{ id: string }>("SELECT id FROM schema_migrations")).map((r) => r.id),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (id) VALUES ($1)", [m.id]);
      applied.push(m.id);
    }
    return applied;
  });
}
