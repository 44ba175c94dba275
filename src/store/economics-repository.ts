/**
 * Saved economic scenarios and each site's input overrides, stored as versions: a save appends
 * the next version, so earlier readings stay reproducible.
 * @module
 */
import type { SqlClient } from "./sql-client.js";

export interface StoredScenario {
  name: string;
  version: number;
  /** The scenario as saved (see economics/scenario-definition.ts); checked when it was saved. */
  definition: unknown;
  createdAt: string;
}

interface ScenarioRow {
  name: string;
  version: number;
  definition: unknown;
  created_at: string | Date;
}

const iso = (v: string | Date) => new Date(v).toISOString();
const toScenario = (r: ScenarioRow): StoredScenario => ({
  name: r.name,
  version: r.version,
  definition: typeof r.definition === "string" ? JSON.parse(r.definition) : r.definition,
  createdAt: iso(r.created_at),
});

/** Appends the next version of scenario `name` and returns it. */
export async function saveScenario(
  db: SqlClient,
  name: string,
  definition: unknown,
  at: string,
): Promise<StoredScenario> {
  const [row] = await db.query<ScenarioRow>(
    `INSERT INTO economic_scenarios (name, version, definition, created_at)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2::jsonb, $3 FROM economic_scenarios WHERE name = $1
     RETURNING name, version, definition, created_at`,
    [name, JSON.stringify(definition), at],
  );
  if (!row) throw new Error(`scenario ${name} was not saved`);
  return toScenario(row);
}

/** Scenario `name` at `version`, or at its latest. */
export async function findScenario(
  db: SqlClient,
  name: string,
  version?: number,
): Promise<StoredScenario | undefined> {
  const rows = await db.query<ScenarioRow>(
    `SELECT name, version, definition, created_at FROM economic_scenarios
     WHERE name = $1 AND ($2::integer IS NULL OR version = $2) ORDER BY version DESC LIMIT 1`,
    [name, version ?? null],
  );
  return rows[0] ? toScenario(rows[0]) : undefined;
}

/** The latest version of every scenario, by name. */
export async function latestScenarios(db: SqlClient): Promise<StoredScenario[]> {
  const rows = await db.query<ScenarioRow>(
    `SELECT DISTINCT ON (name) name, version, definition, created_at FROM economic_scenarios
     ORDER BY name, version DESC`,
  );
  return rows.map(toScenario);
}

/** Every version of scenario `name`, newest first. */
export async function scenarioVersions(db: SqlClient, name: string): Promise<StoredScenario[]> {
  const rows = await db.query<ScenarioRow>(
    `SELECT name, version, definition, created_at FROM economic_scenarios WHERE name = $1 ORDER BY version DESC`,
    [name],
  );
  return rows.map(toScenario);
}

export interface StoredSiteInputs {
  version: number;
  inputs: Record<string, string>;
  createdAt: string;
}

/** A site's latest input overrides; version 0 and none when never set. */
export async function siteInputs(db: SqlClient, siteId: string): Promise<StoredSiteInputs> {
  const [row] = await db.query<{ version: number; inputs: unknown; created_at: string | Date }>(
    `SELECT version, inputs, created_at FROM economic_site_inputs WHERE site_id = $1
     ORDER BY version DESC LIMIT 1`,
    [siteId],
  );
  if (!row) return { version: 0, inputs: {}, createdAt: "" };
  const inputs = typeof row.inputs === "string" ? JSON.parse(row.inputs) : row.inputs;
  return { version: row.version, inputs: inputs as Record<string, string>, createdAt: iso(row.created_at) };
}

/** Appends the next version of a site's input overrides. */
export async function saveSiteInputs(
  db: SqlClient,
  siteId: string,
  inputs: Record<string, string>,
  at: string,
): Promise<StoredSiteInputs> {
  const [row] = await db.query<{ version: number }>(
    `INSERT INTO economic_site_inputs (site_id, version, inputs, created_at)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2::jsonb, $3 FROM economic_site_inputs WHERE site_id = $1
     RETURNING version`,
    [siteId, JSON.stringify(inputs), at],
  );
  return { version: row?.version ?? 0, inputs, createdAt: at };
}
