/**
 * Benchmark: one scenario over a 10,000,000-GPU portfolio (10,000 leases of 1,000 GPUs, half per
 * GPU-hour, half a monthly fee with a two-month ramp discount), monthly for 5 years: the leases'
 * schedules summed into months, then the P&L, breakeven, payback, NPV and IRR. The floor is a
 * plain loop that only sums the inputs (each lease's GPUs × price). Target ≤ 100 ms.
 * Run: npx tsx bench/economics-portfolio.ts
 * @module
 */
import { defaultInputs } from "../src/economics/economic-inputs.js";
import { wholeFleetLease } from "../src/economics/economics-fixture.js";
import { siteEconomics } from "../src/economics/site-economics.js";
import type { LeaseTerms } from "../src/leasing/lease.js";
import { machine, ms, table, time } from "./bench-kit.js";

const LEASES = 10_000;
const GPUS_PER_LEASE = 1_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const horizon = { fromMonth: "2027-01", months: 60 };

const leases: LeaseTerms[] = Array.from({ length: LEASES }, (_, i) => {
  const month = String(1 + (i % 12)).padStart(2, "0");
  const startsAt = `2027-${month}-01T00:00:00.000Z`;
  const endsAt = `${2029 + (i % 3)}-${month}-01T00:00:00.000Z`;
  const lease = wholeFleetLease(
    "H100",
    GPUS_PER_LEASE,
    i % 2 === 0
      ? { kind: "per_gpu_hour", microsPerGpuHour: 2_100_000n + BigInt(i % 50) * 10_000n }
      : { kind: "monthly_fee", microsPerMonth: 1_500_000_000_000n },
    startsAt,
    endsAt,
  );
  if (i % 2 === 1) {
    const until = `2027-${String(Math.min(12, 3 + (i % 12))).padStart(2, "0")}-01T00:00:00.000Z`;
    lease.rampDiscounts = [{ from: startsAt, until: until > startsAt ? until : endsAt, discountBps: 5_000 }];
  }
  return lease;
});
const gpusByModel = { H100: LEASES * GPUS_PER_LEASE };
const inputs = defaultInputs({
  pue: 1.15,
  electricityPriceMicrosPerMwh: 67_000_000n,
  powerKwPerGpu: { H100: 1.1 },
});

async function main(): Promise<void> {
  let check = 0n;
  const model = await time(RUNS, () => {
    const e = siteEconomics({ gpusByModel, inputs, leases, horizon });
    check += e.pnl.total.revenueMicros;
  });
  const floor = await time(RUNS, () => {
    let sum = 0n;
    for (const l of leases)
      for (const line of l.lines)
        sum +=
          BigInt(line.gpuCount) *
          (line.price.kind === "per_gpu_hour" ? line.price.microsPerGpuHour : line.price.microsPerMonth);
    check += sum;
  });
  if (check === 0n) throw new Error("nothing computed");
  process.stdout.write(
    `\n### Economics: one scenario over a 10,000,000-GPU portfolio, monthly for 5 years\nMachine: ${machine()}; ${RUNS} runs after a warm-up.\n\n`,
  );
  process.stdout.write(
    `${table(
      ["what", "median", "p99", "target", "ratio to floor"],
      [
        [
          `P&L of ${LEASES.toLocaleString("en-US")} leases × 60 months (schedules, P&L, breakeven, NPV/IRR)`,
          ms(model.medianMs),
          ms(model.p99Ms),
          "≤ 100 ms",
          `${(model.medianMs / floor.medianMs).toFixed(0)}×`,
        ],
        ["floor: a loop summing each lease's GPUs × price", ms(floor.medianMs), ms(floor.p99Ms), "", "1×"],
      ],
    )}\n`,
  );
}

await main();
