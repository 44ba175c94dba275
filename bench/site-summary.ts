/**
 * Benchmark: GET /v1/sites/colossus-1 (the demo site's summary) over HTTP against a running
 * server on PGlite, next to GET /healthz (same server, same auth-free stack, one SELECT 1) as
 * the floor, and the uncached summary (aggregating 30,272 nodes) for reference.
 * Run: npx tsx bench/site-summary.ts
 * @module
 */

import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { FleetService } from "../src/app/fleet-service.js";
import { assemble } from "../src/server/compose.js";
import { openPglite } from "../src/store/pglite-database.js";
import { machine, ms, table, time } from "./bench-kit.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 300);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "leasehold-bench-"));
  const db = await openPglite(join(dir, "pgdata"));
  const composed = await assemble(db, {
    demo: true,
    dataDir: dir,
    logger: pino({ level: "silent" }),
    webRoot: resolve("dist/web"),
  });
  const server = serve({ fetch: composed.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const { port } = server.address() as AddressInfo;
  const headers = { authorization: `Bearer ${composed.newOperatorKey}` };
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    await res.arrayBuffer();
  };
  const summary = await time(RUNS, () => get("/v1/sites/colossus-1"), 20);
  const health = await time(RUNS, () => get("/healthz"), 20);
  const uncached = await time(30, () => new FleetService(db).summary("colossus-1"), 3);
  server.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\n### Site summary latency (demo site, PGlite on disk)\nMachine: ${machine()}; ${RUNS} sequential requests over loopback HTTP.\n\n`,
  );
  process.stdout.write(
    `${table(
      ["what", "median", "p99", "target", "ratio to floor"],
      [
        [
          "GET /v1/sites/colossus-1 (auth + version check + cached summary)",
          ms(summary.medianMs),
          ms(summary.p99Ms),
          "≤ 20 ms median",
          `${(summary.medianMs / health.medianMs).toFixed(2)}×`,
        ],
        ["floor: GET /healthz (no auth, SELECT 1)", ms(health.medianMs), ms(health.p99Ms), "", "1×"],
        [
          "summary recomputed (aggregate 30,272 nodes, no cache), in-process",
          ms(uncached.medianMs),
          ms(uncached.p99Ms),
          "",
          `${(uncached.medianMs / health.medianMs).toFixed(2)}×`,
        ],
      ],
    )}\n`,
  );
}

await main();
