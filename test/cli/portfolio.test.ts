import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PortfolioSummary, UnitEconomics } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold portfolio and unit-economics", () => {
  let server: TestServer;
  let lab: { tenantId: string; key: string };
  const cwd = mkdtempSync(join(tmpdir(), "leasehold-portfolio-"));
  const as =
    (key: string) =>
    (...argv: string[]) =>
      runCli(argv, { url: server.url, key, cwd });

  beforeAll(async () => {
    server = await startTestServer();
    lab = await server.tenantKey("frontier-lab");
  });
  afterAll(async () => server.close());

  it("imports the reference portfolio and shows 14.8 GW committed against 30 GW, as a tenant", async () => {
    const cli = as(lab.key);
    expect((await cli("portfolio", "example", "-f", "portfolio.csv")).code).toBe(0);
    const imported = await cli("portfolio", "import", "portfolio.csv");
    expect(imported).toMatchObject({ code: 0, stdout: "imported 5 deals for frontier-lab\n" });
    const shown = await cli("portfolio", "show");
    expect(shown.stdout).toMatch(/Committed:\s+14\.8 GW/);
    expect(shown.stdout).toMatch(/Target:\s+a rival's 30 GW by 2030: 30 GW by 2030-12-31/);
    const json = JSON.parse((await cli("-o", "json", "portfolio", "show")).stdout) as PortfolioSummary;
    expect(json.committedPowerMw).toBe(14_800);
    const csv = (await cli("-o", "csv", "portfolio", "show")).stdout.split("\n");
    expect(csv[0]).toBe(
      "provider,deals,committedPowerMw,committedGpus,livePowerMw,liveGpus,deliveredPowerMw,deliveredShare",
    );
    expect(csv).toHaveLength(5 + 2);
  });

  it("prints the timeline as CSV, a month a row, and the deals as importable CSV", async () => {
    const cli = as(lab.key);
    const timeline = (
      await cli("-o", "csv", "portfolio", "timeline", "--from", "2026-01-01", "--until", "2026-12-01")
    ).stdout;
    const rows = timeline.trim().split("\n");
    expect(rows[0]).toBe(
      "month,AWS MW,Google Cloud MW,Google + Broadcom MW,Earlier capacity MW,SpaceXAI MW,total MW,total GPUs,target MW",
    );
    expect(rows).toHaveLength(13);
    expect(rows[1]?.startsWith("2026-01,")).toBe(true);
    expect((await cli("-o", "csv", "portfolio", "deals")).stdout).toBe(
      (await cli("portfolio", "export")).stdout,
    );
  });

  it("refuses a bad file, naming the line, field and bound, and exits 1", async () => {
    const cli = as(lab.key);
    const bad = join(cwd, "bad.csv");
    writeFileSync(bad, "name,provider,chip,powerMw,onlineAt\nx,AWS,H100,-5,2027-01-01\n");
    const result = await cli("portfolio", "import", "bad.csv");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("line 2.powerMw");
  });

  it("tries and saves unit-economics inputs, and an operator names the tenant", async () => {
    const operator = as(server.operatorKey);
    const refused = await operator("unit-economics");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--tenant");
    const tried = JSON.parse(
      (await operator("-o", "json", "unit-economics", "--tenant", "frontier-lab", "--set", "price=12.50"))
        .stdout,
    ) as UnitEconomics;
    expect(tried).toMatchObject({ saved: false, inputs: { pricePerMillionTokens: "12.50" } });
    const saved = await as(lab.key)(
      "unit-economics",
      "--set",
      "utilisation=60",
      "--set",
      "tps.H100=3000",
      "--save",
    );
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(/Utilisation:\s+60% \(estimate\)/);
    expect(saved.stdout).toMatch(/H100\s.*3,000\s+set by the tenant/);
    expect(readFileSync(join(cwd, "portfolio.csv"), "utf8")).toContain("spacexai-colossus-1");
  });
});
