/**
 * Sites and the GPU model catalogue in PostgreSQL.
 * @module
 */
import type { GpuModel } from "../fleet/gpu-model.js";
import type { PowerSource, Site, SiteKind } from "../fleet/site.js";
import type { SqlClient } from "./sql-client.js";

interface SiteRow {
  id: string;
  name: string;
  kind: SiteKind;
  location: string;
  pue: number;
  price: string;
  power_sources: PowerSource[];
  topology_levels: string[];
  created_at: string;
  version: string;
}

const SITE_COLUMNS = `id, name, kind, location, pue, electricity_price_micros_per_mwh::text AS price, power_sources,
  topology_levels, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at, version::text AS version`;

function toSite(r: SiteRow): Site {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    location: r.location,
    pue: Number(r.pue),
    electricityPriceMicrosPerMwh: BigInt(r.price),
    powerSources: typeof r.power_sources === "string" ? JSON.parse(r.power_sources) : r.power_sources,
    topologyLevels: r.topology_levels,
    createdAt: r.created_at,
    version: Number(r.version),
  };
}

/** A site by id (`site_…`) or by name. */
export async function findSite(db: SqlClient, ref: string): Promise<Site | undefined> {
  const rows = await db.query<SiteRow>(`SELECT ${SITE_COLUMNS} FROM sites WHERE id = $1 OR name = $1`, [ref]);
  return rows[0] ? toSite(rows[0]) : undefined;
}

/** A site's id and current version by id or name: an index lookup used to validate cached summaries. */
export async function siteVersion(
  db: SqlClient,
  ref: string,
): Promise<{ id: string; version: number } | undefined> {
  const rows = await db.query<{ id: string; version: string }>(
    "SELECT id, version::text AS version FROM sites WHERE id = $1 OR name = $1",
    [ref],
  );
  return rows[0] ? { id: rows[0].id, version: Number(rows[0].version) } : undefined;
}

export async function listSites(db: SqlClient): Promise<Site[]> {
  const rows = await db.query<SiteRow>(`SELECT ${SITE_COLUMNS} FROM sites ORDER BY name`);
  return rows.map(toSite);
}

export async function insertSite(db: SqlClient, site: Omit<Site, "version">): Promise<void> {
  await db.query(
    `INSERT INTO sites (id, name, kind, location, pue, electricity_price_micros_per_mwh, power_sources, topology_levels,
       created_at)
     VALUES ($1, $2, $3, $4, $5, $6::bigint, $7::jsonb, $8::text[], $9)`,
    [
      site.id,
      site.name,
      site.kind,
      site.location,
      site.pue,
      site.electricityPriceMicrosPerMwh.toString(),
      JSON.stringify(site.powerSources),
      site.topologyLevels,
      site.createdAt,
    ],
  );
}

export async function deleteSite(db: SqlClient, siteId: string): Promise<void> {
  await db.query("DELETE FROM sites WHERE id = $1", [siteId]);
}

/** Marks a site changed so cached summaries are recomputed. */
export async function bumpSiteVersion(db: SqlClient, siteId: string): Promise<number> {
  const rows = await db.query<{ version: string }>(
    "UPDATE sites SET version = version + 1 WHERE id = $1 RETURNING version::text AS version",
    [siteId],
  );
  return Number(rows[0]?.version ?? 0);
}

interface GpuModelRow {
  name: string;
  vendor: string;
  memory_gb: number;
  power_kw_per_gpu: number;
  gpus_per_node: number;
  nodes_per_rack: number;
  serving_tokens_per_second_per_gpu: number | null;
}

export async function listGpuModels(db: SqlClient): Promise<GpuModel[]> {
  const rows = await db.query<GpuModelRow>("SELECT * FROM gpu_models ORDER BY name");
  return rows.map((r) => ({
    name: r.name,
    vendor: r.vendor,
    memoryGb: Number(r.memory_gb),
    powerKwPerGpu: Number(r.power_kw_per_gpu),
    gpusPerNode: r.gpus_per_node,
    nodesPerRack: r.nodes_per_rack,
    servingTokensPerSecondPerGpu:
      r.serving_tokens_per_second_per_gpu === null ? null : Number(r.serving_tokens_per_second_per_gpu),
  }));
}

/** Inserts or updates catalogue entries. */
export async function upsertGpuModels(
  db: SqlClient,
  models: readonly GpuModel[],
  builtIn: boolean,
): Promise<void> {
  for (const m of models) {
    await db.query(
      `INSERT INTO gpu_models (name, vendor, memory_gb, power_kw_per_gpu, gpus_per_node, nodes_per_rack,
         serving_tokens_per_second_per_gpu, built_in)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (name) DO UPDATE SET vendor = EXCLUDED.vendor, memory_gb = EXCLUDED.memory_gb,
         power_kw_per_gpu = EXCLUDED.power_kw_per_gpu, gpus_per_node = EXCLUDED.gpus_per_node,
         nodes_per_rack = EXCLUDED.nodes_per_rack,
         serving_tokens_per_second_per_gpu = EXCLUDED.serving_tokens_per_second_per_gpu`,
      [
        m.name,
        m.vendor,
        m.memoryGb,
        m.powerKwPerGpu,
        m.gpusPerNode,
        m.nodesPerRack,
        m.servingTokensPerSecondPerGpu,
        builtIn,
      ],
    );
  }
}
