/**
 * Benchmark: import the 220,000-GPU demo site (30,272 nodes) into PGlite (on disk) and into
 * PostgreSQL, validation included, next to the floor: a bare multi-row INSERT (and, on PGlite,
 * a COPY) of the same rows into the same table, measured in the same run.
 * Run: npx tsx bench/fleet-import.ts
 * @module
 */
import { DEFAULT_SPARE_POLICY } from "../src/allocation/spare-pool.js";
import { systemClock } from "../src/app/clock.js";
import { COLOSSUS_PRESET } from "../src/fleet/colossus-preset.js";
import type { FleetDocument } from "../src/fleet/fleet-document.js";
import { generateFleet } from "../src/fleet/generate-fleet.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../src/fleet/gpu-model.js";
import { wireServices } from "../src/server/compose.js";
import { newId } from "../src/shared/ids.js";
import { migrate } from "../src/store/migrate.js";
import type { Database } from "../src/store/sql-client.js";
import { onDurablePostgres, onPgliteDisk, postgresSkippedRow } from "./bench-databases.js";
import { machine, ms, table, time } from "./bench-kit.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Row {
  id: string;
  name: string;
  path: string;
  gpuModel: string;
  gpuCount: number;
  state: string;
}

/** Every row of the floors carries the same time, as an import stamps its nodes with one. */
const AT = "2026-12-01T00:00:00.000Z";

async function prepare(db: Database): Promise<string> {
  await migrate(db);
  await services(db).demo.seedCatalogue();
  const siteId = newId("site");
  await db.query(
    `INSERT INTO sites (id, name, kind, location, pue, electricity_price_micros_per_mwh, power_sources, topology_levels,
       created_at)
     VALUES ($1, 'floor-site', 'terrestrial', '', 1.2, 0, '[]', '{hall,block,rack,node}', $2)`,
    [siteId, AT],
  );
  return siteId;
}

function services(db: Database) {
  return wireServices(db, { clock: systemClock, spares: DEFAULT_SPARE_POLICY });
}

/** The floor: plain multi-row INSERT … VALUES of the same rows, 5,000 rows per statement, one transaction. */
async function bareInsert(db: Database, siteId: string, rows: Row[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += 5000) {
      const chunk = rows.slice(start, start + 5000);
      const params: unknown[] = [];
      const values = chunk.map((r) => {
        params.push(r.id, siteId, r.name, r.path, r.gpuModel, r.gpuCount, r.state, AT);
        const b = params.length - 8;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
      });
      await tx.query(
        `INSERT INTO nodes (id, site_id, name, path, gpu_model, gpu_count, state, state_changed_at)
         VALUES ${values.join(", ")}`,
        params,
      );
    }
    await tx.query("DELETE FROM nodes WHERE site_id = $1", [siteId]);
  });
}

function rowsOf(doc: FleetDocument | ReturnType<typeof generateFleet>): Row[] {
  const site = doc.sites[0];
  if (!site) throw new Error("no site");
  return site.nodes.map((n) => ({
    id: newId("node"),
    name: n.name,
    path: n.path,
    gpuModel: n.gpuModel,
    gpuCount: n.gpuCount,
    state: n.state ?? "healthy",
  }));
}

async function measure(
  label: string,
  db: Database,
  doc: ReturnType<typeof generateFleet>,
  extra?: () => Promise<number>,
) {
  const siteId = await prepare(db);
  const rows = rowsOf(doc);
  const { imports } = services(db);
  const ours = await time(RUNS, () => imports.import(doc, { replace: true, actor: "bench" }));
  const floor = await time(RUNS, () => bareInsert(db, siteId, rows));
  const out = [
    [
      label,
      "leasehold import (validate + write, one transaction)",
      ms(ours.medianMs),
      ms(ours.minMs),
      "≤ 2,000 ms",
      "-",
    ],
    [
      label,
      "floor: bare multi-row INSERT, same rows",
      ms(floor.medianMs),
      ms(floor.minMs),
      "",
      `${(ours.medianMs / floor.medianMs).toFixed(2)}×`,
    ],
  ];
  if (extra) {
    const copyMs = await extra();
    out.push([
      label,
      "floor: COPY FROM csv, same rows",
      ms(copyMs),
      "",
      "",
      `${(ours.medianMs / copyMs).toFixed(2)}×`,
    ]);
  }
  return out;
}

async function main(): Promise<void> {
  const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);
  const generated = await time(RUNS, () => generateFleet(COLOSSUS_PRESET, catalogue));
  const doc = generateFleet(COLOSSUS_PRESET, catalogue);
  const gpus = doc.sites[0]?.nodes.reduce((g, n) => g + n.gpuCount, 0) ?? 0;
  const rows: string[][] = [
    ["-", "generate the demo site (in memory)", ms(generated.medianMs), ms(generated.minMs), "", ""],
  ];

  rows.push(
    ...(await onPgliteDisk((pglite) =>
      measure("PGlite (disk)", pglite, doc, async () => {
        const siteId =
          (await pglite.query<{ id: string }>("SELECT id FROM sites WHERE name = 'floor-site'"))[0]?.id ?? "";
        const csv = rowsOf(doc)
          .map((r) => [r.id, siteId, r.name, r.path, r.gpuModel, r.gpuCount, r.state, AT].join(","))
          .join("\n");
        const copy = await time(RUNS, async () => {
          await pglite.pglite.transaction(async (tx) => {
            await tx.query(
              "COPY nodes (id, site_id, name, path, gpu_model, gpu_count, state, state_changed_at) FROM '/dev/blob' WITH (FORMAT csv)",
              [],
              {
                blob: new Blob([csv]),
              },
            );
            await tx.query("DELETE FROM nodes WHERE site_id = $1", [siteId]);
          });
        });
        return copy.medianMs;
      }),
    )),
  );
  const postgres = await onDurablePostgres((pg) => measure("PostgreSQL (durable)", pg, doc));
  rows.push(...(postgres ?? [postgresSkippedRow(6)]));

  process.stdout.write(
    `\n### Fleet import: demo site, ${gpus.toLocaleString("en-US")} GPUs on ${doc.sites[0]?.nodes.length.toLocaleString("en-US")} nodes\n`,
  );
  process.stdout.write(`Machine: ${machine()}; ${RUNS} runs each, after one warm-up.\n\n`);
  process.stdout.write(`${table(["database", "what", "median", "best", "target", "ratio to ours"], rows)}\n`);
}

await main();
