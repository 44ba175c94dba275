import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type {
  ErrorBody,
  HeartbeatAck,
  IssuedAgentKeys,
  NodeDetail,
  SiteHealth,
} from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const clock = new ManualClock("2027-03-01T10:00:00.000Z");
let server: TestServer;
let keys: Map<string, string>;

const json = (key: string) => ({ authorization: `Bearer ${key}`, "content-type": "application/json" });
const op = () => json(server.operatorKey);

function gpus(n: number, extra: Partial<Record<string, unknown>> = {}) {
  return Array.from({ length: n }, (_, i) => ({
    uuid: `GPU-${i}`,
    utilizationPct: 90,
    powerW: 700,
    temperatureC: 65,
    memoryUsedMib: 60_000,
    memoryTotalMib: 81_559,
    eccUncorrectedNew: 0,
    xid: null,
    ...(i === 0 ? extra : {}),
  }));
}

let sequence = 0;
function beat(options: { agentId?: string; gpus?: unknown[]; gpusLost?: number; sequence?: number } = {}) {
  return {
    agentId: options.agentId ?? "agent-a",
    sequence: options.sequence ?? ++sequence,
    readAt: clock.now(),
    intervalS: 10,
    gpus: options.gpus ?? gpus(8),
    gpusLost: options.gpusLost ?? 0,
  };
}

async function report(node: string, heartbeats: unknown[], as = node, site = "lab") {
  return server.app.request("/v1/agent/heartbeats", {
    method: "POST",
    headers: json(keys.get(as) ?? ""),
    body: JSON.stringify({ site, node, heartbeats }),
  });
}

async function detail(node: string): Promise<NodeDetail> {
  const res = await server.app.request(`/v1/sites/lab/nodes/${node}`, { headers: op() });
  return (await res.json()) as NodeDetail;
}

async function counted(node: string): Promise<number> {
  const rows = await server.db.query<{ n: string }>(
    "SELECT h.heartbeats AS n FROM node_health h JOIN nodes n ON n.id = h.node_id WHERE n.name = $1",
    [node],
  );
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  server = await startTestServer({ clock });
  expect((await importSmallSite(server, "lab", ["a", "b", "c", "d", "e"])).status).toBe(200);
  expect((await importSmallSite(server, "other", ["x"])).status).toBe(200);
  const res = await server.app.request("/v1/sites/lab/agent-keys", {
    method: "POST",
    headers: op(),
    body: "{}",
  });
  expect(res.status).toBe(201);
  const issued = (await res.json()) as IssuedAgentKeys;
  expect(issued.keys).toHaveLength(5);
  keys = new Map(issued.keys.map((k) => [k.node, k.key]));
});
afterAll(async () => server?.close());

describe("agent keys", () => {
  it("authenticate as their node's agent, and nothing else", async () => {
    const key = keys.get("a") ?? "";
    expect(key).toMatch(/^lh_ag_[0-9A-Za-z]{32}$/);
    const me = await server.app.request("/v1/agent/identity", { headers: json(key) });
    expect(await me.json()).toMatchObject({ node: "a" });
    const sites = await server.app.request("/v1/sites", { headers: json(key) });
    expect(sites.status).toBe(403);
    const tenant = await server.tenantKey("acme");
    const asTenant = await server.app.request("/v1/agent/heartbeats", {
      method: "POST",
      headers: json(tenant.key),
      body: JSON.stringify({ site: "lab", node: "a", heartbeats: [beat()] }),
    });
    expect(asTenant.status).toBe(403);
  });

  it("are refused once revoked; issuing again replaces the old key", async () => {
    const res = await server.app.request("/v1/sites/lab/agent-keys", {
      method: "POST",
      headers: op(),
      body: JSON.stringify({ nodes: ["e"] }),
    });
    const issued = (await res.json()) as IssuedAgentKeys;
    expect(issued.revoked).toBe(1);
    const old = keys.get("e") ?? "";
    expect((await server.app.request("/v1/agent/identity", { headers: json(old) })).status).toBe(401);
    const fresh = issued.keys[0]?.key ?? "";
    expect((await server.app.request("/v1/agent/identity", { headers: json(fresh) })).status).toBe(200);
    const revoke = await server.app.request("/v1/sites/lab/nodes/e/agent-key", {
      method: "DELETE",
      headers: op(),
    });
    expect(revoke.status).toBe(200);
    expect((await server.app.request("/v1/agent/identity", { headers: json(fresh) })).status).toBe(401);
  });
});

describe("heartbeats", () => {
  it("count once however often they are re-sent", async () => {
    const batch = [beat(), beat(), beat()];
    const first = (await (await report("a", batch)).json()) as HeartbeatAck;
    expect(first).toMatchObject({
      accepted: 3,
      duplicates: 0,
      highWater: batch[2]?.sequence,
      state: "healthy",
    });
    for (let i = 0; i < 3; i++) {
      const again = (await (await report("a", batch)).json()) as HeartbeatAck;
      expect(again).toMatchObject({ accepted: 0, duplicates: 3 });
    }
    const overlapping = (await (await report("a", [batch[2], beat()])).json()) as HeartbeatAck;
    expect(overlapping).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(await counted("a")).toBe(4);
  });

  it.each([
    ["another node", "b", "a", "lab", 403, "FORBIDDEN", "node"],
    ["an unknown node", "zz", "a", "lab", 404, "NODE_NOT_FOUND", "node"],
    ["another site", "x", "a", "other", 403, "FORBIDDEN", "site"],
  ])("for %s are refused and change nothing", async (_what, node, as, site, status, code, field) => {
    const before = await counted("a");
    const res = await report(node, [beat()], as, site);
    expect(res.status).toBe(status);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe(code);
    expect(error.issues?.[0]?.field).toBe(field);
    expect(await counted("a")).toBe(before);
  });

  it.each([
    ["a future timestamp", { readAt: "2027-03-01T11:00:00.000Z" }, "heartbeats[0].readAt"],
    ["an absurd power reading", { gpus: gpus(8, { powerW: 90_000 }) }, "heartbeats[0].gpus[0].powerW"],
    ["an absurd temperature", { gpus: gpus(8, { temperatureC: 900 }) }, "heartbeats[0].gpus[0].temperatureC"],
    ["a sequence of 0", { sequence: 0 }, "heartbeats[0].sequence"],
  ])("with %s are refused with the field and its bound", async (_what, change, field) => {
    const before = await counted("a");
    const res = await report("a", [{ ...beat(), ...change }]);
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.issues?.[0]?.field).toBe(field);
    expect(error.issues?.[0]?.bound).toBeTruthy();
    expect(await counted("a")).toBe(before);
  });

  it("fill measured energy per holder and hour", async () => {
    const rows = await server.db.query<{ holder: string; wh: string; readings: string }>(
      `SELECT holder, it_energy_wh AS wh, readings FROM measured_energy_hours m JOIN sites s ON s.id = m.site_id
       WHERE s.name = 'lab'`,
    );
    // Node a: 4 heartbeats × 8 GPUs × 700 W × 10 s = 62.2 Wh, 32 readings; it is its rack's spare.
    expect(rows.map((r) => [r.holder, Number(r.wh), Number(r.readings)])).toEqual([["spare", 62, 32]]);
  });
});

describe("health from heartbeats", () => {
  it("fails a node on a fatal XID with the cause, and recovers it after 3 good heartbeats", async () => {
    const ack = (await (
      await report("b", [beat({ agentId: "agent-b", gpus: gpus(8, { xid: 79 }) })])
    ).json()) as HeartbeatAck;
    expect(ack.change).toMatchObject({ from: "healthy", to: "failed" });
    const failed = await detail("b");
    expect(failed.node.state).toBe("failed");
    expect(failed.events[0]?.reason).toBe("fatal-xid: fatal XID 79 on GPU-0");
    for (let i = 0; i < 2; i++) await report("b", [beat({ agentId: "agent-b" })]);
    expect((await detail("b")).node.state).toBe("failed");
    await report("b", [beat({ agentId: "agent-b" })]);
    const recovered = await detail("b");
    expect(recovered.node.state).toBe("healthy");
    expect(recovered.events[0]?.reason).toMatch(/^recovered: 3 good heartbeats in a row after fatal-xid/);
  });

  it("ignores an application XID (13) by default, and fails on it once the operator lists it", async () => {
    await report("c", [beat({ agentId: "agent-c", gpus: gpus(8, { xid: 13 }) })]);
    expect((await detail("c")).node.state).toBe("healthy");
    const put = await server.app.request("/v1/health-policy", {
      method: "PUT",
      headers: op(),
      body: JSON.stringify({ fatalXids: [13, 79], missedIntervals: 3, recoveryHeartbeats: 3 }),
    });
    expect(put.status).toBe(200);
    await report("c", [beat({ agentId: "agent-c", gpus: gpus(8, { xid: 13 }) })]);
    expect((await detail("c")).node.state).toBe("failed");
    const bad = await server.app.request("/v1/health-policy", {
      method: "PUT",
      headers: op(),
      body: JSON.stringify({ fatalXids: [79], missedIntervals: 0, recoveryHeartbeats: 3 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.issues?.[0]).toMatchObject({
      field: "missedIntervals",
      bound: ">= 1",
    });
  });

  it("fails a node with a GPU missing from the bus", async () => {
    const ack = (await (
      await report("d", [beat({ agentId: "agent-d", gpus: gpus(7), gpusLost: 1 })])
    ).json()) as HeartbeatAck;
    expect(ack.change?.reason).toBe("gpu-missing: 1 of 8 GPUs missing from the bus (7 answered)");
  });

  it("leaves a node in maintenance there whatever its agent says", async () => {
    await server.app.request("/v1/sites/lab/nodes/d", {
      method: "PATCH",
      headers: op(),
      body: JSON.stringify({ state: "maintenance", reason: "reseat GPU 7" }),
    });
    for (let i = 0; i < 5; i++) await report("d", [beat({ agentId: "agent-d" })]);
    await report("d", [beat({ agentId: "agent-d", gpus: gpus(8, { eccUncorrectedNew: 4 }) })]);
    expect((await detail("d")).node.state).toBe("maintenance");
  });

  it("fails a node whose agent went quiet for more than N intervals, not before", async () => {
    await report("a", [beat()]);
    clock.advanceMs(30_000);
    expect(await server.healthMonitor.sweep()).toBe(0);
    clock.advanceMs(1_000);
    expect(await server.healthMonitor.sweep()).toBeGreaterThanOrEqual(1);
    const a = await detail("a");
    expect(a.node.state).toBe("failed");
    expect(a.events[0]).toMatchObject({ actor: "system:health-monitor" });
    expect(a.events[0]?.reason).toMatch(/^missed-heartbeats: /);
  });

  it("shows the site's health: freshness and failed nodes by cause", async () => {
    const res = await server.app.request("/v1/sites/lab/health", { headers: op() });
    const health = (await res.json()) as SiteHealth;
    expect(health.reportingNodes).toBe(4);
    expect(health.failedByCause).toEqual(
      expect.arrayContaining([
        { cause: "fatal-xid", nodes: 1 },
        { cause: "missed-heartbeats", nodes: expect.any(Number) },
      ]),
    );
    expect(health.failedNodes.find((n) => n.node === "c")?.cause).toBe("fatal-xid");
  });
});
