import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis, type TestRedis } from "../../test/support/redis-server.js";
import { InProcessStore } from "../limits/in-process-store.js";
import type { DimensionLimit } from "../limits/limit-set.js";
import type { LimitStore } from "../limits/limit-store.js";
import { Limiter, type LimitVerdict } from "../limits/limiter.js";
import { MemoryLimits } from "../limits/memory-limits.js";
import { RedisStore } from "../limits/redis-store.js";
import { prng } from "../shared/prng.js";

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.close();
});

const TIER: DimensionLimit[] = [
  { dimension: "requests", window: "minute", limit: 50 },
  { dimension: "input_tokens", window: "minute", limit: 40_000 },
  { dimension: "output_tokens", window: "minute", limit: 8_000 },
  { dimension: "output_tokens", window: "five_hours", limit: 30_000 },
];

function limiterOn(store: LimitStore, limits: DimensionLimit[] = TIER): Limiter {
  const published = new MemoryLimits();
  published.publish("tnt_a", [{ plan: "tier-2", modelClass: "large", limits }]);
  return new Limiter(published, store);
}

const check = (subject: string, inputTokens: number, maxOutputTokens: number) => ({
  tenantId: "tnt_a",
  subject,
  plan: "tier-2",
  modelClass: "large",
  inputTokens,
  maxOutputTokens,
});

describe("the Redis store", () => {
  it("gives the in-process store's answer, headers included, to the same random stream", async () => {
    const random = prng(7);
    const local = limiterOn(new InProcessStore(30_000));
    const shared = limiterOn(new RedisStore(redis.client(), 30_000, "lh-parity:"));
    let now = 1_770_000_000_000;
    const granted: { subject: string; id: number }[] = [];
    for (let i = 0; i < 400; i++) {
      now += Math.floor(random() * 3_000);
      const subject = `user-${Math.floor(random() * 3)}`;
      if (random() < 0.3 && granted.length > 0) {
        const g = granted.splice(Math.floor(random() * granted.length), 1)[0];
        if (!g) continue;
        const actual = Math.floor(random() * 3_000);
        const a = await local.settle("tnt_a", g.subject, "large", g.id, actual, now);
        const b = await shared.settle("tnt_a", g.subject, "large", g.id, actual, now);
        expect(b).toEqual(a);
        continue;
      }
      const request = check(subject, Math.floor(random() * 4_000), Math.floor(random() * 2_500));
      const a: LimitVerdict = await local.check(request, now);
      const b: LimitVerdict = await shared.check(request, now);
      expect(b).toEqual(a);
      if (a.granted && a.reservationId) granted.push({ subject, id: a.reservationId });
    }
  });

  it("never grants more than the limit to many clients of several servers racing on one subject", async () => {
    const servers = [0, 1, 2].map(() =>
      limiterOn(new RedisStore(redis.client(), 30_000, "lh-race:"), [
        { dimension: "requests", window: "week", limit: 100 },
      ]),
    );
    const now = Date.now();
    const verdicts = await Promise.all(
      Array.from({ length: 600 }, (_, i) => servers[i % 3]?.check(check("shared-user", 10, 0), now)),
    );
    expect(verdicts.filter((v) => v?.granted).length).toBe(100);
  });

  it("keys a subject under one hash tag, so a Redis Cluster holds all its keys in one slot", async () => {
    const client = redis.client();
    await limiterOn(new RedisStore(client, 30_000, "lh-tag:")).check(check("alice", 1, 1), Date.now());
    const keys = (await client.keys("lh-tag:*")).sort();
    expect(keys).toEqual([
      "lh-tag:{tnt_a:alice}:large",
      "lh-tag:{tnt_a:alice}:large:a",
      "lh-tag:{tnt_a:alice}:large:r",
    ]);
  });
});
