/**
 * Benchmark: node failure → replacement durably written. With rent-half (110,000 H100) active on
 * the demo site, a random leased node fails through `NodeStateChanges.applyOne` (the engine's
 * decision, then node state, node event, audit entry, allocation rows out and in, their history,
 * the outbox and the site version, committed), then recovers (timed separately). Floor in the same
 * run on the same database: a bare transaction with one UPDATE of a node row and one INSERT of a
 * node event. On PGlite (on disk) and on a durable PostgreSQL.
 * Run: npx tsx bench/node-failure.ts   (BENCH_EVENTS=1000 by default, after 20 warm-up: a p99
 * over fewer samples is mostly the machine's noise)
 * @module
 */
import { loadavg } from "node:os";
import { leaseOf } from "../src/allocation/allocation-state.js";
import type { Database } from "../src/store/sql-client.js";
import { measureOnBothDatabases } from "./bench-databases.js";
import { latencyRows, machine, summarize, table } from "./bench-kit.js";
import { count, operator, RENT_HALF_NODES, rentHalfRequest, setUpDemoLeasing } from "./demo-lease-setup.js";

const EVENTS = Math.max(200, Number(process.env.BENCH_EVENTS ?? 1000));
const WARMUP = 20;

async function measure(label: string, db: Database): Promise<string[][]> {
  const { siteId, clock, engines, leases, nodeStates } = await setUpDemoLeasing(db);
  const lease = await leases.create(
    operator,
    rentHalfRequest("rent-half", clock.now(), "2027-12-01T00:00:00.000Z"),
    { reserve: true },
  );
  if (lease.status !== "active") throw new Error(`rent-half is ${lease.status}`);

  // The floor's node: one no lease holds (the house's), so the engine never sees it change.
  const [house] = await db.query<{ id: string }>(
    "SELECT n.id FROM nodes n LEFT JOIN allocations a ON a.node_id = n.id WHERE n.site_id = $1 AND a.node_id IS NULL LIMIT 1",
    [siteId],
  );
  if (!house) throw new Error("no unleased node");
  const floorTx = () =>
    db.transaction(async (tx) => {
      const at = clock.now();
      await tx.query("UPDATE nodes SET state = 'healthy', state_changed_at = $2 WHERE id = $1", [
        house.id,
        at,
      ]);
      await tx.query(
        "INSERT INTO node_events (node_id, at, from_state, to_state, reason, actor) VALUES ($1, $2, 'healthy', 'healthy', 'floor', 'bench')",
        [house.id, at],
      );
    });

  let seed = 7;
  const failures: number[] = [];
  const recoveries: number[] = [];
  const floor: number[] = [];
  const levels = new Map<string, number>();
  let replaced = 0;
  for (let i = 0; i < WARMUP + EVENTS; i++) {
    // Untimed: pick a node the lease holds now (replacements move its node set).
    const engine = await engines.get(db, siteId);
    const nodes = leaseOf(engine.state, lease.id)?.nodes ?? [];
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const victim = engine.index.nodeIds[nodes[seed % nodes.length] ?? -1];
    if (!victim) throw new Error("the lease holds no node");

    let started = performance.now();
    await nodeStates.applyOne(siteId, victim, { state: "failed", reason: "XID 79", actor: "bench" });
    const failedMs = performance.now() - started;

    // Untimed: the replacement is in the database (the failed node's row gone, its replacement's there).
    const [event] = await db.query<{ replacement: string | null; level: string | null }>(
      `SELECT payload->>'replacementNodeId' AS replacement, payload->>'level' AS level FROM outbox
       WHERE topic = 'allocation.node_replaced' AND payload->>'failedNodeId' = $1 ORDER BY id DESC LIMIT 1`,
      [victim],
    );
    const holders = await db.query<{ node_id: string; lease_id: string }>(
      "SELECT node_id, lease_id FROM allocations WHERE node_id = ANY($1::text[])",
      [[victim, event?.replacement ?? victim]],
    );
    if (!event || holders.some((h) => h.node_id === victim))
      throw new Error(`failed node ${victim} is still allocated or unannounced`);
    const whole = holders.some((h) => h.node_id === event.replacement && h.lease_id === lease.id);

    started = performance.now();
    await nodeStates.applyOne(siteId, victim, { state: "healthy", reason: "repaired", actor: "bench" });
    const recoveredMs = performance.now() - started;

    // Floor: one UPDATE of a node row and one INSERT of a node event, one transaction, same database.
    started = performance.now();
    await floorTx();
    const floorMs = performance.now() - started;
    if (i < WARMUP) continue;
    floor.push(floorMs);
    failures.push(failedMs);
    recoveries.push(recoveredMs);
    if (whole) replaced++;
    const level = whole ? (event.level ?? "?") : "none (short)";
    levels.set(level, (levels.get(level) ?? 0) + 1);
  }

  const held = await count(db, "SELECT count(*)::int AS n FROM allocations WHERE lease_id = $1", [lease.id]);
  if (held !== RENT_HALF_NODES) throw new Error(`rent-half holds ${held} nodes after the failures`);

  const fsync = (await db.query<{ fsync: string }>("SHOW fsync"))[0]?.fsync ?? "?";
  const at = `${label} (fsync=${fsync})`;
  const fail = summarize(failures);
  const row = latencyRows(at, floor);
  const where = [...levels].map(([level, n]) => `${n} ${level}`).join(", ");
  return [
    row(
      `failure → replacement committed (${replaced} of ${EVENTS} replaced; level: ${where})`,
      failures,
      `p99 ≤ 5 ms: ${fail.p99Ms <= 5 ? "met" : "MISSED"}`,
    ),
    row("info: recovery of that node (timed separately)", recoveries, ""),
    row("floor: bare transaction, one UPDATE of a node row + one INSERT", floor, ""),
  ];
}

async function main(): Promise<void> {
  const rows = await measureOnBothDatabases(measure, 7);

  process.stdout.write(
    "\n### Node failure → replacement, durably written (rent-half active on the demo site)\n",
  );
  process.stdout.write(
    `Machine: ${machine()}; load average ${loadavg()[0]?.toFixed(2)} at the end. ${EVENTS} failures of random leased nodes after ${WARMUP} warm-up, each recovered before the next, then one floor transaction.\n\n`,
  );
  process.stdout.write(
    `${table(["database", "what", "median", "p99", "worst", "target", "÷ floor (median / p99)"], rows)}\n`,
  );
}

await main();
