import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { ErrorBody, LimitVerdict } from "../../src/contract/generated/api.js";
import type { DimensionLimit } from "../../src/limits/limit-set.js";
import { MemoryLimits } from "../../src/limits/memory-limits.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const TIER: DimensionLimit[] = [
  { dimension: "requests", window: "minute", limit: 5 },
  { dimension: "input_tokens", window: "minute", limit: 10_000 },
  { dimension: "output_tokens", window: "minute", limit: 4_000 },
];

let server: TestServer;
let limits: MemoryLimits;
let lab: { tenantId: string; key: string };
let rival: { tenantId: string; key: string };
let gateway: string;
const clock = new ManualClock("2026-12-02T10:00:00.000Z");

beforeAll(async () => {
  limits = new MemoryLimits();
  server = await startTestServer({ limits, clock });
  lab = await server.tenantKey("lab");
  rival = await server.tenantKey("rival");
  const operator = { role: "operator" as const, keyId: "test", keyName: "test" };
  gateway = (
    await server.access.createKey(operator, { name: "lab-gateway", role: "checker", tenant: lab.tenantId })
  ).key;
  limits.publish(lab.tenantId, [{ plan: "tier-1", modelClass: "large", limits: TIER }]);
  limits.publish(rival.tenantId, [{ plan: "tier-1", modelClass: "large", limits: TIER }]);
});
afterAll(async () => server?.close());

const post = (path: string, key: string, body: unknown) =>
  server.app.request(path, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const check = (subject: string, inputTokens: number, maxOutputTokens: number, key = gateway, extra = {}) =>
  post("/v1/limits/check", key, {
    subject,
    plan: "tier-1",
    modelClass: "large",
    inputTokens,
    maxOutputTokens,
    ...extra,
  });

describe("POST /v1/limits/check", () => {
  it("grants with a reservation and the anthropic-ratelimit and RateLimit headers", async () => {
    const res = await check("alice", 1_000, 1_500);
    expect(res.status).toBe(200);
    const verdict = (await res.json()) as LimitVerdict;
    expect(verdict).toMatchObject({
      granted: true,
      tenantId: lab.tenantId,
      limitSetVersion: 1,
      degraded: false,
    });
    expect(verdict.reservationId).toBe(1);
    expect(res.headers.get("anthropic-ratelimit-requests-limit")).toBe("5");
    expect(res.headers.get("anthropic-ratelimit-requests-remaining")).toBe("4");
    expect(res.headers.get("anthropic-ratelimit-input-tokens-remaining")).toBe("9000");
    expect(res.headers.get("anthropic-ratelimit-output-tokens-remaining")).toBe("2500");
    // 1,500 output tokens drain at 4,000 per minute: full again in 22.5 s.
    expect(res.headers.get("anthropic-ratelimit-output-tokens-reset")).toBe("2026-12-02T10:00:23Z");
    expect(res.headers.get("ratelimit-policy")).toContain('"requests-minute";q=5;qu="requests";w=60');
    expect(res.headers.get("ratelimit")).toContain('"output_tokens-minute";r=2500;t=23');
    expect(res.headers.get("retry-after")).toBeNull();
  });

  it("denies with 429 naming the dimension and window, retry-after, and charges nothing", async () => {
    const res = await check("bob", 100, 4_001);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).not.toBeNull();
    const body = (await res.json()) as ErrorBody & { denial: LimitVerdict };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.denial).toMatchObject({
      granted: false,
      reason: "limit",
      dimension: "output_tokens",
      window: "minute",
      exceedsLimit: true,
    });
    const next = await check("bob", 100, 100);
    expect(next.headers.get("anthropic-ratelimit-requests-remaining")).toBe("4");
  });

  it("after the limit, retry-after says when, and then it is granted", async () => {
    for (let i = 0; i < 5; i++) expect((await check("carol", 10, 0)).status).toBe(200);
    const denied = await check("carol", 10, 0);
    expect(denied.status).toBe(429);
    expect(denied.headers.get("retry-after")).toBe("12");
    clock.advanceMs(12_000);
    expect((await check("carol", 10, 0)).status).toBe(200);
  });

  it("refunds on settle what a grant did not use", async () => {
    const granted = (await (await check("dave", 0, 4_000)).json()) as LimitVerdict;
    expect((await check("dave", 0, 1_000)).status).toBe(429);
    const settle = await post("/v1/limits/settle", gateway, {
      subject: "dave",
      modelClass: "large",
      reservationId: granted.reservationId,
      outputTokens: 500,
    });
    expect(await settle.json()).toEqual({ settled: true, refundedTokens: 3_500 });
    expect((await check("dave", 0, 3_000)).status).toBe(200);
  });

  it("denies a plan with no published limits, and names it", async () => {
    const res = await post("/v1/limits/check", gateway, {
      subject: "erin",
      plan: "enterprise",
      modelClass: "large",
      inputTokens: 1,
      maxOutputTokens: 1,
    });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { denial: LimitVerdict }).denial.reason).toBe("no_limits");
  });

  it("puts a new limit set in force on the next check without resetting what was used", async () => {
    for (let i = 0; i < 5; i++) await check("frank", 0, 0);
    expect((await check("frank", 0, 0)).status).toBe(429);
    limits.publish(lab.tenantId, [
      { plan: "tier-1", modelClass: "large", limits: TIER.map((l) => ({ ...l, limit: l.limit * 2 })) },
    ]);
    const res = await check("frank", 0, 0);
    expect(res.status).toBe(200);
    expect(res.headers.get("anthropic-ratelimit-requests-remaining")).toBe("4");
    expect(((await res.json()) as LimitVerdict).limitSetVersion).toBe(2);
    limits.publish(lab.tenantId, [{ plan: "tier-1", modelClass: "large", limits: TIER }]);
  });

  it("refuses a bad input with the field and the bound, and checks nothing", async () => {
    const res = await check("grace", -1, 0);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.issues?.[0]).toMatchObject({ field: "inputTokens" });
    expect((await check("grace", 0, 0)).headers.get("anthropic-ratelimit-requests-remaining")).toBe("4");
  });
});

describe("checks by key", () => {
  it("keeps each tenant's subjects apart: the same subject name is two subjects", async () => {
    for (let i = 0; i < 5; i++) await check("shared-name", 0, 0, lab.key);
    expect((await check("shared-name", 0, 0, lab.key)).status).toBe(429);
    expect((await check("shared-name", 0, 0, rival.key)).status).toBe(200);
  });

  it("refuses a tenant or checker key that names another tenant (404), and asks an operator to name one", async () => {
    const other = await check("x", 0, 0, gateway, { tenant: rival.tenantId });
    expect(other.status).toBe(404);
    expect((await other.text()).includes("rival")).toBe(false);
    const anonymous = await check("x", 0, 0, server.operatorKey);
    expect(anonymous.status).toBe(400);
    const named = await check("x", 0, 0, server.operatorKey, { tenant: rival.tenantId });
    expect(((await named.json()) as LimitVerdict).tenantId).toBe(rival.tenantId);
  });

  it("lets a checker key check and settle, and nothing else", async () => {
    expect(
      (await server.app.request("/v1/leases", { headers: { authorization: `Bearer ${gateway}` } })).status,
    ).toBe(403);
  });
});

describe("POST /v1/limits/check/batch", () => {
  it("decides each check in order, the later ones seeing the earlier grants", async () => {
    const one = { subject: "henry", plan: "tier-1", modelClass: "large", inputTokens: 0, maxOutputTokens: 0 };
    const res = await post("/v1/limits/check/batch", gateway, {
      checks: Array.from({ length: 7 }, () => one),
    });
    const { results } = (await res.json()) as { results: LimitVerdict[] };
    expect(results.map((r) => r.granted)).toEqual([true, true, true, true, true, false, false]);
    expect(results[5]).toMatchObject({ dimension: "requests", window: "minute" });
  });
});

describe("GET /v1/limits/decisions", () => {
  it("counts the tenant's grants and denials of the current minute by what denied them", async () => {
    clock.advanceMs(60_000);
    await check("ivy", 0, 0);
    await check("ivy", 0, 10_000);
    const res = await server.app.request("/v1/limits/decisions", {
      headers: { authorization: `Bearer ${gateway}` },
    });
    const { minutes } = (await res.json()) as {
      minutes: { minute: string; granted: number; denied: Record<string, number> }[];
    };
    expect(minutes).toHaveLength(60);
    expect(minutes.at(-1)).toMatchObject({ granted: 1, denied: { output_tokens: 1, requests: 0 } });
    const rivalView = await server.app.request("/v1/limits/decisions", {
      headers: { authorization: `Bearer ${rival.key}` },
    });
    const rivalMinutes = ((await rivalView.json()) as { minutes: { granted: number }[] }).minutes;
    expect(rivalMinutes.at(-1)?.granted).toBe(0);
  });
});
