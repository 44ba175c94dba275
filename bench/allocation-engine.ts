/**
 * Benchmark: the allocation engine's decisions, each next to the floor "one pass over the node
 * arrays" measured the same way in the same run: (a) placing a 110,000-GPU H100 lease on the demo
 * site, (b) failNode → replacement, (c) a full re-plan of a lease book on a ~10M-GPU portfolio of 45
 * sites, with the process's memory.
 * Run: npx tsx bench/allocation-engine.ts   (BENCH_SCALE=0 skips (c))
 * @module
 */
import { type AllocationState, createAllocationState } from "../src/allocation/allocation-state.js";
import { buildFleetIndex, type FleetIndex, type IndexSiteInput } from "../src/allocation/fleet-index.js";
import { failNode, recoverNode } from "../src/allocation/node-events.js";
import { placeTranche } from "../src/allocation/place-tranche.js";
import { releaseLease } from "../src/allocation/release-lease.js";
import { replan } from "../src/allocation/replan.js";
import type { TrancheRequest } from "../src/allocation/tranche-request.js";
import { COLOSSUS_PRESET } from "../src/fleet/colossus-preset.js";
import { type GenerateSpec, generateFleet } from "../src/fleet/generate-fleet.js";
import { BUILT_IN_GPU_MODELS, catalogueOf } from "../src/fleet/gpu-model.js";
import { machine, summarize, type Timing, table } from "./bench-kit.js";

const catalogue = catalogueOf(BUILT_IN_GPU_MODELS);
const SITES = 45;

/** Runs `fn` `warmup` times, then `runs` times measured with the high-resolution clock; `after` runs untimed. */
function sample(
  runs: number,
  warmup: number,
  fn: () => unknown,
  after: () => unknown = () => undefined,
): Timing {
  for (let i = 0; i < warmup; i++) {
    fn();
    after();
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    after();
  }
  return summarize(samples);
}

/** The floor: one pass over every node's model, state and owner, counting the takeable ones. */
function onePass(states: readonly AllocationState[]): number {
  let takeable = 0;
  for (const state of states) {
    const { nodeModel } = state.index;
    const { nodeState, owner } = state;
    for (let i = 0; i < nodeModel.length; i++)
      if (nodeModel[i] === 0 && nodeState[i] === 0 && owner[i] === -1) takeable++;
  }
  return takeable;
}

const fmt = (x: number) =>
  x < 0.01 ? `${(x * 1000).toFixed(2)} µs` : x < 10 ? `${x.toFixed(3)} ms` : `${x.toFixed(0)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

function demoIndex(): FleetIndex {
  return buildFleetIndex(generateFleet(COLOSSUS_PRESET, catalogue).sites[0] as IndexSiteInput, catalogue);
}

const RENT_HALF: TrancheRequest = {
  leaseId: "lse_half",
  tenantId: "tnt_lab",
  gpuModel: "H100",
  gpuCount: 110_000,
  isolation: "block",
  placement: { policy: "packed" },
};

function benchDemo(rows: string[][]): void {
  const index = demoIndex();
  const state = createAllocationState(index);
  const place = sample(
    300,
    30,
    () => placeTranche(state, RENT_HALF),
    () => releaseLease(state, "lse_half"),
  );
  const floor = sample(300, 30, () => onePass([state]));
  const placed = placeTranche(state, RENT_HALF);
  if (!placed.ok) throw new Error(placed.message);
  const lease = state.leases[state.leaseSlots.get("lse_half") ?? 0];
  let seed = 7;
  let victim = 0;
  const fail = sample(
    20_000,
    2_000,
    () => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      victim = lease?.nodes[seed % lease.nodes.length] ?? 0;
      return failNode(state, victim);
    },
    () => recoverNode(state, victim),
  );
  const whole = createAllocationState(index, { spares: { nodesPerBlock: 0 } });
  const rentAll = sample(
    50,
    5,
    () => {
      for (const [m, model] of index.models.entries()) {
        const gpuCount = (whole.free[m] ?? 0) * model.gpusPerNode;
        const result = placeTranche(whole, {
          ...RENT_HALF,
          leaseId: "lse_all",
          gpuModel: model.name,
          gpuCount,
          isolation: "site",
        });
        if (!result.ok) throw new Error(result.message);
      }
    },
    () => releaseLease(whole, "lse_all"),
  );
  const row = (what: string, t: Timing, target: string, against: number) => [
    what,
    fmt(t.medianMs),
    fmt(t.p99Ms),
    target,
    fmt(floor.medianMs),
    ratio(against, floor.medianMs),
  ];
  rows.push(
    row(
      "(a) place 110,000 H100 GPUs (13,750 nodes, packed, block isolation) on the demo site",
      place,
      "≤ 5 ms",
      place.medianMs,
    ),
    row("floor: one pass over the demo site's node arrays (30,272 nodes)", floor, "", floor.medianMs),
    row(
      "(b) failNode → replacement decision (random leased node; recovered untimed after each)",
      fail,
      "p99 well under 1 ms",
      fail.p99Ms,
    ),
    row(
      "info: rent all (3 lines, every healthy GPU, isolation site) on the demo site",
      rentAll,
      "",
      rentAll.medianMs,
    ),
  );
}

/** A ~222k-GPU site: H100 (30 blocks), H200 (14 blocks), B200 (20 blocks), 27,648 nodes. */
function portfolioSite(s: number): GenerateSpec {
  return {
    ...COLOSSUS_PRESET,
    siteName: `site-${s}`,
    // Permits from 200 to 320 MW against a ~330 MW design draw: the tighter sites refuse some tranches for POWER.
    powerSources: [{ kind: "grid", installedMw: 400, permittedMw: 200 + (s % 5) * 30 }],
    pue: 1.2,
    groups: [
      { gpuModel: "H100", gpuCount: 122_880, racksPerBlock: 64, blocksPerHall: 10 },
      { gpuModel: "H200", gpuCount: 57_344, racksPerBlock: 64, blocksPerHall: 7 },
      { gpuModel: "B200", gpuCount: 40_960, racksPerBlock: 64, blocksPerHall: 10 },
    ],
    seed: 1000 + s,
  };
}

/** A lease book for one site: a half-site anchor lease in two tranches, block-isolated and spread leases, many small ones, one too large. */
function leaseBook(s: number): TrancheRequest[] {
  let seed = 99 + s;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed % n;
  };
  const book: TrancheRequest[] = [];
  const add = (
    id: string,
    tenant: string,
    gpuModel: string,
    gpuCount: number,
    isolation: TrancheRequest["isolation"],
    policy: "packed" | "spread",
    minIslandGpus?: number,
  ) =>
    book.push({
      leaseId: `lse_${s}_${id}`,
      tenantId: tenant,
      gpuModel,
      gpuCount,
      isolation,
      placement: { policy, ...(minIslandGpus && { minIslandGpus }) },
    });
  add("anchor", "tnt_lab", "H100", 30_720, "block", "packed", 2_048);
  add("anchor", "tnt_lab", "H100", 30_720, "block", "packed", 2_048);
  for (let k = 0; k < 3; k++) add(`h200-${k}`, `tnt_m${k}`, "H200", 8_192, "block", "packed", 1_024);
  for (let k = 0; k < 2; k++) add(`spread-${k}`, `tnt_s${k}`, "B200", 6_144, "node", "spread");
  for (let k = 0; k < 4; k++) add(`rack-${k}`, `tnt_r${k}`, "H100", 1_024, "rack", "packed");
  const models = ["H100", "H200", "B200"];
  for (let k = 0; k < 30; k++)
    add(`small-${k}`, `tnt_x${k % 12}`, models[rand(3)] ?? "H100", 8 * (8 + rand(121)), "node", "packed");
  // A late, large request that some sites cannot hold (capacity or power).
  add("overflow", "tnt_big", "H100", 8 * (5_000 + rand(3_000)), "node", "packed");
  return book;
}

function benchScale(rows: string[][]): void {
  const started = performance.now();
  const indices = Array.from({ length: SITES }, (_, s) =>
    buildFleetIndex(generateFleet(portfolioSite(s), catalogue).sites[0] as IndexSiteInput, catalogue),
  );
  const buildMs = performance.now() - started;
  const books = indices.map((_, s) => leaseBook(s));
  const nodes = indices.reduce((n, x) => n + x.nodeCount, 0);
  const gpus = indices.reduce((n, x) => n + x.nodeGpus.reduce((a, b) => a + b, 0), 0);
  const tranches = books.reduce((n, b) => n + b.length, 0);
  let states: AllocationState[] = [];
  let placed = 0;
  let refusals = "";
  const full = sample(10, 1, () => {
    const results = indices.map((index, s) => replan(index, books[s] ?? []));
    states = results.map((r) => r.state);
    placed = results.reduce((n, r) => n + r.placed, 0);
    const reasons = new Map<string, number>();
    for (const r of results.flatMap((x) => x.results))
      if (!r.ok) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
    refusals = [...reasons].map(([reason, n]) => `${n} ${reason}`).join(", ") || "none";
  });
  const floor = sample(20, 3, () => onePass(states));
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  rows.push(
    [
      `(c) full re-plan: ${tranches.toLocaleString("en-US")} tranches (${placed.toLocaleString("en-US")} placed; refused: ${refusals}) over ${SITES} sites, ${nodes.toLocaleString("en-US")} nodes, ${gpus.toLocaleString("en-US")} GPUs`,
      fmt(full.medianMs),
      fmt(full.p99Ms),
      "≤ 2 s",
      fmt(floor.medianMs),
      ratio(full.medianMs, floor.medianMs),
    ],
    [
      `floor: one pass over the portfolio's node arrays (${nodes.toLocaleString("en-US")} nodes)`,
      fmt(floor.medianMs),
      fmt(floor.p99Ms),
      "",
      fmt(floor.medianMs),
      "1.00×",
    ],
    [
      `(c) memory after the re-plan: rss ${mib(memory.rss)}, heapUsed ${mib(memory.heapUsed)} (indices + ${SITES} states kept)`,
      "",
      "",
      "≤ 1.5 GiB",
      "",
      "",
    ],
    [`info: generate + index the portfolio once (not part of the re-plan)`, fmt(buildMs), "", "", "", ""],
  );
}

const rows: string[][] = [];
benchDemo(rows);
if (process.env.BENCH_SCALE !== "0") benchScale(rows);
process.stdout.write(`\n### Allocation engine (pure decisions, in process)\nMachine: ${machine()}.\n\n`);
process.stdout.write(
  `${table(["what", "median", "p99", "target", "floor (same run)", "ratio to floor"], rows)}\n`,
);
process.stdout.write(
  "\n(a) 300 runs after 30 warm-up, each followed by an untimed release; (b) 20,000 failures after 2,000 warm-up, " +
    "ratio is its p99 to the floor's median; (c) 10 re-plans after 1 warm-up, so its p99 is the slowest run.\n",
);
