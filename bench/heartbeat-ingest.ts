/**
 * Benchmark: heartbeat ingestion on PGlite (disk) and durable PostgreSQL, each over keep-alive
 * HTTP against a server in this process. (1) One request per heartbeat, as 30,272 nodes every 10 s
 * would send: CPU time per heartbeat (this process: server and client together, so an upper bound
 * for the server), scaled to the demo site; floor: GET /healthz the same way. (2) Batched: 500
 * heartbeats of 8 GPUs a request with dedup, GPU readings/s; floor: one multi-row INSERT of the
 * same readings into a bare table (not COPY, which the SQL port does not offer).
 * Run: npx tsx bench/heartbeat-ingest.ts
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { assemble } from "../src/server/compose.js";
import type { Database } from "../src/store/sql-client.js";
import { measureOnBothDatabases } from "./bench-databases.js";
import { machine, table } from "./bench-kit.js";

const NODES = 64;
const SINGLE = Number(process.env.BENCH_HEARTBEATS ?? 2_000);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const BATCH = 500;
const DEMO_NODES = 30_272;

function gpus() {
  return Array.from({ length: 8 }, (_, g) => ({
    uuid: `GPU-${g}`,
    utilizationPct: 90,
    powerW: 690.5,
    temperatureC: 66,
    memoryUsedMib: 70_000,
    memoryTotalMib: 81_559,
    eccUncorrectedNew: 0,
    xid: null,
  }));
}

async function measure(label: string, db: Database): Promise<string[][]> {
  const dir = mkdtempSync(join(tmpdir(), "leasehold-bench-hb-"));
  const composed = await assemble(db, {
    demo: false,
    dataDir: dir,
    logger: pino({ level: "silent" }),
    webRoot: resolve("dist/web"),
  });
  const server = serve({ fetch: composed.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const op = { authorization: `Bearer ${composed.newOperatorKey}`, "content-type": "application/json" };
  const nodes = Array.from({ length: NODES }, (_, i) => ({
    name: `n${i}`,
    path: `r${i >> 4}`,
    gpuModel: "H100",
    gpuCount: 8,
  }));
  const site = {
    name: "bench",
    pue: 1.2,
    electricityUsdPerMwh: "80",
    powerSources: [{ kind: "grid", installedMw: 10, permittedMw: 10 }],
    topologyLevels: ["rack", "node"],
    nodes,
  };
  await fetch(`${base}/v1/fleet/import`, {
    method: "POST",
    headers: op,
    body: JSON.stringify({ sites: [site] }),
  }).then((r) => r.text());
  const issued = (await (
    await fetch(`${base}/v1/sites/bench/agent-keys`, { method: "POST", headers: op, body: "{}" })
  ).json()) as {
    keys: Array<{ node: string; key: string }>;
  };
  const seq = new Map<string, number>();
  const post = async (k: { node: string; key: string }, count: number) => {
    const first = (seq.get(k.node) ?? 0) + 1;
    seq.set(k.node, first + count - 1);
    const heartbeats = Array.from({ length: count }, (_, j) => ({
      agentId: `bench-${k.node}`,
      sequence: first + j,
      readAt: new Date().toISOString(),
      intervalS: 10,
      gpus: gpus(),
      gpusLost: 0,
    }));
    const res = await fetch(`${base}/v1/agent/heartbeats`, {
      method: "POST",
      headers: { authorization: `Bearer ${k.key}`, "content-type": "application/json" },
      body: JSON.stringify({ site: "bench", node: k.node, heartbeats }),
    });
    if (!res.ok) throw new Error(`heartbeat: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const cpuPer = async (n: number, one: (i: number) => Promise<void>) => {
    for (let i = 0; i < 50; i++) await one(i);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) await one(i);
    const used = process.cpuUsage(cpu);
    return { cpuMs: (used.user + used.system) / 1000 / n, wallMs: (performance.now() - t0) / n };
  };
  const keys = issued.keys;
  const single = await cpuPer(SINGLE, (i) => post(keys[i % keys.length] as (typeof keys)[number], 1));
  const floor = await cpuPer(SINGLE, async () => {
    await (await fetch(`${base}/healthz`)).arrayBuffer();
  });
  // Batched: each request passes the dedup check (its sequences above the agent's high-water mark).
  const t0 = performance.now();
  for (let b = 0; b < BATCHES; b++) await post(keys[b % keys.length] as (typeof keys)[number], BATCH);
  const batchedS = (performance.now() - t0) / 1000;
  const readingsPerS = (BATCHES * BATCH * 8) / batchedS;
  await db.exec(
    "CREATE TABLE bench_readings (node text, seq bigint, uuid text, at timestamptz, power_w double precision, util double precision, temp double precision, mem bigint)",
  );
  const t1 = performance.now();
  for (let b = 0; b < BATCHES; b++) {
    const n = BATCH * 8;
    await db.query(
      `INSERT INTO bench_readings SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::timestamptz[], $5::float8[], $6::float8[], $7::float8[], $8::bigint[])`,
      [
        Array(n).fill(`n${b}`),
        Array.from({ length: n }, (_, i) => i >> 3),
        Array.from({ length: n }, (_, i) => `GPU-${i & 7}`),
        Array(n).fill(new Date().toISOString()),
        Array(n).fill(690.5),
        Array(n).fill(90),
        Array(n).fill(66),
        Array(n).fill(70_000),
      ],
    );
  }
  const floorReadingsPerS = (BATCHES * BATCH * 8) / ((performance.now() - t1) / 1000);
  server.close();
  rmSync(dir, { recursive: true, force: true });
  const coreShare = (single.cpuMs * DEMO_NODES) / 10 / 1000;
  return [
    [
      label,
      "1 heartbeat / request",
      `${single.cpuMs.toFixed(2)} ms CPU (${single.wallMs.toFixed(2)} ms wall)`,
      `${(coreShare * 100).toFixed(0)}% of a core for 30,272 nodes / 10 s (target ≤ 25%)`,
      `${(single.cpuMs / floor.cpuMs).toFixed(1)}× /healthz (${floor.cpuMs.toFixed(2)} ms)`,
    ],
    [
      label,
      `${BATCH} heartbeats × 8 GPUs / request`,
      `${Math.round(readingsPerS).toLocaleString("en-US")} GPU readings/s`,
      "≥ 100,000 readings/s on PostgreSQL",
      `${(readingsPerS / floorReadingsPerS).toFixed(2)}× raw INSERT (${Math.round(floorReadingsPerS).toLocaleString("en-US")}/s)`,
    ],
  ];
}

async function main(): Promise<void> {
  const rows = await measureOnBothDatabases(measure, 5);
  process.stdout.write(
    `\n### Heartbeat ingestion\nMachine: ${machine()}; ${NODES} nodes of 8 GPUs, keep-alive loopback HTTP, sequential.\n\n`,
  );
  process.stdout.write(`${table(["database", "shape", "measured", "target", "ratio to floor"], rows)}\n`);
}

await main();
