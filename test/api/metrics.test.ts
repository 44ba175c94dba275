/**
 * /metrics as Prometheus reads it: Prometheus's own linter (`promtool check metrics`, from
 * Debian's prometheus package) accepts the exposition.
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
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

  it("the linter would catch a gauge named like a counter", () => {
    const bad = "# HELP x_total a gauge\n# TYPE x_total gauge\nx_total 1\n";
    expect(() => execFileSync("promtool", ["check", "metrics"], { input: bad, stdio: "pipe" })).toThrow();
  });
});
