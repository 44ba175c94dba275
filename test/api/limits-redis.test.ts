import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LimitVerdict } from "../../src/contract/generated/api.js";
import { MemoryLimits } from "../../src/limits/memory-limits.js";
import { RedisStore } from "../../src/limits/redis-store.js";
import { startRedis, type TestRedis } from "../support/redis-server.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let redis: TestRedis;
const servers: TestServer[] = [];
const clients: Redis[] = [];
const limits = new MemoryLimits();
let tenantId = "";

/** A client as the server configures one: no offline queue, no retries, a short timeout. */
function failFastClient(): Redis {
  const client = new Redis(redis.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 250,
  });
  client.on("error", () => {});
  clients.push(client);
  return client;
}

async function serverWith(policy: "open" | "closed"): Promise<TestServer> {
  const server = await startTestServer({
    limits,
    limitStore: new RedisStore(failFastClient()),
    limitFailure: policy,
  });
  servers.push(server);
  return server;
}

let closed: TestServer;
let open: TestServer;
beforeAll(async () => {
  redis = await startRedis();
  closed = await serverWith("closed");
  open = await serverWith("open");
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  for (const s of servers) await s.close();
  await redis.close();
});

const check = (server: TestServer, subject: string) =>
  server.app.request("/v1/limits/check", {
    method: "POST",
    headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      tenant: tenantId,
      subject,
      plan: "tier-1",
      modelClass: "large",
      inputTokens: 1,
      maxOutputTokens: 1,
    }),
  });
const metrics = async (server: TestServer) =>
  (
    await server.app.request("/metrics", { headers: { authorization: `Bearer ${server.operatorKey}` } })
  ).text();

describe("limit checks on Redis", () => {
  it("shares usage between servers, falls back to the failure policy while Redis is down, and recovers by itself", async () => {
    tenantId = (await closed.tenantKey("lab")).tenantId;
    limits.publish(tenantId, [
      {
        plan: "tier-1",
        modelClass: "large",
        limits: [{ dimension: "requests", window: "minute", limit: 4 }],
      },
    ]);
    // Two servers, one Redis: four grants between them, then both deny.
    const answers = [];
    for (const server of [closed, open, closed, open, closed, open])
      answers.push((await check(server, "ada")).status);
    expect(answers).toEqual([200, 200, 200, 200, 429, 429]);
    await redis.stop();
    const denied = await check(closed, "bob");
    expect(denied.status).toBe(429);
    expect(((await denied.json()) as { denial: LimitVerdict }).denial.reason).toBe("store_unavailable");
    const granted = await check(open, "bob");
    expect(granted.status).toBe(200);
    expect(((await granted.json()) as LimitVerdict).degraded).toBe(true);
    expect(await metrics(closed)).toMatch(/leasehold_limits_store_up\{store="redis",policy="closed"\} 0/);
    expect(await metrics(closed)).toMatch(
      /leasehold_limits_store_failures_total\{store="redis",policy="closed"\} 1/,
    );
    await redis.start();
    let status = 0;
    for (let attempt = 0; attempt < 100 && status !== 200; attempt++) {
      status = (await check(closed, "carol")).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect(await metrics(closed)).toMatch(/leasehold_limits_store_up\{store="redis",policy="closed"\} 1/);
  });
});
