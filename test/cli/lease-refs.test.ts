import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lease } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** Two tenants both name a lease gpu-pool: the CLI names either as tenant/name, and tables show names. */
describe("leasehold with a lease name two tenants share", () => {
  let server: TestServer;
  let a: { tenantId: string; key: string };
  const as =
    (key: string) =>
    (...argv: string[]) =>
      runCli(argv, { url: server.url, key });
  const cli = (...argv: string[]) => as(server.operatorKey)(...argv);
  const request = (tenant: string) => ({
    name: "gpu-pool",
    tenant,
    sites: ["lab"],
    lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.50" }],
    startsAt: new Date(Date.now() - 60_000).toISOString(),
    endsAt: "2030-01-01T00:00:00.000Z",
    noticePeriodDays: 30,
  });

  beforeAll(async () => {
    server = await startTestServer();
    const nodes = Array.from({ length: 16 }, (_, i) => ({
      name: `n${i + 1}`,
      path: `r${Math.floor(i / 8) + 1}`,
    }));
    expect((await importSmallSite(server, "lab", nodes, 5)).status).toBe(200);
    a = await server.tenantKey("lab-a");
    await server.tenantKey("lab-b");
    const api = server.api();
    for (const [tenant, reserve] of [
      ["lab-a", "true"],
      ["lab-b", "false"],
    ] as const) {
      const { response } = await api.POST("/v1/leases", {
        params: { query: { reserve } },
        body: request(tenant),
      });
      expect(response.status).toBe(201);
    }
  });
  afterAll(async () => server?.close());

  it("answers a bare name with LEASE_AMBIGUOUS listing both as tenant/name, in text and in JSON", async () => {
    const text = await cli("leases", "show", "gpu-pool");
    expect([text.code, text.stdout]).toEqual([1, ""]);
    expect(text.stderr).toBe(
      "error: LEASE_AMBIGUOUS: lease name gpu-pool is used by 2 tenants: name one of lab-a/gpu-pool, lab-b/gpu-pool\n",
    );
    const json = await cli("-o", "json", "allocation", "show", "gpu-pool");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toMatchObject({
      error: { code: "LEASE_AMBIGUOUS", candidates: ["lab-a/gpu-pool", "lab-b/gpu-pool"] },
    });
  });

  it("shows, amends, terminates and reads the allocation of tenant/name", async () => {
    const shown = await cli("leases", "show", "lab-a/gpu-pool");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^Tenant:\s+lab-a$/m);
    expect(shown.stdout).toMatch(/^Site:\s+lab$/m);
    const allocation = await cli("allocation", "show", "lab-a/gpu-pool");
    expect(allocation.code).toBe(0);
    expect(allocation.stdout).toMatch(/^Lease lab-a\/gpu-pool at lab\n/);
    expect((await cli("leases", "history", "lab-a/gpu-pool")).code).toBe(0);
    const amended = await cli(
      "leases",
      "amend",
      "lab-a/gpu-pool",
      "--extend",
      "2031-01-01T00:00:00Z",
      "--reason",
      "renewal",
    );
    expect(amended).toMatchObject({ code: 0, stderr: "" });
    const ended = await cli("-o", "json", "leases", "terminate", "lab-a/gpu-pool", "--reason", "moving out");
    expect(ended.code).toBe(0);
    const { lease } = JSON.parse(ended.stdout) as { lease: Lease };
    expect([lease.tenantName, lease.name, lease.status, lease.version]).toEqual([
      "lab-a",
      "gpu-pool",
      "ending",
      5,
    ]);
    const other = JSON.parse((await cli("-o", "json", "leases", "show", "lab-b/gpu-pool")).stdout) as {
      lease: Lease;
    };
    expect([other.lease.status, other.lease.version]).toEqual(["draft", 1]);
  });

  it("resolves a bare name among a tenant key's own leases", async () => {
    const shown = await as(a.key)("-o", "json", "leases", "show", "gpu-pool");
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { lease: Lease }).lease.tenantId).toBe(a.tenantId);
    const listed = await as(a.key)("-o", "json", "leases", "list", "--site", "lab");
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as { leases: Lease[] }).leases.map((l) => l.tenantName)).toEqual([
      "lab-a",
    ]);
  });

  it("suggests the closest names for a misspelled one", async () => {
    const { code, stderr } = await cli("leases", "show", "gpu-pol");
    expect(code).toBe(1);
    expect(stderr).toBe(
      "error: LEASE_NOT_FOUND: no lease with id or name gpu-pol; did you mean lab-a/gpu-pool or lab-b/gpu-pool?\n",
    );
  });

  it("lists leases with tenant and site names, not their ids", async () => {
    const { code, stdout } = await cli("leases", "list");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^NAME\s+STATUS\s+TENANT\s+SITE\s/);
    expect(stdout).toMatch(/^gpu-pool\s+ending\s+lab-a\s+lab\s/m);
    expect(stdout).toMatch(/^gpu-pool\s+draft\s+lab-b\s+-\s/m);
    expect(stdout).not.toMatch(/tnt_|site_/);
  });

  it("shows sites and tenants by name in node tables and whoami", async () => {
    const nodes = await cli("nodes", "list", "--site", "lab", "--limit", "2");
    expect(nodes.stdout).toMatch(/^SITE\s+NAME\s/);
    expect(nodes.stdout).toMatch(/^lab\s+n1\s/m);
    expect(nodes.stdout).not.toContain("site_");
    const shown = await cli("nodes", "show", "lab", "n1");
    expect(shown.stdout).toMatch(/^Site:\s+lab$/m);
    const who = await as(a.key)("whoami");
    expect(who.stdout).toMatch(/^Tenant:\s+lab-a$/m);
  });
});
