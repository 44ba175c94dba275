/**
 * Benchmark: the cost of placing a lease beside many others. On the demo site, with 10, 100 and
 * 1,000 other leases holding capacity (64 H100 each, node isolation, packed into the first blocks),
 * `leases.create(…, { reserve: true })` of a 2,048-GPU lease (block isolation) starting now, until
 * its 256 allocation rows are committed; each sample is ended untimed (clock past its end, tick).
 * The figure at 10 leases is the floor the larger counts are compared with, in the same run.
 * Run: npx tsx bench/lease-scaling.ts   (BENCH_RUNS=20 per level by default)
 * @module
 */
import { loadavg } from "node:os";
import type { Database } from "../src/store/sql-client.js";
import { measureOnBothDatabases } from "./bench-databases.js";
import { machine, ms, summarize, table } from "./bench-kit.js";
import { count, operator, setUpDemoLeasing } from "./demo-lease-setup.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const LEVELS = (process.env.BENCH_LEVELS ?? "10,100,1000").split(",").map(Number);
const HOUR_MS = 3_600_000;
const YEAR_END = "2028-12-01T00:00:00.000Z";

const request = (name: string, gpuCount: number, isolation: string, startsAt: string, endsAt: string) => ({
  name,
  tenant: "frontier-lab",
  sites: ["colossus-1"],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount, pricePerGpuHour: "2.10" }],
  startsAt,
  endsAt,
  isolation,
  placement: { policy: "packed" },
});

async function measure(label: string, db: Database): Promise<string[][]> {
  const { clock, engines, leases, siteId } = await setUpDemoLeasing(db);
  await engines.get(db, siteId);
  const rows: string[][] = [];
  let others = 0;
  let floor: number | undefined;
  let sample = 0;
  for (const level of LEVELS) {
    const before = others;
    const filling = performance.now();
    for (; others < level; others++) {
      await leases.create(operator, request(`other-${others}`, 64, "node", clock.now(), YEAR_END), {
        reserve: true,
      });
    }
    const fillMs = performance.now() - filling;
    const samples: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const startsAt = clock.now();
      const endsAt = new Date(Date.parse(startsAt) + HOUR_MS).toISOString();
      const started = performance.now();
      const lease = await leases.create(
        operator,
        request(`sample-${sample++}`, 2048, "block", startsAt, endsAt),
        { reserve: true },
      );
      const elapsed = performance.now() - started;
      const held = await count(db, "SELECT count(*)::int AS n FROM allocations WHERE lease_id = $1", [
        lease.id,
      ]);
      if (lease.status !== "active" || held !== 256)
        throw new Error(`${lease.name}: ${lease.status} with ${held} allocations`);
      clock.advanceMs(HOUR_MS + 1);
      await leases.tick([lease.id]);
      if (i > 0) samples.push(elapsed);
    }
    const t = summarize(samples);
    floor ??= t.medianMs;
    rows.push([
      label,
      `${level.toLocaleString("en-US")}`,
      ms(t.medianMs),
      ms(t.p99Ms),
      ms(Math.max(...samples)),
      `${(t.medianMs / floor).toFixed(2)}×`,
      `${ms(fillMs)} for ${level - before} more`,
    ]);
  }
  return rows;
}

async function main(): Promise<void> {
  const rows = await measureOnBothDatabases(measure, 7);
  process.stdout.write("\n### Lease create latency beside 10, 100 and 1,000 other leases (demo site)\n");
  process.stdout.write(
    `Machine: ${machine()}; load average ${loadavg()[0]?.toFixed(2)} at the end. ${RUNS} creates of a 2,048-GPU lease (block isolation) per level after one warm-up, each ended untimed before the next; the others hold 64 H100 each (node isolation). Ratio: median to the median at ${LEVELS[0]} leases, same run.\n\n`,
  );
  process.stdout.write(
    `${table(["database", "other leases", "median", "p99", "worst", "÷ at 10 leases", "info: placing the others"], rows)}\n`,
  );
}

await main();
