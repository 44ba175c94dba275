/**
 * Benchmark: node failure → replacement durably written while lease traffic runs. With a lease of
 * 40,960 H100 (packed, block isolation) and 200 one-node leases running on the demo site, random
 * nodes of the large lease fail and recover through `NodeStateChanges.applyOne`, in rounds: in a
 * quiet round nothing else runs; in a busy round three lease creates (one node each, placed at once,
 * ended between rounds) are kept in flight continuously, so the site's writer lock always has lease
 * work queued. The quiet rounds are the
 * floor, interleaved with the busy ones in the same run; the ratio is busy ÷ quiet. On PGlite (on
 * disk) and on a durable PostgreSQL.
 * Run: npx tsx bench/failure-under-load.ts   (BENCH_EVENTS=300 failures per kind by default)
 * @module
 */
import { loadavg } from "node:os";
import { leaseOf } from "../src/allocation/allocation-state.js";
import type { Database } from "../src/store/sql-client.js";
import { measureOnBothDatabases } from "./bench-databases.js";
import { latencyRows, machine, table } from "./bench-kit.js";
import { operator, rentHalfRequest, setUpDemoLeasing } from "./demo-lease-setup.js";

const EVENTS = Math.max(60, Number(process.env.BENCH_EVENTS ?? 300));
const ROUND = 30;
const IN_FLIGHT = 3;
const WARMUP = 10;
/** One-node leases running beside the large one throughout. */
const BACKGROUND = 200;
/** H100 of the lease whose nodes fail. */
const LARGE_GPUS = 40_960;
const HOUR_MS = 3_600_000;

async function measure(label: string, db: Database): Promise<string[][]> {
  const { siteId, clock, engines, leases, nodeStates } = await setUpDemoLeasing(db);
  // A large lease whose nodes fail (the site's power leaves room for the traffic beside it).
  const large = rentHalfRequest("large", clock.now(), "2027-12-01T00:00:00.000Z");
  const lines = [{ ...large.lines[0], gpuCount: LARGE_GPUS }];
  const lease = await leases.create(operator, { ...large, lines }, { reserve: true });
  if (lease.status !== "active") throw new Error(`the large lease is ${lease.status}`);

  let seed = 11;
  const failOne = async (): Promise<number> => {
    // Untimed: pick a node the lease holds now (replacements move its node set).
    const engine = await engines.get(db, siteId);
    const nodes = leaseOf(engine.state, lease.id)?.nodes ?? [];
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    const victim = engine.index.nodeIds[nodes[seed % nodes.length] ?? -1];
    if (!victim) throw new Error("the lease holds no node");
    const started = performance.now();
    await nodeStates.applyOne(siteId, victim, { state: "failed", reason: "XID 79", actor: "bench" });
    const elapsed = performance.now() - started;
    await nodeStates.applyOne(siteId, victim, { state: "healthy", reason: "repaired", actor: "bench" });
    return elapsed;
  };

  let made = 0;
  /** A lease of one node (8 H100, node isolation) from now until `endsAt`. */
  const oneNode = (endsAt: string) => ({
    name: `node-${made++}`,
    tenant: "frontier-lab",
    sites: ["colossus-1"],
    lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.40" }],
    startsAt: clock.now(),
    endsAt,
    isolation: "node",
    placement: { policy: "packed" },
  });
  // The site's other leases: BACKGROUND running ones beside the large one.
  for (let i = 0; i < BACKGROUND; i++)
    await leases.create(operator, oneNode("2027-12-01T00:00:00.000Z"), { reserve: true });
  process.stderr.write(`${label}: ${BACKGROUND} leases running; failures start\n`);

  // Lease traffic: IN_FLIGHT loops, each starting its next create as soon as the last answered.
  // Its leases run for an hour of the bench's clock, moved on and ticked between rounds.
  let busy = false;
  const creates: number[] = [];
  const traffic = async () => {
    while (busy) {
      const started = performance.now();
      const endsAt = new Date(Date.parse(clock.now()) + HOUR_MS).toISOString();
      const created = await leases.create(operator, oneNode(endsAt), { reserve: true });
      if (created.status !== "active") throw new Error(`${created.name} is ${created.status}`);
      creates.push(performance.now() - started);
    }
  };

  for (let i = 0; i < WARMUP; i++) await failOne();
  const quiet: number[] = [];
  const loaded: number[] = [];
  while (loaded.length < EVENTS) {
    for (let i = 0; i < ROUND; i++) quiet.push(await failOne());
    busy = true;
    const loops = Array.from({ length: IN_FLIGHT }, () => traffic());
    // The loops' first creates are in flight now (each ran up to its first await). No timer here:
    // in-process PGlite answers through promises only, so a busy loop never lets a timer fire.
    for (let i = 0; i < ROUND; i++) loaded.push(await failOne());
    busy = false;
    await Promise.all(loops);
    clock.advanceMs(HOUR_MS + 1);
    await leases.tick();
    process.stderr.write(`${label}: ${loaded.length} of ${EVENTS} failures under traffic\n`);
  }

  const fsync = (await db.query<{ fsync: string }>("SHOW fsync"))[0]?.fsync ?? "?";
  const at = `${label} (fsync=${fsync})`;
  const row = latencyRows(at, quiet);
  return [
    row(
      `failure → replacement committed, ${IN_FLIGHT} lease creates in flight (${loaded.length} failures)`,
      loaded,
      "",
    ),
    row(`floor: the same without lease traffic (${quiet.length} failures, interleaved)`, quiet, ""),
    row(
      `info: the lease creates of that traffic (${creates.length}, beside the large lease and ${BACKGROUND} other running leases)`,
      creates,
      "",
    ),
  ];
}

async function main(): Promise<void> {
  const rows = await measureOnBothDatabases(measure, 7);
  process.stdout.write(
    "\n### Node failure → replacement under lease traffic (demo site, 201 leases running)\n",
  );
  process.stdout.write(
    `Machine: ${machine()}; load average ${loadavg()[0]?.toFixed(2)} at the end. Rounds of ${ROUND} failures of random leased nodes (each recovered, untimed), alternately quiet and with ${IN_FLIGHT} lease creates kept in flight, after ${WARMUP} warm-up.\n\n`,
  );
  process.stdout.write(
    `${table(["database", "what", "median", "p99", "worst", "target", "÷ quiet (median / p99)"], rows)}\n`,
  );
}

await main();
