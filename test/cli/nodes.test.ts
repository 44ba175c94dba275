import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeDetail, NodePage, SiteDetail } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold nodes", () => {
  let server: TestServer;
  const cli = (...argv: string[]) => runCli(argv, { url: server.url, key: server.operatorKey });
  const json = async <T>(...argv: string[]): Promise<T> => {
    const { code, stdout, stderr } = await cli("-o", "json", ...argv);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    return JSON.parse(stdout) as T;
  };

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it("filters by state, GPU model and topology path", async () => {
    const failedGb200 = await json<NodePage>("nodes", "list", "--state", "failed", "--gpu-model", "GB200");
    expect(failedGb200.nodes.length).toBeGreaterThan(0);
    for (const n of failedGb200.nodes) expect([n.state, n.gpuModel]).toEqual(["failed", "GB200"]);
    // A model is matched whatever its case, as it is typed.
    expect(await json<NodePage>("nodes", "list", "--state", "failed", "--gpu-model", "gb200")).toEqual(
      failedGb200,
    );

    const block = await json<NodePage>(
      "nodes",
      "list",
      "--site",
      "colossus-1",
      "--path",
      "hall-01/block-003",
      "--limit",
      "1000",
    );
    expect(block.nodes).toHaveLength(512);
    for (const n of block.nodes) expect(n.path.startsWith("hall-01/block-003/")).toBe(true);
  });

  it("pages with a cursor hint, continues from --cursor, and --all follows every cursor", async () => {
    const first = await cli("nodes", "list", "--state", "failed", "--limit", "2");
    expect(first.code).toBe(0);
    expect(first.stdout.trimEnd().split("\n")).toHaveLength(3);
    const cursor = /--cursor (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeDefined();

    const second = await json<NodePage>(
      "nodes",
      "list",
      "--state",
      "failed",
      "--limit",
      "2",
      "--cursor",
      cursor ?? "",
    );
    const firstNames = (await json<NodePage>("nodes", "list", "--state", "failed", "--limit", "2")).nodes.map(
      (n) => n.name,
    );
    expect(second.nodes).toHaveLength(2);
    expect(second.nodes.map((n) => n.name).some((n) => firstNames.includes(n))).toBe(false);

    const all = await json<NodePage>("nodes", "list", "--state", "failed", "--all", "--limit", "50");
    const summary = await json<SiteDetail>("sites", "show", "colossus-1");
    expect(all.nextCursor).toBeNull();
    expect(all.nodes).toHaveLength(summary.summary.nodesByState.failed);
    expect(new Set(all.nodes.map((n) => n.id)).size).toBe(all.nodes.length);
  });

  it("rejects a state outside the closed set as a usage error", async () => {
    const { code, stderr } = await cli("nodes", "list", "--state", "broken");
    expect(code).toBe(2);
    expect(stderr).toContain("Allowed choices are healthy, degraded, failed, maintenance");
  });

  it("sets the state of several nodes and the change shows on the node with its reason", async () => {
    const set = await cli(
      "nodes",
      "set-state",
      "colossus-1",
      "r0001-n01",
      "r0001-n02",
      "--state",
      "maintenance",
      "--reason",
      "swap NIC",
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(
      /^colossus-1\s+r0001-n01\s+hall-01\/block-001\/rack-0001\s+H100\s+8\s+maintenance\s/m,
    );
    expect(set.stdout).toMatch(/^colossus-1\s+r0001-n02\s.*\smaintenance\s/m);

    const shown = await json<NodeDetail>("nodes", "show", "colossus-1", "r0001-n02");
    expect(shown.node.state).toBe("maintenance");
    expect(shown.events[0]).toMatchObject({ toState: "maintenance", reason: "swap NIC" });

    const table = await cli("nodes", "show", "colossus-1", "r0001-n02");
    expect(table.stdout).toMatch(/^State:\s+maintenance since /m);
    expect(table.stdout).toContain("swap NIC");
  });

  it("changes no node when one of them is unknown, names it and exits 1", async () => {
    const { code, stdout, stderr } = await cli(
      "nodes",
      "set-state",
      "colossus-1",
      "r0002-n01",
      "no-such-node",
      "--state",
      "failed",
      "--reason",
      "XID 79",
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^error: NODE_NOT_FOUND: .*no-such-node/m);
    const shown = await cli("nodes", "show", "colossus-1", "r0002-n01", "-o", "json");
    expect((JSON.parse(shown.stdout) as NodeDetail).node.state).not.toBe("failed");
  });

  it("requires --state and --reason for set-state", async () => {
    const { code, stderr } = await cli("nodes", "set-state", "colossus-1", "r0001-n01", "--state", "failed");
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--reason <text>' not specified");
  });

  it("says which nodes were already in the state, and what replaced a failed leased node", async () => {
    const again = await cli(
      "nodes",
      "set-state",
      "colossus-1",
      "r0001-n01",
      "--state",
      "maintenance",
      "--reason",
      "still",
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Already maintenance, left as they were: r0001-n01");

    await server.tenantKey("lab-cli");
    const lease = await server.api().POST("/v1/leases", {
      params: { query: { reserve: "true" } },
      body: {
        name: "cli-swap",
        tenant: "lab-cli",
        sites: ["colossus-1"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 2048, pricePerGpuHour: "2.00" }],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
      },
    });
    expect(lease.response.status).toBe(201);
    const leaseId = lease.data?.lease.id ?? "";
    const map = await server
      .api()
      .GET("/v1/sites/{site}/allocation-map", { params: { path: { site: "colossus-1" } } });
    const rack = map.data?.racks.find((r) => Object.keys(r.holders).join() === leaseId);
    if (!rack) throw new Error("no rack wholly held by the lease");
    const page = await json<NodePage>(
      "nodes",
      "list",
      "--site",
      "colossus-1",
      "--path",
      rack.path,
      "--limit",
      "1",
    );
    const name = page.nodes[0]?.name ?? "";
    const failed = await cli(
      "nodes",
      "set-state",
      "colossus-1",
      name,
      "--state",
      "failed",
      "--reason",
      "XID 79",
    );
    expect(failed.code).toBe(0);
    expect(failed.stdout).toMatch(
      new RegExp(
        `^${name} left lab-cli/cli-swap; \\S+, a (spare|house node) in the same (rack|block), replaced it$`,
        "m",
      ),
    );
  });
});
