import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { AllocationMap, Lease, LeaseHistory, LeaseNodeMoves } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/**
 * What the dashboard reads about a lease and its site: its history as sentences that name the
 * site, the nodes and who acted; who holds each node of a block.
 */

const clock = new ManualClock("2026-12-01T00:00:00.000Z");
let server: TestServer;
let tenant: { tenantId: string; key: string };
let leasedNode: { name: string; path: string };

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

beforeAll(async () => {
  server = await startTestServer({ demo: true, clock });
  tenant = await server.tenantKey("frontier-lab");
  const created = await call("POST", "/v1/leases?reserve=true", {
    name: "story",
    tenant: "frontier-lab",
    sites: ["colossus-1"],
    lines: [{ key: "h100", gpuModel: "H100", gpuCount: 2048, pricePerGpuHour: "2.10" }],
    startsAt: "2026-12-01T00:00:00Z",
    endsAt: "2027-12-01T00:00:00Z",
    noticePeriodDays: 90,
    isolation: "node",
  });
  expect(created.status).toBe(201);
  const moves = await call<LeaseNodeMoves>("GET", "/v1/leases/story/node-moves");
  const first = moves.body.moves[0];
  leasedNode = { name: first?.nodeName ?? "", path: first?.path ?? "" };
  const node = moves.body.moves[1]?.nodeName;
  const failed = await call("PATCH", `/v1/sites/colossus-1/nodes/${node}`, {
    state: "failed",
    reason: "XID 79",
  });
  expect(failed.status).toBe(200);
  const notice = await call("POST", "/v1/leases/story/notice", { reason: "moving to our own site" });
  expect(notice.status).toBe(200);
});
afterAll(async () => server?.close());

describe("GET /v1/leases/{lease}/history", () => {
  it("gives every version and event a sentence, naming the site and who acted", async () => {
    const { status, body } = await call<LeaseHistory>("GET", "/v1/leases/story/history");
    expect(status).toBe(200);
    const versions = body.versions.map((v) => v.summary);
    expect(versions).toEqual([
      expect.stringMatching(/^Created as a draft by operator \(\S+\)$/),
      expect.stringMatching(/^Reserved at colossus-1 by operator \(\S+\)$/),
      "Active: the first tranche started",
      expect.stringMatching(/^Notice given by operator \(\S+\): end moved from 1 Dec 2027 to 1 Mar 2027$/),
    ]);
    const events = Object.fromEntries(body.events.map((e) => [e.topic, e.summary]));
    expect(events["lease.reserved"]).toMatch(/^Reserved at colossus-1 by operator \(\S+\)$/);
    expect(events["tranche.activated"]).toMatch(
      /^Tranche t1 of 2,048 H100 started at colossus-1 across 1 block$/,
    );
    expect(events["allocation.node_replaced"]).toMatch(
      /^Node r\d+-n\d+ failed; replaced by r\d+-n\d+ from the spare pool in the same (rack|block)$/,
    );
    expect(events["lease.notice_given"]).toMatch(/^Notice given by operator \(\S+\): ends 1 Mar 2027$/);
    for (const e of body.events) expect(e.summary).not.toMatch(/site_|node_|\{/);
  });

  it("a tenant reading its own history sees 'operator', not which operator key acted", async () => {
    const { body } = await call<LeaseHistory>("GET", "/v1/leases/story/history", undefined, tenant.key);
    expect(body.versions[1]?.summary).toBe("Reserved at colossus-1 by operator");
    const reserved = body.events.find((e) => e.topic === "lease.reserved");
    expect(reserved?.summary).toBe("Reserved at colossus-1 by operator");
  });
});

describe("GET /v1/sites/{site}/allocation-map?path=", () => {
  it("names who holds each node under a block: the lease, spares, house work, out of service", async () => {
    const block = leasedNode.path.split("/").slice(0, 2).join("/");
    const { status, body } = await call<AllocationMap>(
      "GET",
      `/v1/sites/colossus-1/allocation-map?path=${encodeURIComponent(block)}`,
    );
    expect(status).toBe(200);
    const { lease } = (await call<{ lease: Lease }>("GET", "/v1/leases/story")).body;
    const holderOf = new Map(body.nodes.map((n) => [n.name, n.holder]));
    expect(holderOf.get(leasedNode.name)).toBe(lease.id);
    // Every node of the block, once; its racks' counts agree with the nodes' holders.
    const racks = body.racks.filter((r) => r.path.startsWith(`${block}/`));
    const total = racks.reduce((n, r) => n + Object.values(r.holders).reduce((a, b) => a + b, 0), 0);
    expect(body.nodes).toHaveLength(total);
    for (const holder of ["spare", "house", "out", lease.id]) {
      const fromRacks = racks.reduce((n, r) => n + (r.holders[holder] ?? 0), 0);
      expect(body.nodes.filter((n) => n.holder === holder).length, holder).toBe(fromRacks);
    }
    expect(body.nodes.some((n) => n.holder === "spare")).toBe(true);
  });

  it("lists no nodes without a path, or for a path that is no domain", async () => {
    const whole = await call<AllocationMap>("GET", "/v1/sites/colossus-1/allocation-map");
    expect(whole.body.nodes).toEqual([]);
    expect(whole.body.racks.length).toBeGreaterThan(3000);
    const none = await call<AllocationMap>("GET", "/v1/sites/colossus-1/allocation-map?path=hall-99");
    expect(none.body.nodes).toEqual([]);
  });

  it("is the operator's: a tenant key is refused", async () => {
    const res = await call("GET", "/v1/sites/colossus-1/allocation-map?path=hall-01", undefined, tenant.key);
    expect(res.status).toBe(403);
  });
});
