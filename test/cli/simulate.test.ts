import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SiteHealth } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  const nodes = Array.from({ length: 12 }, (_, i) => ({ name: `n${i}`, path: `r${Math.floor(i / 6)}` }));
  expect((await importSmallSite(server, "sim", nodes)).status).toBe(200);
});
afterAll(async () => server?.close());

describe("leasehold simulate", () => {
  it("drives every node's heartbeats and an XID storm that fails one rack, repeatably", async () => {
    const result = await runCli(
      [
        "simulate",
        "--site",
        "sim",
        "--interval",
        "10s",
        "--duration",
        "60s",
        "--speed",
        "3600",
        "--failure-rate",
        "0",
        "--xid-storm",
        "r1",
        "--xid-storm-at",
        "20s",
        "-o",
        "json",
      ],
      { url: server.url, key: server.operatorKey },
    );
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      heartbeats: number;
      injected: Record<string, number>;
      stateChanges: Record<string, number>;
    };
    expect(summary.heartbeats).toBe(12 * 6);
    expect(summary.injected["xid-storm"]).toBe(6);
    expect(summary.stateChanges["healthy→failed"]).toBe(6);
    expect(result.stderr).toMatch(/tick 6\/6/);
    const res = await server.app.request("/v1/sites/sim/health", {
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    const health = (await res.json()) as SiteHealth;
    expect(health.failedByCause).toEqual([{ cause: "fatal-xid", nodes: 6 }]);
    expect(health.failedNodes.map((n) => n.path)).toEqual(Array(6).fill("r1"));
    expect(health.freshNodes).toBe(12);
    const site = await server.app.request("/v1/sites/sim", {
      headers: { authorization: `Bearer ${server.operatorKey}` },
    });
    const { summary: siteSummary } = (await site.json()) as { summary: { power: Record<string, unknown> } };
    // Six healthy nodes report (the six failed draw nothing in the estimate): drawn power is measured.
    expect(siteSummary.power.drawnSource).toBe("measured");
    expect(siteSummary.power.measuredItMw).toBeGreaterThan(0.02);
    const metrics = await (
      await server.app.request("/metrics", { headers: { authorization: `Bearer ${server.operatorKey}` } })
    ).text();
    expect(metrics).toMatch(/leasehold_site_fresh_nodes\{site="sim"\} 12/);
    expect(metrics).toMatch(/leasehold_site_measured_gpu_watts\{site="sim"\} \d+/);
  });
});
