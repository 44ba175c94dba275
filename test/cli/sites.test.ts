import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiteDetail } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold sites", () => {
  let server: TestServer;
  const cli = (...argv: string[]) => runCli(argv, { url: server.url, key: server.operatorKey });

  beforeAll(async () => {
    server = await startTestServer({ demo: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it("lists the demo site as an aligned table with thousands separators", async () => {
    const { code, stdout, stderr } = await cli("sites", "list");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [header, row] = stdout.trimEnd().split("\n");
    expect(header).toMatch(/^NAME\s+KIND\s+LOCATION\s+NODES\s+GPUS/);
    expect(row).toMatch(/^colossus-1\s+terrestrial\s+Memphis, Tennessee, US\s+30,272\s+221,440\s+397\s/);
    // Right-aligned numbers end where their header ends.
    expect(header?.indexOf("GPUS") ?? -1).toBe((row?.indexOf("221,440") ?? 0) + "221,440".length - 4);
  });

  it("prints exactly the API's payload with -o json", async () => {
    const { code, stdout } = await cli("sites", "list", "-o", "json");
    expect(code).toBe(0);
    const api = await fetch(`${server.url}/v1/sites`, {
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    expect(JSON.parse(stdout)).toEqual(await api.json());
    expect(stdout).toBe(`${JSON.stringify(JSON.parse(stdout), null, 2)}\n`);
  });

  it("shows a site's GPUs by model and state, power by source and its permit warning", async () => {
    const { code, stdout } = await cli("sites", "show", "colossus-1");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^H100\s+18,944\s+151,552\s/m);
    expect(stdout).toMatch(/^total\s+30,272\s+221,440\s/m);
    expect(stdout).toMatch(/^gas_turbine\s+421\s+247\s+174\s+-$/m);
    expect(stdout).toMatch(/^battery\s+150\s+150\s+0\s+600$/m);
    expect(stdout).toContain("INSTALLED_OVER_PERMIT: gas_turbine has 421 MW installed but 247 MW permitted");
    expect(stdout).toMatch(/Drawn \(estimate\): [\d,.]+ MW of 397 MW permitted/);
    expect(stdout).toMatch(
      /Batteries \(storage, not supply\): 150 MW \/ 600 MWh: ride through 240 min at 150 MW/,
    );
  });

  it("shows a site as JSON with the summary the dashboard uses", async () => {
    const { code, stdout } = await cli("-o", "json", "sites", "show", "colossus-1");
    expect(code).toBe(0);
    const payload = JSON.parse(stdout) as SiteDetail;
    expect(payload.site.name).toBe("colossus-1");
    expect(payload.summary.gpus).toBe(221_440);
    expect(payload.summary.power.sources).toHaveLength(3);
  });

  it("summarizes the topology as racks, nodes and GPUs per block", async () => {
    const { code, stdout } = await cli("sites", "topology", "colossus-1");
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^BLOCK\s+MODELS\s+RACKS\s+NODES\s+GPUS\s+HEALTHY\s+DEGRADED\s+FAILED\s+MAINTENANCE$/,
    );
    expect(lines[1]).toMatch(/^hall-01\/block-001\s+H100\s+64\s+512\s+4,096\s/);
    expect(lines).toHaveLength(1 + 37 + 12 + 9);
  });

  it("answers SITE_NOT_FOUND with exit code 1 for an unknown site", async () => {
    const { code, stdout, stderr } = await cli("sites", "show", "atlantis");
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^error: SITE_NOT_FOUND: /);
  });
});
