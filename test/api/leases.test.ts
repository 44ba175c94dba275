import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { AllocationMap, ErrorBody, Lease, LeaseAllocation } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** The two seed scenarios on the demo site, as one story: rent half, end it with notice, rent all. */

const clock = new ManualClock("2026-12-01T00:00:00.000Z");
let server: TestServer;
let tenant: { tenantId: string; key: string };

const call = async <T>(method: string, path: string, body?: unknown, key?: string) => {
  const res = await server.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${key ?? server.operatorKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as T };
};

const RENT_HALF = {
  name: "rent-half",
  tenant: "frontier-lab",
  sites: ["colossus-1"],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount: 110_000, pricePerGpuHour: "2.10" }],
  startsAt: "2026-12-01T00:00:00Z",
  endsAt: "2027-12-01T00:00:00Z",
  noticePeriodDays: 90,
  isolation: "block",
  placement: { policy: "packed", minIslandGpus: 2048 },
};

beforeAll(async () => {
  server = await startTestServer({ demo: true, clock });
  tenant = await server.tenantKey("frontier-lab");
});
afterAll(async () => server?.close());

describe("rent half", () => {
  let lease: Lease;

  it("holds 110,000 H100 in block isolation and is active at once, priced in exact decimals", async () => {
    const res = await call<{ lease: Lease }>("POST", "/v1/leases?reserve=true", RENT_HALF);
    expect(res.status).toBe(201);
    lease = res.body.lease;
    expect(lease).toMatchObject({ name: "rent-half", status: "active", version: 3 });
    expect(lease.lines[0]).toEqual({
      key: "h100",
      gpuModel: "H100",
      gpuCount: 110_000,
      pricePerGpuHour: "2.100000",
    });
    // 110,000 GPUs × $2.10 × 8,760 hours.
    expect(lease.contractValue).toBe("2023560000.00");
  });

  it("places it on 13,750 nodes grouped by block, every block piece at least 2,048 GPUs", async () => {
    const { body } = await call<LeaseAllocation>("GET", "/v1/leases/rent-half/allocation");
    expect(body.byModel).toEqual([{ gpuModel: "H100", heldGpus: 110_000, missingGpus: 0 }]);
    expect(body.blocks.reduce((n, b) => n + b.nodes, 0)).toBe(13_750);
    for (const block of body.blocks) expect(block.gpus).toBeGreaterThanOrEqual(2048);
    expect(body.blocks.map((b) => b.block)).toEqual([...body.blocks.map((b) => b.block)].sort());
  });

  it("shows create, reserve and activate versions and the outbox events in its history", async () => {
    const { body } = await call<{ versions: Array<{ kind: string }>; events: Array<{ topic: string }> }>(
      "GET",
      `/v1/leases/${lease.id}/history`,
    );
    expect(body.versions.map((v) => v.kind)).toEqual(["create", "reserve", "activate"]);
    expect(body.events.map((e) => e.topic)).toEqual(
      expect.arrayContaining(["lease.created", "lease.reserved", "lease.activated", "tranche.activated"]),
    );
  });

  it("replaces a failed leased node from a spare, so the lease keeps its GPUs", async () => {
    const map = (await call<AllocationMap>("GET", "/v1/sites/colossus-1/allocation-map")).body;
    expect(map.leases).toEqual([
      {
        leaseId: lease.id,
        tenantId: tenant.tenantId,
        name: "rent-half",
        tenantName: "frontier-lab",
        nodes: 13_750,
      },
    ]);
    const rack = map.racks.find((r) => Object.keys(r.holders).join() === lease.id);
    if (!rack) throw new Error("no rack wholly held by rent-half");
    const nodes = await call<{ nodes: Array<{ name: string }> }>(
      "GET",
      `/v1/sites/colossus-1/nodes?path=${rack.path}&limit=1`,
    );
    const name = nodes.body.nodes[0]?.name ?? "";
    const failed = await call("PATCH", `/v1/sites/colossus-1/nodes/${name}`, {
      state: "failed",
      reason: "XID 79",
    });
    expect(failed.status).toBe(200);

    const after = (await call<LeaseAllocation>("GET", "/v1/leases/rent-half/allocation")).body;
    expect(after.byModel).toEqual([{ gpuModel: "H100", heldGpus: 110_000, missingGpus: 0 }]);
    const racks = (await call<AllocationMap>("GET", "/v1/sites/colossus-1/allocation-map")).body.racks;
    expect(racks.find((r) => r.path === rack.path)?.holders).toEqual({
      [lease.id]: (rack.holders[lease.id] ?? 0) - 1,
      out: 1,
    });
    const history = (await call<{ events: Array<{ topic: string }> }>("GET", "/v1/leases/rent-half/history"))
      .body;
    expect(history.events.map((e) => e.topic)).toContain("allocation.node_replaced");
  });

  it("lists it for its tenant's key, and by status and site for the operator", async () => {
    const mine = await call<{ leases: Lease[] }>("GET", "/v1/leases", undefined, tenant.key);
    expect(mine.body.leases.map((l) => l.name)).toEqual(["rent-half"]);
    const active = await call<{ leases: Lease[] }>("GET", "/v1/leases?status=active&site=colossus-1");
    expect(active.body.leases.map((l) => l.id)).toEqual([lease.id]);
    const drafts = await call<{ leases: Lease[] }>("GET", "/v1/leases?status=draft");
    expect(drafts.body.leases).toEqual([]);
  });
});

describe("rent all", () => {
  let lines: Array<{ key: string; gpuModel: string; gpuCount: number; monthlyFee: string }>;

  const rentAll = () => ({
    name: "rent-all",
    tenant: "frontier-lab",
    sites: ["colossus-1"],
    lines,
    startsAt: "2027-03-01T00:00:00Z",
    endsAt: "2029-06-01T00:00:00Z",
    noticePeriodDays: 90,
    rampDiscounts: [{ from: "2027-03-01T00:00:00Z", until: "2027-05-01T00:00:00Z", percentOff: "50" }],
    isolation: "site",
    placement: { policy: "packed" },
  });

  beforeAll(async () => {
    const models = (
      await call<{ gpuModels: Array<{ name: string; gpusPerNode: number }> }>("GET", "/v1/gpu-models")
    ).body.gpuModels;
    const availability = await call<{ byModel: Array<{ gpuModel: string; leasableGpus: number }> }>(
      "GET",
      "/v1/sites/colossus-1/availability",
    );
    // $1.25B a month for the whole site, carried by the H100 line; the other lines are in the fee.
    lines = availability.body.byModel.map((m, i) => {
      const perNode = models.find((g) => g.name === m.gpuModel)?.gpusPerNode ?? 1;
      return {
        key: m.gpuModel.toLowerCase(),
        gpuModel: m.gpuModel,
        gpuCount: Math.floor(m.leasableGpus / perNode) * perNode,
        monthlyFee: i === 0 ? "1250000000" : "0",
      };
    });
  });

  it("is refused while rent-half holds the site, with the reason", async () => {
    expect((await call("POST", "/v1/leases", rentAll())).status).toBe(201);
    const res = await call<ErrorBody>("POST", "/v1/leases/rent-all/reserve");
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("LEASE_UNPLACEABLE");
    expect(res.body.error.message).toMatch(/^lease rent-all fits at none of its sites: colossus-1: /);
    // The calendar runs short of H100 first: the line at fault and how many it could have.
    expect(res.body.error.issues?.[0]).toMatchObject({
      field: "lines[0].gpuCount",
      bound: expect.stringMatching(/^<= [0-9]+ H100 GPUs free at colossus-1 from /),
    });
    const draft = await call<{ lease: Lease }>("GET", "/v1/leases/rent-all");
    expect(draft.body.lease).toMatchObject({ status: "draft", siteId: null });
  });

  it("refuses notice on rent-half shorter than its 90 days, naming the earliest end", async () => {
    const res = await call<ErrorBody>(
      "POST",
      "/v1/leases/rent-half/notice",
      { endsAt: "2027-01-01T00:00:00Z", reason: "want it back" },
      tenant.key,
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("NOTICE_TOO_SHORT");
    expect(res.body.error.message).toContain("2027-03-01T00:00:00.000Z");
  });

  it("refuses to cancel rent-half once it is active", async () => {
    const res = await call<ErrorBody>("POST", "/v1/leases/rent-half/cancel", { reason: "changed our mind" });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("INVALID_TRANSITION");
  });

  it("ends rent-half 90 days after its tenant gives notice, when the tick runs", async () => {
    const notice = await call<{ lease: Lease }>(
      "POST",
      "/v1/leases/rent-half/notice",
      { reason: "moving to the whole site" },
      tenant.key,
    );
    expect(notice.body.lease).toMatchObject({ status: "ending", endsAt: "2027-03-01T00:00:00.000Z" });
    clock.set("2027-03-01T00:00:00.000Z");
    const tick = await call<{ changed: string[] }>("POST", "/v1/leases/tick");
    expect(tick.body.changed).toContain(notice.body.lease.id);
    expect((await call<{ lease: Lease }>("GET", "/v1/leases/rent-half")).body.lease.status).toBe("ended");
    expect((await call<LeaseAllocation>("GET", "/v1/leases/rent-half/allocation")).body.blocks).toEqual([]);
  });

  it("then holds every leasable GPU, preempts every healthy house node, and is worth 26 months of fees", async () => {
    const res = await call<{ lease: Lease }>("POST", "/v1/leases/rent-all/reserve");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.lease).toMatchObject({ status: "active", rampDiscounts: [{ percentOff: "50" }] });
    // 27 months, the first two at half the fee.
    expect(res.body.lease.contractValue).toBe("32500000000.00");
    const allocation = (await call<LeaseAllocation>("GET", "/v1/leases/rent-all/allocation")).body;
    expect(allocation.byModel.map((m) => [m.gpuModel, m.heldGpus, m.missingGpus])).toEqual(
      lines.map((l) => [l.gpuModel, l.gpuCount, 0]),
    );
    const map = (await call<AllocationMap>("GET", "/v1/sites/colossus-1/allocation-map")).body;
    // Only degraded nodes stay with the house: they are never leased.
    const site = (
      await call<{ summary: { nodesByState: { degraded: number } } }>("GET", "/v1/sites/colossus-1")
    ).body;
    expect(map.racks.reduce((n, r) => n + (r.holders.house ?? 0), 0)).toBe(
      site.summary.nodesByState.degraded,
    );
    expect(map.leases.map((l) => l.name)).toEqual(["rent-all"]);
  });
});

describe("over a real connection", () => {
  it("shows a tenant its own lease and runs a tick sent without a body", async () => {
    const shown = await fetch(`${server.url}/v1/leases/rent-all`, {
      headers: { authorization: `Bearer ${tenant.key}` },
    });
    expect(shown.status).toBe(200);
    expect(((await shown.json()) as { lease: Lease }).lease.status).toBe("active");
    const tick = await fetch(`${server.url}/v1/leases/tick`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    expect(tick.status).toBe(200);
    expect(await tick.json()).toEqual({ changed: [] });
  });
});
