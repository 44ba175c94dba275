import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody, FleetNode, NodeDetail } from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
const headers = () => ({ authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" });
const patch = (path: string, body: unknown) =>
  server.app.request(path, { method: "PATCH", headers: headers(), body: JSON.stringify(body) });
const nodeState = async (name: string) => {
  const res = await server.app.request(`/v1/sites/lab/nodes/${name}`, { headers: headers() });
  return ((await res.json()) as NodeDetail).node.state;
};

beforeAll(async () => {
  server = await startTestServer();
  const res = await importSmallSite(server, "lab", ["a", "b", "c"]);
  expect(res.status).toBe(200);
});
afterAll(async () => server?.close());

describe("setting the state of several nodes", () => {
  it("changes every named node in one request and records an event for each", async () => {
    const res = await patch("/v1/sites/lab/nodes", {
      nodes: ["a", "b"],
      state: "maintenance",
      reason: "rack r1 CDU pump",
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { nodes: FleetNode[] };
    expect(body.nodes.map((n) => [n.name, n.state])).toEqual([
      ["a", "maintenance"],
      ["b", "maintenance"],
    ]);
    const shown = await server.app.request("/v1/sites/lab/nodes/b", { headers: headers() });
    const { events } = (await shown.json()) as NodeDetail;
    expect(events[0]).toMatchObject({ toState: "maintenance", reason: "rack r1 CDU pump" });
  });

  it("changes nothing when one node is unknown, and names it", async () => {
    const res = await patch("/v1/sites/lab/nodes", { nodes: ["c", "zz"], state: "failed", reason: "x" });
    expect(res.status).toBe(404);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.code).toBe("NODE_NOT_FOUND");
    expect(error.issues?.[0]?.field).toBe("nodes[1]");
    expect(await nodeState("c")).toBe("healthy");
  });

  it("refuses an empty list with the bound", async () => {
    const res = await patch("/v1/sites/lab/nodes", { nodes: [], state: "failed", reason: "x" });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.issues?.[0]).toMatchObject({ field: "nodes", bound: ">= 1 items" });
  });
});

describe("a node state change says what it did", () => {
  const siteVersion = async () =>
    (
      (await (await server.app.request("/v1/sites/swap", { headers: headers() })).json()) as {
        site: { version: number };
      }
    ).site.version;

  beforeAll(async () => {
    // Nine nodes in one rack: the spare pool keeps eight (s2..s9), the lease preempts s1 from the house.
    const nodes = Array.from({ length: 9 }, (_, i) => `s${i + 1}`);
    expect((await importSmallSite(server, "swap", nodes)).status).toBe(200);
    await server.tenantKey("lab-x");
    const lease = await server.app.request("/v1/leases?reserve=true", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({
        name: "swap",
        tenant: "lab-x",
        sites: ["swap"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.00" }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      }),
    });
    expect(lease.status, await lease.clone().text()).toBe(201);
  });

  it("names the node that replaced a failed leased node, and the lease as tenant/name", async () => {
    const res = await patch("/v1/sites/swap/nodes/s1", { state: "failed", reason: "XID 79" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      node: { name: "s1", state: "failed" },
      changed: true,
      replacements: [
        {
          lease: "lab-x/swap",
          node: "s1",
          replacement: "s2",
          source: "spare",
          level: "rack",
          shortfallGpus: 0,
        },
      ],
    });
  });

  it("leaves a node already in the state as it is: no event, no new site version", async () => {
    const before = await siteVersion();
    const events = async () =>
      (
        (await (
          await server.app.request("/v1/sites/swap/nodes/s1", { headers: headers() })
        ).json()) as NodeDetail
      ).events.length;
    const eventsBefore = await events();
    const res = await patch("/v1/sites/swap/nodes/s1", { state: "failed", reason: "XID 79 again" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      node: { name: "s1", state: "failed" },
      changed: false,
      replacements: [],
    });
    expect(await events()).toBe(eventsBefore);
    expect(await siteVersion()).toBe(before);

    const batch = await patch("/v1/sites/swap/nodes", {
      nodes: ["s1", "s2"],
      state: "failed",
      reason: "PDU",
    });
    const body = (await batch.json()) as { nodes: FleetNode[]; unchanged: string[]; replacements: unknown[] };
    expect(body.nodes.map((n) => [n.name, n.state])).toEqual([
      ["s1", "failed"],
      ["s2", "failed"],
    ]);
    expect(body.unchanged).toEqual(["s1"]);
    expect(body.replacements).toEqual([
      expect.objectContaining({ lease: "lab-x/swap", node: "s2", replacement: "s3", shortfallGpus: 0 }),
    ]);
  });
});

describe("methods", () => {
  it("answers a wrong method on a known path with 405 and the allowed methods", async () => {
    const res = await server.app.request("/v1/sites/lab/nodes", { method: "DELETE", headers: headers() });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, PATCH");
    expect(((await res.json()) as ErrorBody).error.code).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("the GPU catalogue", () => {
  it("refuses an import that redefines a stored GPU model with other figures", async () => {
    const res = await server.app.request("/v1/fleet/import", {
      method: "POST",
      headers: headers(),
      body: JSON.stringify({
        gpuModels: [{ name: "H100", vendor: "NVIDIA", memoryGb: 80, powerKwPerGpu: 0.2, gpusPerNode: 8 }],
        sites: [
          {
            name: "lab-2",
            pue: 1.2,
            electricityUsdPerMwh: "80",
            powerSources: [{ kind: "grid", installedMw: 2, permittedMw: 2 }],
            topologyLevels: ["rack", "node"],
            nodes: [{ name: "a", path: "r1", gpuModel: "H100", gpuCount: 8 }],
          },
        ],
      }),
    });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.issues?.[0]?.field).toBe("gpuModels[0].name");
  });
});
