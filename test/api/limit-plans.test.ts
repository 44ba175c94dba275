import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type {
  ErrorBody,
  LimitSetDiff,
  LimitSetWithDiff,
  LimitVerdict,
} from "../../src/contract/generated/api.js";
import { DEMO_PLANS } from "../../src/limits/demo-plans.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/**
 * The seed check: the tenant's capacity elsewhere, then the demo site's ~220,000 GPUs leased to it
 * go live; the planner recomputes from the lease events and publishes the set whose diff a lab
 * would publish.
 */

const NOW = "2026-12-01T00:00:00.000Z";
const clock = new ManualClock(NOW);
let server: TestServer;
let lab: { tenantId: string; key: string };

const call = async <T>(method: string, path: string, body?: unknown, key = lab.key) => {
  const res = await server.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (res.status === 204 ? undefined : await res.json()) as T };
};

beforeAll(async () => {
  server = await startTestServer({ demo: true, clock });
  lab = await server.tenantKey("frontier-lab");
  // Capacity it already serves from elsewhere: 270,000 H100.
  await call("PUT", "/v1/tenants/frontier-lab/serving-profile", {
    otherGpus: [{ gpuModel: "H100", gpus: 270_000 }],
  });
  for (const { name, ...plan } of DEMO_PLANS) {
    const res = await call("PUT", `/v1/tenants/frontier-lab/limit-plans/${name}`, plan);
    expect(res.status).toBe(200);
  }
}, 120_000);
afterAll(async () => server?.close());

const limit = (set: LimitSetWithDiff["set"], plan: string, dimension: string, window: string) =>
  set.plans
    .find((p) => p.plan === plan && p.modelClass === "large")
    ?.limits.find((l) => l.dimension === dimension && l.window === window)?.limit ?? 0;

/** A gateway's check of one Pro request on the large model class, with a checker key. */
let gateway: string;
const checkPro = (subject: string) =>
  call<LimitVerdict>(
    "POST",
    "/v1/limits/check",
    { subject, plan: "pro", modelClass: "large", inputTokens: 1_000, maxOutputTokens: 500 },
    gateway,
  );
const fiveHourOutput = (verdict: LimitVerdict) =>
  verdict.limits.find((l) => l.dimension === "output_tokens" && l.window === "five_hours")?.limit;

describe("limits follow live capacity", () => {
  it("computes and publishes a first set on demand, with peak-hour reductions while capacity is short", async () => {
    const { status, body } = await call<LimitSetWithDiff>(
      "POST",
      "/v1/tenants/frontier-lab/limit-sets?publish=true",
    );
    expect(status).toBe(201);
    expect(body.set.version).toBe(1);
    expect(body.set.status).toBe("published");
    expect(body.set.planning.gpusByModel).toEqual({ H100: 270_000 });
    expect(body.set.plans.find((p) => p.plan === "pro")?.peak?.factor).toBe(0.75);
    expect(body.diff.rows.every((r) => r.change === "added")).toBe(true);
    expect(server.publishedLimits.versionOf(lab.tenantId)).toBe(1);
    expect(server.publishedLimits.limitsFor(lab.tenantId, "pro", "large")?.limits).toEqual(
      body.set.plans.find((p) => p.plan === "pro")?.limits,
    );

    // The limiter enforces what was just published, for the tenant's gateway.
    const operator = { role: "operator" as const, keyId: "test", keyName: "test" };
    gateway = (
      await server.access.createKey(operator, { name: "gateway", role: "checker", tenant: lab.tenantId })
    ).key;
    const verdict = await checkPro("alice");
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ granted: true, limitSetVersion: 1 });
    expect(fiveHourOutput(verdict.body)).toBe(limit(body.set, "pro", "output_tokens", "five_hours"));
  });

  it("recomputes once when the 220,000-GPU lease goes live: 5-hour limits double, peaks go, weekly stay", async () => {
    const template = await call<Record<string, unknown>>(
      "GET",
      `/v1/sites/colossus-1/lease-templates/rent-all?tenant=frontier-lab&startsAt=${encodeURIComponent("2026-12-01T01:00:00.000Z")}`,
      undefined,
      server.operatorKey,
    );
    expect(template.status).toBe(200);
    const created = await call<{ id: string }>(
      "POST",
      "/v1/leases?reserve=true",
      template.body,
      server.operatorKey,
    );
    expect(created.status).toBe(201);
    // Reserved, not live: nothing to plan for yet.
    expect((await server.limitEvents.run()).size).toBe(0);

    clock.set("2026-12-01T02:00:00.000Z");
    await server.leases.tick();
    const computed = await server.limitEvents.run();
    expect(computed.get(lab.tenantId)).toBe(2);
    expect((await server.limitEvents.run()).size).toBe(0);

    const { body } = await call<LimitSetWithDiff>("GET", "/v1/tenants/frontier-lab/limit-sets/current");
    expect(body.set.version).toBe(2);
    expect(body.set.trigger.kind).toBe("capacity_change");
    const live = Object.values(body.set.planning.gpusByModel).reduce((a, b) => a + b, 0);
    expect(live - 270_000).toBeGreaterThan(200_000);
    expect(server.publishedLimits.versionOf(lab.tenantId)).toBe(2);

    const diff = (await call<LimitSetDiff>("GET", "/v1/tenants/frontier-lab/limit-sets/2/diff")).body;
    expect(diff.against).toBe(1);
    const rows = diff.diff.rows;
    for (const plan of ["pro", "max-5x", "max-20x"]) {
      const five = rows.find(
        (r) => r.plan === plan && r.dimension === "output_tokens" && r.window === "five_hours",
      );
      expect(five?.ratio).toBeGreaterThan(1.7);
      expect(five?.ratio).toBeLessThan(2.3);
      for (const r of rows.filter((r) => r.plan === plan && r.window === "week"))
        expect(r.change).toBe("unchanged");
    }
    for (const r of rows.filter((r) => r.plan.startsWith("api-") && r.dimension !== "requests"))
      expect(r.change).toBe("raised");
    expect(diff.diff.peaks.map((p) => `${p.plan} ${p.change}`).sort()).toEqual([
      "max-20x removed",
      "max-5x removed",
      "pro removed",
    ]);
    expect(limit(body.set, "max-5x", "output_tokens", "five_hours")).toBe(
      5 * limit(body.set, "pro", "output_tokens", "five_hours"),
    );

    // The next check is held to the new set, without a restart (an hour later, alice's earlier use
    // has been replenished; this check's reservation is what is spent).
    const verdict = await checkPro("alice");
    expect(verdict.body).toMatchObject({ granted: true, limitSetVersion: 2 });
    const fiveHour = verdict.body.limits.find(
      (l) => l.dimension === "output_tokens" && l.window === "five_hours",
    );
    expect(fiveHour?.limit).toBe(limit(body.set, "pro", "output_tokens", "five_hours"));
    expect(fiveHour?.remaining).toBe((fiveHour?.limit ?? 0) - 500);
  }, 120_000);

  it("keeps a computed set as a draft when the profile asks for approval, until someone publishes it", async () => {
    await call("PUT", "/v1/tenants/frontier-lab/serving-profile", {
      otherGpus: [{ gpuModel: "H100", gpus: 270_000 }],
      requireApproval: true,
    });
    const draft = await call<LimitSetWithDiff>("POST", "/v1/tenants/frontier-lab/limit-sets");
    expect(draft.body.set.status).toBe("draft");
    expect(server.publishedLimits.versionOf(lab.tenantId)).toBe(2);
    const published = await call<LimitSetWithDiff>(
      "POST",
      `/v1/tenants/frontier-lab/limit-sets/${draft.body.set.version}/publish`,
    );
    expect(published.status).toBe(200);
    expect(published.body.set.status).toBe("published");
    expect(server.publishedLimits.versionOf(lab.tenantId)).toBe(draft.body.set.version);
    const again = await call<ErrorBody>(
      "POST",
      `/v1/tenants/frontier-lab/limit-sets/${draft.body.set.version}/publish`,
    );
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("INVALID_TRANSITION");
  });

  it("lists sets newest first, a page at a time", async () => {
    const first = await call<{ sets: Array<{ version: number }>; nextCursor: string | null }>(
      "GET",
      "/v1/tenants/frontier-lab/limit-sets?limit=2",
    );
    expect(first.body.sets.map((s) => s.version)).toEqual([3, 2]);
    const next = await call<{ sets: Array<{ version: number }>; nextCursor: string | null }>(
      "GET",
      `/v1/tenants/frontier-lab/limit-sets?limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(next.body.sets.map((s) => s.version)).toEqual([1]);
    expect(next.body.nextCursor).toBeNull();
  });

  it("refuses a bad plan naming the field and bound, and changes nothing", async () => {
    const before = await call<{ plans: unknown[] }>("GET", "/v1/tenants/frontier-lab/limit-plans");
    const res = await call<ErrorBody>("PUT", "/v1/tenants/frontier-lab/limit-plans/max-5x", {
      kind: "subscription",
      subscribers: 10,
      expectedUsage: 0.1,
      multipleOf: { plan: "nonesuch", factor: 5 },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.issues?.[0]).toMatchObject({ field: "multipleOf.plan", bound: "an existing plan" });
    expect((await call<{ plans: unknown[] }>("GET", "/v1/tenants/frontier-lab/limit-plans")).body).toEqual(
      before.body,
    );
  });

  it("does not let another tenant's key see or change this tenant's limits", async () => {
    const other = await server.tenantKey("rival-lab");
    for (const [method, path] of [
      ["GET", "/v1/tenants/frontier-lab/limit-sets/current"],
      ["GET", "/v1/tenants/frontier-lab/serving-profile"],
      ["POST", "/v1/tenants/frontier-lab/limit-sets?publish=true"],
      ["DELETE", "/v1/tenants/frontier-lab/limit-plans/api-tier-1"],
    ] as const) {
      const res = await call<ErrorBody>(method, path, undefined, other.key);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("TENANT_NOT_FOUND");
    }
    expect(server.publishedLimits.versionOf(other.tenantId)).toBe(0);
  });
});
