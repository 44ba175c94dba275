/**
 * Benchmark: a month's invoice for the demo's whole site leased per GPU-hour (about 218,000 GPUs)
 * with 5% of its nodes failing once in the month (no spares, so each failure is downtime and a
 * recovery refills the lease: ~33,000 allocation events), and the site's delivered GPU-hours by
 * hour for the month; each next to its floor, a plain SQL scan and sum of the same events.
 * Run: npx tsx bench/invoice-month.ts
 * @module
 */
import type { Principal } from "../src/access/principal.js";
import { ManualClock } from "../src/app/clock.js";
import { wireServices } from "../src/server/compose.js";
import { prng } from "../src/shared/prng.js";
import { migrate } from "../src/store/migrate.js";
import { onPgliteDisk } from "./bench-databases.js";
import { machine, ms, table, time } from "./bench-kit.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FAILING_SHARE = 0.05;
const operator: Principal = { role: "operator", keyId: "key_bench", keyName: "bench" };

async function main(): Promise<void> {
  await onPgliteDisk(async (db) => {
    const clock = new ManualClock("2026-12-01T00:00:00.000Z");
    const services = wireServices(db, { clock, spares: { nodesPerBlock: 0 } });
    await migrate(db);
    await services.demo.seedCatalogue();
    await services.demo.loadIfEmpty();
    await services.access.createTenant(operator, "rival-lab");
    const models = await db.query<{ gpuModel: string; gpus: number }>(
      `SELECT gpu_model AS "gpuModel", sum(gpu_count)::int AS gpus FROM nodes WHERE state = 'healthy' GROUP BY gpu_model ORDER BY gpu_model`,
    );
    const lease = await services.leases.create(
      operator,
      {
        name: "rent-all-hourly",
        tenant: "rival-lab",
        sites: ["colossus-1"],
        lines: models.map((m) => ({
          key: m.gpuModel.toLowerCase(),
          gpuModel: m.gpuModel,
          gpuCount: m.gpus,
          pricePerGpuHour: "3.11",
        })),
        startsAt: "2026-12-01T00:00:00.000Z",
        endsAt: "2027-12-01T00:00:00.000Z",
        isolation: "site",
      },
      { reserve: true },
    );
    const leased = await db.query<{ name: string }>(
      "SELECT n.name FROM allocations a JOIN nodes n ON n.id = a.node_id WHERE a.lease_id = $1 ORDER BY n.name",
      [lease.id],
    );
    // 5% of the leased nodes fail once, in batches through the month, each back a few hours later.
    const rand = prng(42);
    const failing = leased.filter(() => rand() < FAILING_SHARE).map((n) => n.name);
    const batches = 60;
    const perBatch = Math.ceil(failing.length / batches);
    process.stderr.write(`failing ${failing.length} of ${leased.length} nodes in ${batches} batches\n`);
    for (let b = 0; b < batches; b++) {
      const nodes = failing.slice(b * perBatch, (b + 1) * perBatch);
      if (!nodes.length) break;
      const at = Date.parse("2026-12-01T00:00:00.000Z") + b * 11 * 3_600_000;
      clock.set(new Date(at).toISOString());
      await services.nodeStates.change("colossus-1", nodes, {
        state: "failed",
        reason: "XID 79",
        actor: "bench",
      });
      clock.set(new Date(at + 4 * 3_600_000).toISOString());
      await services.nodeStates.change("colossus-1", nodes, {
        state: "healthy",
        reason: "reset",
        actor: "bench",
      });
    }
    clock.set("2027-01-01T00:00:00.000Z");
    const events = Number(
      (
        await db.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM allocation_events WHERE lease_id = $1",
          [lease.id],
        )
      )[0]?.n,
    );
    const until = "2027-01-01T00:00:00.000Z";
    const invoice = await time(RUNS, () =>
      services.invoices.prepare(operator, lease.id, { month: "2026-12" }),
    );
    const invoiceFloor = await time(RUNS, async () => {
      await db.query(
        "SELECT count(*), sum(extract(epoch FROM at)) FROM allocation_events WHERE lease_id = $1 AND at < $2",
        [lease.id, until],
      );
      await db.query(
        `SELECT count(*), sum(extract(epoch FROM at)) FROM node_events WHERE at < $2
         AND node_id IN (SELECT DISTINCT node_id FROM allocation_events WHERE lease_id = $1)`,
        [lease.id, until],
      );
    });
    const site = await time(RUNS, () => services.usage.siteUsage("colossus-1", "2026-12"));
    const siteId = lease.siteId;
    const siteFloor = await time(RUNS, async () => {
      await db.query(
        "SELECT count(*), sum(extract(epoch FROM at)) FROM allocation_events WHERE site_id = $1 AND lease_id IS NOT NULL AND at < $2",
        [siteId, until],
      );
      await db.query(
        "SELECT count(*), sum(extract(epoch FROM e.at)) FROM node_events e JOIN nodes n ON n.id = e.node_id WHERE n.site_id = $1 AND e.at < $2",
        [siteId, until],
      );
    });
    const doc = await services.invoices.prepare(operator, lease.id, { month: "2026-12" });
    process.stdout.write(
      `\n### Invoice and site usage for a month (demo site, PGlite on disk)\nMachine: ${machine()}; ${events.toLocaleString("en-US")} allocation events of the lease, ${failing.length.toLocaleString("en-US")} nodes failing once; invoice total $${doc.totalMicros / 1_000_000n}; median of ${RUNS} runs.\n\n`,
    );
    process.stdout.write(
      `${table(
        ["what", "median", "p99", "target", "floor (SQL scan + sum of the same events)", "ratio"],
        [
          [
            "a month's invoice of the whole-site lease (meter + price + write the draft)",
            ms(invoice.medianMs),
            ms(invoice.p99Ms),
            "≤ 1 s",
            ms(invoiceFloor.medianMs),
            `${(invoice.medianMs / invoiceFloor.medianMs).toFixed(1)}×`,
          ],
          [
            "the site's delivered GPU-hours by hour for the month",
            ms(site.medianMs),
            ms(site.p99Ms),
            "≤ 1 s",
            ms(siteFloor.medianMs),
            `${(site.medianMs / siteFloor.medianMs).toFixed(1)}×`,
          ],
        ],
      )}\n`,
    );
  });
}

await main();
