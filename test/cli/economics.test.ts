import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/app/clock.js";
import type { EconomicsReport } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold economics", () => {
  let server: TestServer;
  const cli = (...argv: string[]) => runCli(argv, { url: server.url, key: server.operatorKey });

  beforeAll(async () => {
    server = await startTestServer({ clock: new ManualClock("2027-01-15T09:00:00.000Z") });
    const nodes = Array.from({ length: 64 }, (_, i) => ({
      name: `n${i + 1}`,
      path: `r${Math.floor(i / 8) + 1}`,
      gpuModel: "H100",
      gpuCount: 8,
    }));
    await server.api().POST("/v1/fleet/import", {
      params: { query: { replace: "false" } },
      body: {
        sites: [
          {
            name: "econ-cli",
            pue: 1.2,
            electricityUsdPerMwh: "67",
            powerSources: [{ kind: "grid", installedMw: 5, permittedMw: 5 }],
            topologyLevels: ["rack", "node"],
            nodes,
          },
        ],
      },
    });
  });
  afterAll(async () => server.close());

  it("prints a site's P&L by year with its summary, applying --set", async () => {
    const out = await cli(
      "economics",
      "site",
      "econ-cli",
      "--scenario",
      "rent-half",
      "--set",
      "pue=1.3",
      "--months",
      "12",
    );
    expect(out.code).toBe(0);
    expect(out.stdout).toContain("econ-cli, scenario rent-half");
    expect(out.stdout).toMatch(/^Breakeven price:\s+\$\d/m);
    expect(out.stdout).toMatch(/^2027\s+\$/m);
    expect(out.stdout).toMatch(/^total\s+\$/m);
    const json = JSON.parse(
      (await cli("-o", "json", "economics", "site", "econ-cli", "--set", "pue=1.3")).stdout,
    ) as EconomicsReport;
    expect(json.inputs.find((i) => i.key === "pue")).toMatchObject({ value: "1.300", setBy: "ask" });
  });

  it("prints months as CSV with exact amounts", async () => {
    const out = await cli(
      "-o",
      "csv",
      "economics",
      "site",
      "econ-cli",
      "--scenario",
      "internal",
      "--by",
      "month",
      "--months",
      "2",
    );
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "PERIOD,LEASE REVENUE,OWN WORK (SHADOW),POWER,DEPRECIATION,OTHER OPEX,OPERATING INCOME,NET INCOME,CASH FLOW",
    );
    expect(lines.map((l) => l.split(",")[0])).toEqual(["PERIOD", "2027-01", "2027-02", "total"]);
    // January: 512 GPUs × 744 h × 90% at $2.10.
    expect(lines[1]?.split(",")[2]).toBe((Math.floor(512 * 744 * 0.9) * 2.1).toFixed(2));
  });

  it("compares scenarios, runs the tornado and the Monte Carlo", async () => {
    const compare = await cli("-o", "csv", "economics", "compare", "econ-cli", "--months", "12");
    expect(
      compare.stdout
        .split("\n")
        .slice(1, 4)
        .map((l) => l.split(",")[0]),
    ).toEqual(["internal", "rent-half", "rent-all"]);
    const tornado = await cli("economics", "sensitivity", "econ-cli");
    expect(tornado.stdout).toMatch(/^price\s/m);
    const mc = await cli("economics", "montecarlo", "econ-cli", "--samples", "500", "--seed", "3");
    expect(mc.stdout).toMatch(/Probability of breakeven \(est\.\):\s+\d/);
  });

  it("saves a scenario and refuses a bad input with its bound", async () => {
    const saved = await cli(
      "economics",
      "scenario",
      "save",
      "sixty",
      "--lease-share",
      "60",
      "--price",
      "2.40",
      "--lease-months",
      "24",
    );
    expect(saved.stdout).toMatch(/^Scenario:\s+sixty v1$/m);
    expect((await cli("economics", "scenarios")).stdout).toMatch(/^sixty\s+1\s+actual/m);
    const bad = await cli("economics", "site", "econ-cli", "--set", "pue=7");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("1.000..3.000");
  });
});
