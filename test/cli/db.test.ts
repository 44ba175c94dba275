import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-harness.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

describe("leasehold db dump and restore", () => {
  let source: TestServer;
  let target: TestServer;
  let dir: string;
  const on = (server: TestServer, ...argv: string[]) =>
    runCli(argv, { url: server.url, key: server.operatorKey, cwd: dir });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "leasehold-db-"));
    [source, target] = await Promise.all([startTestServer(), startTestServer()]);
    expect((await importSmallSite(source, "dumped", ["n1", "n2", "n3"])).status).toBe(200);
    expect((await on(source, "tenants", "create", "frontier-lab")).code).toBe(0);
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("dumps a server to a file and restores it into a fresh one, which then lists the same", async () => {
    const dumped = await on(source, "db", "dump", "-f", "backup.dump");
    expect(dumped.stderr).toMatch(/^wrote [\d,]+ bytes to backup\.dump\n$/);
    expect(dumped.code).toBe(0);
    expect(dumped.stdout).toMatch(/^nodes\s+3$/m);
    expect(readFileSync(join(dir, "backup.dump"), "utf8")).toMatch(/^# \{"format":"leasehold-dump"/);
    expect(readdirSync(dir)).toEqual(["backup.dump"]);

    const restored = await on(target, "-o", "json", "db", "restore", "backup.dump");
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    expect(JSON.parse(restored.stdout)).toMatchObject({ rows: { nodes: 3, tenants: 1 } });
    expect((await on(target, "sites", "list")).stdout).toMatch(/^dumped\s/m);
    expect((await on(target, "tenants", "list")).stdout).toContain("frontier-lab");
  });

  it("refuses to restore over data, a file that is not a dump, and a missing file", async () => {
    const again = await on(target, "db", "restore", "backup.dump");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error: RESTORE_TARGET_NOT_EMPTY: /);
    const empty = await startTestServer();
    try {
      writeFileSync(join(dir, "fleet.json"), '{"sites": []}\n');
      const notDump = await on(empty, "db", "restore", "fleet.json");
      expect(notDump.code).toBe(1);
      expect(notDump.stderr).toMatch(/^error: INVALID_DUMP: not a Leasehold dump/);
      const missing = await on(empty, "db", "restore", "nothing.dump");
      expect(missing.code).toBe(2);
      expect(missing.stderr).toBe("error: cannot read dump nothing.dump: no such file\n");
      expect((await on(empty, "sites", "list")).stdout).toContain("no sites");
    } finally {
      await empty.close();
    }
  });
});
