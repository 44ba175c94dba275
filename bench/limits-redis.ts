/**
 * Redis-backed usage-limit checks on one local redis-server: our check (one script, one round
 * trip, three dimensions atomically) against rate-limiter-flexible's Redis limiter doing the same
 * three consumes (three round trips), same concurrency, side by side in one run.
 * @module
 */
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { compileLimits } from "../src/limits/compiled-limits.js";
import { subjectKey } from "../src/limits/limit-store.js";
import { RedisStore } from "../src/limits/redis-store.js";
import { startRedis } from "../test/support/redis-server.js";
import { machine, ms, summarize, table } from "./bench-kit.js";

const DECISIONS = Number(process.env.BENCH_DECISIONS ?? 40_000);
const CONCURRENCY = 32;
const HUGE = 1e15;
const redis = await startRedis();
const client = new Redis(redis.url);

const limits = compileLimits({
  plan: "tier-4",
  modelClass: "large",
  limits: [
    { dimension: "requests", window: "minute", limit: HUGE },
    { dimension: "input_tokens", window: "minute", limit: HUGE },
    { dimension: "output_tokens", window: "minute", limit: HUGE },
  ],
}).normal;
const store = new RedisStore(client, 60_000, "bench:");
const keys = Array.from({ length: 1_000 }, (_, i) => subjectKey("lab", `user-${i}`, "large"));

const make = (prefix: string) =>
  new RateLimiterRedis({ storeClient: client, points: HUGE, duration: 60, keyPrefix: prefix });
const [requests, input, output] = [make("rq"), make("in"), make("out")];

/** Runs `decide` DECISIONS times with CONCURRENCY in flight: decisions/s and each one's latency. */
async function load(decide: (key: string) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < DECISIONS) {
        const key = keys[next++ % keys.length] as string;
        const t = performance.now();
        await decide(key);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { rate: DECISIONS / ((performance.now() - started) / 1000), ...summarize(latencies) };
}

const oursDecide = (key: string) =>
  store.check(key, limits, { inputTokens: 1_200, maxOutputTokens: 0 }, Date.now());
const peerDecide = async (key: string) => {
  await requests.consume(key, 1);
  await input.consume(key, 1_200);
  await output.consume(key, 1);
};
await load(oursDecide);
await load(peerDecide);
const ours = await load(oursDecide);
const peer = await load(peerDecide);
const rate = (x: number) => `${Math.round(x).toLocaleString("en-US")}/s`;
console.log(
  `\n### Usage limits on Redis: a 3-dimension check\nMachine: ${machine()}; redis-server ${(await client.info("server")).match(/redis_version:(\S+)/)?.[1]} on loopback. ${DECISIONS.toLocaleString("en-US")} decisions, ${CONCURRENCY} in flight, 1,000 subjects, after one warm-up pass each.\n`,
);
console.log(
  table(
    ["what", "round trips", "decisions/s", "p50", "p99", "target", "÷ peer"],
    [
      [
        "ours: one script call",
        "1",
        rate(ours.rate),
        ms(ours.medianMs),
        ms(ours.p99Ms),
        `≥ 3× peer: ${ours.rate >= 3 * peer.rate ? "met" : "MISSED"}`,
        `${(ours.rate / peer.rate).toFixed(2)}×`,
      ],
      [
        "peer: rate-limiter-flexible RateLimiterRedis, 3 consumes",
        "3",
        rate(peer.rate),
        ms(peer.medianMs),
        ms(peer.p99Ms),
        "",
        "1.00×",
      ],
    ],
  ),
);
client.disconnect();
await redis.close();
