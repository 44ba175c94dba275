/**
 * Benchmark: the portfolio timeline of 10,000 deals, monthly over 10 years (120 months, stacked by
 * 20 providers, with the target line), next to a plain loop that only sums each deal's full MW into
 * every month (the floor: the same deals × months, no ramps, terms or providers).
 * Run: npx tsx bench/portfolio-timeline.ts
 * @module
 */
import type { Deal } from "../src/portfolio/deal.js";
import { monthIndex } from "../src/portfolio/deal-months.js";
import { monthWindow, portfolioTimeline } from "../src/portfolio/portfolio-timeline.js";
import { DEFAULT_TARGET } from "../src/portfolio/target-line.js";
import { machine, ms, table, time } from "./bench-kit.js";

const DEALS = Number(process.env.BENCH_DEALS ?? 10_000);
const MONTHS = 120;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

/** Deals spread over the ten years: sizes, ramps and terms from a fixed sequence. */
function syntheticDeals(n: number): Deal[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: n }, (_, i) => ({
    id: `deal_${i}`,
    tenantId: "tnt_bench",
    name: `deal-${i}`,
    provider: `provider-${i % 20}`,
    chip: i % 3 === 0 ? "H100" : i % 3 === 1 ? "TPU" : "B200",
    kind: "terrestrial" as const,
    powerMw: i % 2 === 0 ? 10 + (i % 500) : null,
    gpus: i % 2 === 0 ? null : 1_000 + (i % 9_000),
    kwPerGpu: null,
    onlineAt: new Date(start + ((i * 7919) % 3_600) * 86_400_000).toISOString(),
    rampMonths: i % 25,
    termMonths: i % 4 === 0 ? 24 + (i % 60) : null,
    committedSpendMicros: null,
    leaseId: null,
    orbital: null,
    createdAt: "2026-01-01T00:00:00.000Z",
  }));
}

async function main(): Promise<void> {
  const deals = syntheticDeals(DEALS);
  const window = monthWindow(Date.UTC(2026, 0, 1), Date.UTC(2026 + MONTHS / 12 - 1, 11, 1));
  let sink = 0;
  const t = await time(
    RUNS,
    () => {
      sink += portfolioTimeline(deals, new Map(), window, DEFAULT_TARGET).totalPowerMw[MONTHS - 1] ?? 0;
    },
    3,
  );
  // The floor: every deal's MW added into every month from its online month on, nothing else.
  const f = await time(
    RUNS,
    () => {
      const total = new Float64Array(MONTHS);
      for (const d of deals) {
        const first = monthIndex(Date.parse(d.onlineAt)) - window.fromMonth;
        const mw = d.powerMw ?? (d.gpus ?? 0) * 0.0014;
        for (let k = Math.max(first, 0); k < MONTHS; k++) total[k] = (total[k] ?? 0) + mw;
      }
      sink += total[MONTHS - 1] ?? 0;
    },
    3,
  );
  process.stdout.write(
    `\n### Portfolio timeline (${DEALS.toLocaleString("en-US")} deals, monthly over ${MONTHS / 12} years)\nMachine: ${machine()}; ${RUNS} runs each, in one process.\n\n`,
  );
  process.stdout.write(
    `${table(
      ["what", "median", "p99", "ratio to floor"],
      [
        [
          "portfolioTimeline: ramps, terms, 20 providers, GPUs and MW, target line",
          ms(t.medianMs),
          ms(t.p99Ms),
          `${(t.medianMs / f.medianMs).toFixed(2)}×`,
        ],
        ["floor: a plain loop summing each deal's MW into its months", ms(f.medianMs), ms(f.p99Ms), "1×"],
      ],
    )}\n`,
  );
  if (sink === Number.NEGATIVE_INFINITY) process.stdout.write("\n");
}

await main();
