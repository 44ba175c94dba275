/**
 * In-process usage-limit checks, one core: our 3-dimension check (requests, input tokens, output
 * tokens per minute, one atomic decision) against rate-limiter-flexible's memory limiter doing
 * the same three consumes (one limiter per dimension), side by side in one run.
 * @module
 */
import { RateLimiterMemory } from "rate-limiter-flexible";
import { createLimiter, MemoryLimits, subjectKey } from "../src/limits/index.js";
import { machine, table } from "./bench-kit.js";

const SUBJECTS = 1_000;
const OURS = Number(process.env.BENCH_DECISIONS ?? 20_000_000);
const PEER = Number(process.env.BENCH_PEER_DECISIONS ?? 300_000);
const HUGE = 1e15;

const limits = new MemoryLimits();
limits.publish("lab", [
  {
    plan: "tier-4",
    modelClass: "large",
    limits: [
      { dimension: "requests", window: "minute", limit: HUGE },
      { dimension: "input_tokens", window: "minute", limit: HUGE },
      { dimension: "output_tokens", window: "minute", limit: HUGE },
    ],
  },
]);
const subjects = Array.from({ length: SUBJECTS }, (_, i) => `user-${i}`);

function ours(decisions: number, full: boolean): number {
  let nowMs = Date.now();
  const limiter = createLimiter({ limits, now: () => nowMs, reservationTtlMs: 1 });
  const compiled = limiter.limitsFor("lab", "tier-4", "large");
  if (!compiled) throw new Error("limits not published");
  const keys = subjects.map((s) => subjectKey("lab", s, "large"));
  let granted = 0;
  const started = performance.now();
  for (let i = 0; i < decisions; i++) {
    if ((i & 1023) === 0) nowMs++;
    const subject = i % SUBJECTS;
    if (full) {
      const verdict = limiter.check({
        tenantId: "lab",
        subject: subjects[subject] as string,
        plan: "tier-4",
        modelClass: "large",
        inputTokens: 1_200,
        maxOutputTokens: 0,
      });
      if (verdict.granted) granted++;
    } else if (limiter.allow(keys[subject] as string, compiled, 1_200, 0).granted) granted++;
  }
  const seconds = (performance.now() - started) / 1000;
  if (granted !== decisions) throw new Error(`only ${granted} of ${decisions} granted`);
  return decisions / seconds;
}

async function peer(decisions: number): Promise<number> {
  const make = () => new RateLimiterMemory({ points: HUGE, duration: 60 });
  const [requests, input, output] = [make(), make(), make()];
  const started = performance.now();
  for (let i = 0; i < decisions; i++) {
    const key = subjects[i % SUBJECTS] as string;
    await requests.consume(key, 1);
    await input.consume(key, 1_200);
    await output.consume(key, 1);
  }
  return decisions / ((performance.now() - started) / 1000);
}

const rate = (x: number) => `${Math.round(x).toLocaleString("en-US")}/s`;
const best = async (runs: number, f: () => number | Promise<number>) => {
  let top = 0;
  for (let r = 0; r < runs; r++) top = Math.max(top, await f());
  return top;
};

ours(2_000_000, false); // warm-up
const hot = await best(3, () => ours(OURS, false));
const full = await best(3, () => ours(OURS / 10, true));
await peer(PEER / 10);
const flexible = await best(3, () => peer(PEER));
const met = (ok: boolean) => (ok ? "met" : "MISSED");
console.log(
  `\n### Usage limits in process: a 3-dimension check on one core\nMachine: ${machine()}. ${SUBJECTS} subjects round robin, best of 3 runs each.\n`,
);
console.log(
  table(
    ["what", "decisions/s", "target", "÷ peer"],
    [
      [
        "ours: `allow` (hot path, one atomic check of 3 dimensions)",
        rate(hot),
        `≥ 10,000,000/s: ${met(hot >= 1e7)}; ≥ 20× peer: ${met(hot >= 20 * flexible)}`,
        `${(hot / flexible).toFixed(1)}×`,
      ],
      [
        "ours: `check` (full verdict with every limit's status)",
        rate(full),
        "",
        `${(full / flexible).toFixed(1)}×`,
      ],
      ["peer: rate-limiter-flexible RateLimiterMemory, 3 consumes", rate(flexible), "", "1.0×"],
    ],
  ),
);
