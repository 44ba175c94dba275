import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody, ImportStreamLine, NodePage, SiteDetail } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
const auth = () => ({ authorization: `Bearer ${server.operatorKey}` });
const get = async <T>(path: string): Promise<T> => {
  const res = await server.app.request(path, { headers: auth() });
  expect(res.status, `GET ${path}`).toBe(200);
  return (await res.json()) as T;
};

beforeAll(async () => {
  server = await startTestServer({ demo: true });
});
afterAll(async () => server?.close());

describe("the built-in Colossus demo", () => {
  it("summarizes colossus-1 as 221,440 GPUs with the gas turbines 174 MW over their permit", async () => {
    const { site, summary } = await get<SiteDetail>("/v1/sites/colossus-1");
    expect(site.electricityUsdPerMwh).toBe("67.000000");
    expect(summary.gpus).toBe(221_440);
    expect(summary.nodes).toBe(30_272);
    expect(summary.capacityByModel.map((m) => [m.gpuModel, m.gpus])).toEqual([
      ["H100", 151_552],
      ["H200", 49_152],
      ["GB200", 20_736],
    ]);
    // Continuous supply only: the 150 MW / 600 MWh battery is storage, shown as ride-through.
    expect(summary.power).toMatchObject({ installedMw: 571, permittedMw: 397 });
    expect((summary.power as { storage?: unknown }).storage).toMatchObject({ powerMw: 150, energyMwh: 600 });
    expect(summary.power.designMw).toBeGreaterThan(290);
    expect(summary.power.designMw).toBeLessThan(310);
    expect(summary.warnings).toContainEqual(
      expect.objectContaining({ code: "INSTALLED_OVER_PERMIT", source: "gas_turbine", excessMw: 174 }),
    );
  });

  it("draws the topology as 58 blocks of racks", async () => {
    const map = await get<{ cellLevel: string; groupLevel: string; groups: Array<{ racks: unknown[] }> }>(
      "/v1/sites/colossus-1/topology",
    );
    expect(map.cellLevel).toBe("rack");
    expect(map.groupLevel).toBe("block");
    expect(map.groups).toHaveLength(37 + 12 + 9);
    expect(map.groups.map((g) => g.racks.length).reduce((a, b) => a + b, 0)).toBe(37 * 64 + 12 * 64 + 9 * 32);
  });

  it("pages through every failed node with cursors, matching the summary's count", async () => {
    const { summary } = await get<SiteDetail>("/v1/sites/colossus-1");
    const ids = new Set<string>();
    let cursor: string | null = "";
    while (cursor !== null) {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page: NodePage = await get<NodePage>(`/v1/sites/colossus-1/nodes?state=failed&limit=17${query}`);
      for (const n of page.nodes) {
        expect(n.state).toBe("failed");
        ids.add(n.id);
      }
      cursor = page.nextCursor;
    }
    expect(ids.size).toBe(summary.nodesByState.failed);
    expect(ids.size).toBeGreaterThan(17);
  });

  it("filters nodes by whole path segments", async () => {
    const page = await get<NodePage>("/v1/nodes?site=colossus-1&path=hall-07/block-050&limit=1000");
    expect(page.nodes).toHaveLength(32 * 18);
    expect(page.nodes.every((n) => n.path.startsWith("hall-07/block-050/"))).toBe(true);
    expect((await get<NodePage>("/v1/nodes?path=hall-0&limit=10")).nodes).toEqual([]);
  });

  it("records a state change and shows it in the next summary", async () => {
    const before = await get<SiteDetail>("/v1/sites/colossus-1");
    const res = await server.app.request("/v1/sites/colossus-1/nodes/r0001-n01", {
      method: "PATCH",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify({ state: "maintenance", reason: "reseat GPU 3" }),
    });
    expect(res.status).toBe(200);
    const after = await get<SiteDetail>("/v1/sites/colossus-1");
    expect(after.site.version).toBe(before.site.version + 1);
    expect(after.summary.nodesByState.maintenance).toBe((before.summary.nodesByState.maintenance ?? 0) + 1);
    const { events } = await get<{ events: Array<{ toState: string; reason: string }> }>(
      "/v1/sites/colossus-1/nodes/r0001-n01",
    );
    expect(events[0]).toMatchObject({ toState: "maintenance", reason: "reseat GPU 3" });
  });

  it("exports colossus-1 and imports it back with replace to the same summary", async () => {
    const before = await get<SiteDetail>("/v1/sites/colossus-1");
    const doc = await get<{ sites: unknown[] }>("/v1/fleet/export?site=colossus-1");
    const res = await server.app.request("/v1/fleet/import?replace=true", {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json" },
      body: JSON.stringify(doc),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ nodes: 30_272, gpus: 221_440, sites: [{ replaced: true }] });
    const after = await get<SiteDetail>("/v1/sites/colossus-1");
    expect(after.site.id).not.toBe(before.site.id);
    expect(after.summary).toEqual(before.summary);
  });
});

describe("streaming import", () => {
  const small = (name: string, gpuCount = 8) => ({
    sites: [
      {
        name,
        pue: 1.3,
        electricityUsdPerMwh: "85",
        powerSources: [{ kind: "solar", installedMw: 5, permittedMw: 5 }],
        topologyLevels: ["rack", "node"],
        nodes: Array.from({ length: 12 }, (_, i) => ({
          name: `n${i}`,
          path: "r1",
          gpuModel: "H200",
          gpuCount,
        })),
      },
    ],
  });
  const stream = async (doc: unknown) => {
    const res = await fetch(`${server.url}/v1/fleet/import`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json", accept: "application/x-ndjson" },
      body: JSON.stringify(doc),
    });
    expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const text = await res.text();
    return text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as ImportStreamLine);
  };

  it("streams progress lines and ends with the result", async () => {
    const lines = await stream(small("austin-1"));
    expect(lines.slice(0, -1).every((l) => l.type === "progress")).toBe(true);
    expect(lines.slice(0, -1).map((l) => ("phase" in l ? l.phase : l.type))).toEqual([
      "validated",
      "writing",
      "committed",
    ]);
    expect(lines.at(-1)).toMatchObject({ type: "result", result: { nodes: 12, gpus: 96 } });
    expect((await get<SiteDetail>("/v1/sites/austin-1")).summary.gpus).toBe(96);
  });

  it("answers a bad file with a plain 400 before streaming anything, and writes nothing", async () => {
    const res = await fetch(`${server.url}/v1/fleet/import`, {
      method: "POST",
      headers: { ...auth(), "content-type": "application/json", accept: "application/x-ndjson" },
      body: JSON.stringify(small("austin-2", 16)),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.issues?.[0]).toMatchObject({ field: "sites[0].nodes[0].gpuCount", bound: "<= 8" });
    const after = await server.app.request("/v1/sites/austin-2", { headers: auth() });
    expect(after.status).toBe(404);
  });
});

describe("system routes", () => {
  it.each(["/healthz", "/docs", "/openapi.json"])("serve %s without a key", async (path) => {
    const res = await fetch(`${server.url}${path}`);
    expect(res.status).toBe(200);
  });

  it("reports health with the database it uses", async () => {
    const res = await server.app.request("/healthz");
    expect(await res.json()).toMatchObject({ status: "ok", database: "pglite" });
  });

  it("shows request metrics by route pattern to an operator", async () => {
    await get("/v1/sites/colossus-1");
    const res = await fetch(`${server.url}/metrics`, { headers: auth() });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(
      /leasehold_http_requests_total\{method="GET",route="\/v1\/sites\/:site",status="200"\} \d+/,
    );
    expect(text).toContain("leasehold_fleet_imported_nodes_total");
  });

  it("refuses /metrics to a tenant key", async () => {
    const { key } = await server.tenantKey("metrics-peeker");
    const res = await server.app.request("/metrics", { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as ErrorBody).error.code).toBe("FORBIDDEN");
  });
});
