/**
 * Benchmark: a Monte Carlo of 10,000 samples on the demo site (Colossus-1's 221,440 GPUs, rent-all
 * at $1.25B a month for five years), and the tornado, next to a floor loop that only draws and
 * sums the samples' five inputs. Target ≤ 1 s.
 * Run: npx tsx bench/economics-montecarlo.ts
 * @module
 */
import { defaultInputs } from "../src/economics/economic-inputs.js";
import { wholeFleetLease } from "../src/economics/economics-fixture.js";
import { marginDrivers } from "../src/economics/margin-drivers.js";
import { monteCarlo } from "../src/economics/monte-carlo.js";
import { siteEconomics } from "../src/economics/site-economics.js";
import { tornado } from "../src/economics/tornado.js";
import { COLOSSUS_PRESET } from "../src/fleet/colossus-preset.js";
import { prng } from "../src/shared/prng.js";
import { machine, ms, table, time } from "./bench-kit.js";

const SAMPLES = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

const gpusByModel = Object.fromEntries(COLOSSUS_PRESET.groups.map((g) => [g.gpuModel, g.gpuCount]));
const gpus = Object.values(gpusByModel).reduce((a, b) => a + b, 0);
const inputs = defaultInputs({
  pue: COLOSSUS_PRESET.pue,
  electricityPriceMicrosPerMwh: 67_000_000n,
  powerKwPerGpu: { H100: 1.1, H200: 1.15, GB200: 1.8 },
});
const lease = wholeFleetLease(
  "H100",
  gpus,
  { kind: "monthly_fee", microsPerMonth: 1_250_000_000_000_000n },
  "2027-01-01T00:00:00.000Z",
  "2032-01-01T00:00:00.000Z",
);

async function main(): Promise<void> {
  let check = 0;
  const pnlRun = await time(RUNS, () => {
    const e = siteEconomics({
      gpusByModel,
      inputs,
      leases: [lease],
      horizon: { fromMonth: "2027-01", months: 60 },
    });
    check += e.operatingMargin ?? 0;
  });
  const e = siteEconomics({
    gpusByModel,
    inputs,
    leases: [lease],
    horizon: { fromMonth: "2027-01", months: 60 },
  });
  const drivers = marginDrivers(e.pnl, inputs);
  const mc = await time(RUNS, () => {
    check += monteCarlo(drivers, { samples: SAMPLES, seed: 1 }).breakevenProbability;
  });
  const tor = await time(RUNS, () => {
    check += tornado(drivers).bars.length;
  });
  const floor = await time(RUNS, () => {
    const next = prng(1);
    let sum = 0;
    for (let i = 0; i < SAMPLES; i++) sum += next() + next() + next() + next() + next();
    check += sum;
  });
  if (!Number.isFinite(check)) throw new Error("nothing computed");
  const ratio = (t: number) => `${(t / floor.medianMs).toFixed(1)}×`;
  process.stdout.write(
    `\n### Economics: Monte Carlo of ${SAMPLES.toLocaleString("en-US")} samples on the demo site\nMachine: ${machine()}; ${RUNS} runs after a warm-up.\n\n`,
  );
  process.stdout.write(
    `${table(
      ["what", "median", "p99", "target", "ratio to floor"],
      [
        [
          "Monte Carlo, 10,000 samples (draws, margins, sort, percentiles, histogram)",
          ms(mc.medianMs),
          ms(mc.p99Ms),
          "≤ 1 s",
          ratio(mc.medianMs),
        ],
        [
          "the demo site's P&L, 60 months (what the samples re-price)",
          ms(pnlRun.medianMs),
          ms(pnlRun.p99Ms),
          "",
          ratio(pnlRun.medianMs),
        ],
        ["tornado, 5 drivers", ms(tor.medianMs), ms(tor.p99Ms), "", ratio(tor.medianMs)],
        [
          "floor: a loop drawing and summing 5 inputs per sample",
          ms(floor.medianMs),
          ms(floor.p99Ms),
          "",
          "1×",
        ],
      ],
    )}\n`,
  );
}

await main();
