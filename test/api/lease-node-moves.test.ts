import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody, Lease, LeaseNodeMoves } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
let leaseId: string;
let ownKey: string;
let otherKey: string;
const operator = () => ({
  authorization: `Bearer ${server.operatorKey}`,
  "content-type": "application/json",
});
const moves = async (query: string, key = server.operatorKey) => {
  const res = await server.app.request(`/v1/leases/${leaseId}/node-moves${query}`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: res.status, body: (await res.json()) as LeaseNodeMoves };
};

beforeAll(async () => {
  server = await startTestServer({ demo: true });
  ownKey = (await server.tenantKey("mover")).key;
  otherKey = (await server.tenantKey("outsider")).key;
  const res = await server.app.request("/v1/leases?reserve=true", {
    method: "POST",
    headers: operator(),
    body: JSON.stringify({
      name: "small",
      tenant: "mover",
      sites: ["colossus-1"],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8192, pricePerGpuHour: "2.10" }],
      startsAt: new Date().toISOString(),
      endsAt: "2030-01-01T00:00:00Z",
      isolation: "block",
    }),
  });
  expect(res.status).toBe(201);
  leaseId = ((await res.json()) as { lease: Lease }).lease.id;
});
afterAll(async () => server?.close());

describe("a lease's node moves", () => {
  it("name every house node a starting tranche preempted, page by page", async () => {
    const first = await moves("?limit=600");
    expect(first.status).toBe(200);
    expect(first.body.moves).toHaveLength(600);
    expect(first.body.moves.every((m) => m.from === "house" && m.to === `lease:${leaseId}`)).toBe(true);
    expect(first.body.moves[0]?.reason).toBe("tranche t1 line h100");
    const second = await moves(`?limit=600&cursor=${first.body.nextCursor}`);
    expect(second.body.moves).toHaveLength(1024 - 600);
    expect(second.body.nextCursor).toBeNull();
    const ids = new Set([...first.body.moves, ...second.body.moves].map((m) => m.nodeId));
    expect(ids.size).toBe(1024);
  });

  it("show a failed node leaving and its replacement joining", async () => {
    const { body } = await moves("?limit=1");
    const failed = body.moves[0]?.nodeName ?? "";
    const res = await server.app.request(`/v1/sites/colossus-1/nodes/${failed}`, {
      method: "PATCH",
      headers: operator(),
      body: JSON.stringify({ state: "failed", reason: "XID 79" }),
    });
    expect(res.status).toBe(200);
    const first = await moves("?limit=1000");
    const rest = await moves(`?limit=1000&cursor=${first.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    const tail = [...first.body.moves, ...rest.body.moves].slice(-2);
    expect(tail[0]).toMatchObject({ nodeName: failed, from: `lease:${leaseId}`, to: "out_of_service" });
    expect(tail[1]).toMatchObject({ to: `lease:${leaseId}`, reason: `replaces ${tail[0]?.nodeId}` });
  });

  it("are the tenant's own to read, and nobody else's", async () => {
    expect((await moves("?limit=1", ownKey)).status).toBe(200);
    expect((await moves("?limit=1", otherKey)).status).toBe(404);
  });

  it("refuse a page larger than 1,000 with the bound", async () => {
    const { status, body } = await moves("?limit=1001");
    expect(status).toBe(400);
    expect((body as unknown as ErrorBody).error.issues?.[0]?.bound).toBe("<= 1000");
  });
});
