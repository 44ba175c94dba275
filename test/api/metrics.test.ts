/**
 * /metrics as Prometheus reads it: Prometheus's own linter (`promtool check metrics`, from
 * Debian's prometheus package) accepts the exposition.
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { h100SiteDoc } from "../support/h100-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const doc = h100SiteDoc(
    "metrics-site",
    { halls: 1, blocksPerHall: 2, racksPerBlock: 4, nodesPerRack: 8 },
    10,
  );
  const post = (path: string, body: unknown) =>
    server.app.request(path, {
      method: "POST",
      headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  expect((await post("/v1/fleet/import", doc)).status).toBe(200);
  expect((await post("/v1/tenants", { name: "lab" })).status).toBe(201);
  const lease = await post("/v1/leases?reserve=true", {
    name: "small",
    tenant: "lab",
    sites: ["metrics-site"],
    lines: [{ key: "h100", gpuModel: "H100", gpuCount: 128, pricePerGpuHour: "2.10" }],
    startsAt: new Date().toISOString(),
    endsAt: "2030-01-01T00:00:00Z",
    isolation: "node",
  });
  expect(lease.status).toBe(201);
  const failed = await server.app.request("/v1/sites/metrics-site/nodes/r111-n1", {
    method: "PATCH",
    headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
    body: JSON.stringify({ state: "failed", reason: "XID 79" }),
  });
  expect(failed.status).toBe(200);
});
afterAll(async () => server?.close());

const get = (path: string) =>
  server.app.request(path, { headers: { authorization: `Bearer ${server.operatorKey}` } });

describe("/metrics", () => {
  it("passes promtool check metrics", async () => {
    await get("/v1/sites");
    const text = await (await get("/metrics")).text();
    expect(text).toContain("leasehold_http_requests_total");
    const check = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
    expect(check.error, "promtool is installed (Debian's prometheus package)").toBeUndefined();
    expect(`${check.stdout}${check.stderr}`.trim()).toBe("");
    expect(check.status).toBe(0);
  });

  it("has the gauges a fleet board needs: GPUs by site, model and state, leases, power, spares", async () => {
    const text = await (await get("/metrics")).text();
    expect(text).toMatch(
      /^leasehold_site_gpus\{site="metrics-site",gpu_model="H100",state="healthy"\} 504$/m,
    );
    expect(text).toMatch(/^leasehold_site_gpus\{site="metrics-site",gpu_model="H100",state="failed"\} 8$/m);
    expect(text).toMatch(/^leasehold_leases\{status="active"\} 1$/m);
    expect(text).toMatch(/^leasehold_leases\{status="draft"\} 0$/m);
    expect(text).toMatch(/^leasehold_site_power_permitted_megawatts\{site="metrics-site"\} 10$/m);
    expect(text).toMatch(/^leasehold_site_power_drawn_megawatts\{site="metrics-site"\} [\d.]+$/m);
    expect(text).toMatch(/^leasehold_site_spare_nodes\{site="metrics-site"\} \d+$/m);
    expect(text).toMatch(/^leasehold_lease_placement_duration_seconds_count\{operation="create"\} 1$/m);
    expect(text).toMatch(/^leasehold_node_state_change_duration_seconds_count\{operation="node"\} 1$/m);
  });

  it("the linter would catch a gauge named like a counter", () => {
    const bad = "# HELP x_total a gauge\n# TYPE x_total gauge\nx_total 1\n";
    expect(() => execFileSync("promtool", ["check", "metrics"], { input: bad, stdio: "pipe" })).toThrow();
  });
});
