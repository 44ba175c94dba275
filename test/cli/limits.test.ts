import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LimitSetDiff, LimitSetWithDiff } from "../../src/contract/generated/api.js";
import { DEMO_PLANS } from "../../src/limits/demo-plans.js";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold limits: profile, plans, plan, show, diff, publish", () => {
  let server: TestServer;
  let dir: string;
  let lab: { key: string };
  const cli = (...argv: string[]) => runCli(argv, { url: server.url, key: lab.key, cwd: dir });
  async function json<T>(...argv: string[]): Promise<T> {
    const { code, stdout, stderr } = await cli("-o", "json", ...argv);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    return JSON.parse(stdout) as T;
  }

  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), "leasehold-limits-"));
    lab = await server.tenantKey("frontier-lab");
    writeFileSync(join(dir, "plans.json"), JSON.stringify(DEMO_PLANS));
    writeFileSync(
      join(dir, "profile.yaml"),
      "otherGpus:\n  - { gpuModel: H100, gpus: 100000 }\nrequireApproval: true\n",
    );
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("saves a profile and plans from files, with a tenant key on its own tenant", async () => {
    const profile = await cli("limits", "profile", "-f", "profile.yaml");
    expect(profile.code).toBe(0);
    expect(profile.stdout).toContain("100,000 H100");
    expect(profile.stdout).toContain("waits for approval");
    const plans = await cli("limits", "plans", "-f", "plans.json");
    expect(plans.stdout).toMatch(/max-5x\s+subscription\s+600,000\s+30.0%\s+5× pro\s+week/);
  });

  it("computes a draft, shows its diff, publishes it, and shows it in force", async () => {
    const draft = await json<LimitSetWithDiff>("limits", "plan");
    expect(draft.set.status).toBe("draft");
    const table = await cli("limits", "diff", "latest");
    expect(table.stdout).toContain("Version 1 (first set):");
    expect(table.stdout).toMatch(/pro\s+large\s+output tokens per 5 hours\s+-\s+[\d,]+\s+added/);
    const published = await json<LimitSetWithDiff>("limits", "publish", String(draft.set.version));
    expect(published.set.status).toBe("published");
    const shown = await cli("limits", "show");
    expect(shown.stdout).toContain("Version:");
    expect(shown.stdout).toMatch(/max-20x\s+large\s+output tokens per week\s+40,000,000/);
  });

  it("diffs two versions with --against", async () => {
    await json("limits", "plan", "--publish");
    const diff = await json<LimitSetDiff>("limits", "diff", "2", "--against", "1");
    expect(diff.against).toBe(1);
    expect(diff.diff.rows.every((r) => r.change === "unchanged")).toBe(true);
  });

  it("asks an operator key to name the tenant", async () => {
    const res = await runCli(["limits", "show"], { url: server.url, key: server.operatorKey, cwd: dir });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("--tenant");
  });
});
