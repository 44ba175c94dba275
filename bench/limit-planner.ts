/**
 * Benchmark: the usage-limit planner for a tenant with many plans and model classes (100 base
 * plans with 2 multiples each = 300 plans, 10 model classes, 3 dimensions × 2 windows: 18,000
 * limits, 4 GPU models), side by side with two plain loops over the same inputs: one pass that
 * reads every limit once for each hour of the day (the floor any planner pays), and the planner
 * one would write first, a bisection on the scale that re-adds the hourly demand 60 times.
 * Run: npx tsx bench/limit-planner.ts
 * @module
 */
import type { LimitPlan } from "../src/limits/limit-plan.js";
import { WINDOW_SECONDS } from "../src/limits/limit-set.js";
import { planLimits } from "../src/limits/planner.js";
import { DEFAULT_SERVING_PROFILE } from "../src/limits/serving-profile.js";
import { rateTable } from "../src/serving/serving-rates.js";
import { machine, ms, table, time } from "./bench-kit.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const CLASSES = Array.from({ length: 10 }, (_, i) => `class-${i}`);
const GPUS = { H100: 270_000, H200: 50_000, B200: 20_000, GB200: 20_000 };

function plans(): LimitPlan[] {
  const out: LimitPlan[] = [];
  for (let i = 0; i < 100; i++) {
    const base: LimitPlan = {
      name: `plan-${i}`,
      kind: "subscription",
      subscribers: 10_000 + i * 1000,
      expectedUsage: 0.1,
      limits: CLASSES.flatMap((modelClass) =>
        (["requests", "input_tokens", "output_tokens"] as const).flatMap((dimension) =>
          (["five_hours", "week"] as const).map((window) => ({
            modelClass,
            dimension,
            window,
            limit: (window === "week" ? 10 : 1) * (dimension === "requests" ? 50 : 100_000),
          })),
        ),
      ),
      pinnedWindows: ["week"],
      peakReduction: { hoursUtc: [13, 14, 15, 16, 17], factor: 0.75 },
    };
    out.push(base);
    for (const factor of [5, 20])
      out.push({
        ...base,
        name: `${base.name}-x${factor}`,
        limits: [],
        multipleOf: { plan: base.name, factor },
      });
  }
  return out;
}

/** Every limit resolved (multiples expanded) with its per-unit share: what both plain loops read. */
function flatten(all: LimitPlan[]) {
  const rates = rateTable([]);
  const capacity = new Map(
    CLASSES.map((c) => [c, Object.entries(GPUS).reduce((n, [m, g]) => n + g * rates(m, c), 0)]),
  );
  const byName = new Map(all.map((p) => [p.name, p]));
  const rows: Array<{ unit: number; reference: number; reduced: boolean }> = [];
  for (const p of all) {
    const base = p.multipleOf ? byName.get(p.multipleOf.plan) : p;
    const factor = p.multipleOf?.factor ?? 1;
    for (const l of base?.limits ?? []) {
      if (l.window !== "five_hours" || l.dimension === "requests") continue;
      const weight = l.dimension === "output_tokens" ? 1 : DEFAULT_SERVING_PROFILE.inputTokenCost;
      const served = capacity.get(l.modelClass) ?? 1;
      // Every class is served as the fallback rate here: the defaults name large/medium/small only.
      const unit = (p.subscribers * p.expectedUsage * weight) / WINDOW_SECONDS.five_hours / (served || 1e9);
      rows.push({ unit, reference: l.limit * factor, reduced: p.peakReduction !== undefined });
    }
  }
  return rows;
}

function onePass(rows: ReturnType<typeof flatten>, scale: number): number {
  const curve = DEFAULT_SERVING_PROFILE.peakToAverageByHourUtc;
  let peak = 0;
  for (let h = 0; h < 24; h++) {
    let load = 0;
    for (const r of rows) load += r.unit * r.reference * scale * (curve[h] ?? 1);
    if (load > peak) peak = load;
  }
  return peak;
}

function bisection(rows: ReturnType<typeof flatten>): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (onePass(rows, mid) <= DEFAULT_SERVING_PROFILE.targetUtilisation) lo = mid;
    else hi = mid;
  }
  return lo;
}

async function main(): Promise<void> {
  const all = plans();
  const limits = all.reduce((n, p) => n + (p.multipleOf ? 60 : p.limits.length), 0);
  const profile = {
    ...DEFAULT_SERVING_PROFILE,
    rates: CLASSES.map((modelClass) => ({ gpuModel: "H100", modelClass, outputTokensPerSecondPerGpu: 3000 })),
  };
  const planner = await time(RUNS, () => planLimits({ plans: all, profile, gpusByModel: GPUS }), 10);
  // Both plain loops start from the same plans as the planner: expanding them is part of the work.
  const pass = await time(RUNS, () => onePass(flatten(all), 1), 10);
  const bisect = await time(Math.max(5, Math.floor(RUNS / 5)), () => bisection(flatten(all)), 1);
  process.stdout.write(
    `\n### Limit planner (${all.length} plans, ${CLASSES.length} model classes, ${limits.toLocaleString("en-US")} limits)\nMachine: ${machine()}; ${RUNS} runs each, in process.\n\n`,
  );
  process.stdout.write(
    `${table(
      ["what", "median", "p99", "ratio to planner"],
      [
        [
          "planLimits: resolve multiples and pins, hourly loads, scale, round, demand check",
          ms(planner.medianMs),
          ms(planner.p99Ms),
          "1×",
        ],
        [
          "floor: expand multiples, then one plain pass, every limit × 24 hours (no pins, rounding or output)",
          ms(pass.medianMs),
          ms(pass.p99Ms),
          `${(pass.medianMs / planner.medianMs).toFixed(2)}×`,
        ],
        [
          "peer: expand multiples, then bisection on the scale, 60 plain passes",
          ms(bisect.medianMs),
          ms(bisect.p99Ms),
          `${(bisect.medianMs / planner.medianMs).toFixed(2)}×`,
        ],
      ],
    )}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
