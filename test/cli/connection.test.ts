import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli-harness.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const address = probe.address();
  await new Promise<void>((r) => probe.close(() => r()));
  return typeof address === "object" && address ? address.port : 0;
}

describe("connecting to the server", () => {
  let server: TestServer;
  let emptyDir: string;

  beforeAll(async () => {
    server = await startTestServer();
    emptyDir = mkdtempSync(join(tmpdir(), "leasehold-nokey-"));
  });
  afterAll(async () => {
    await server.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it("says how to start the server when nothing listens at --server", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await runCli(["--server", url, "sites", "list"], { key: "lh_op_x" });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `error: cannot reach the Leasehold server at ${url}: start it with \`npm start\` or pass --server (ECONNREFUSED)\n`,
    );
  });

  it("with -o json, names the server it could not reach in a JSON error on stderr", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const { code, stdout, stderr } = await runCli(["--server", url, "sites", "list", "-o", "json"], {
      key: "lh_op_x",
    });
    expect([code, stdout]).toEqual([1, ""]);
    expect(JSON.parse(stderr)).toEqual({
      error: {
        code: "SERVER_UNREACHABLE",
        message: `cannot reach the Leasehold server at ${url}: start it with \`npm start\` or pass --server (ECONNREFUSED)`,
        server: url,
      },
    });
  });

  it("with -o json, reports a usage error once, as JSON, and exits 2", async () => {
    const { code, stdout, stderr } = await runCli(["-o", "json", "sites", "lst"], {
      url: server.url,
      key: server.operatorKey,
    });
    expect([code, stdout]).toEqual([2, ""]);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
    const { error } = JSON.parse(stderr) as { error: { code: string; message: string } };
    expect(error.code).toBe("USAGE");
    expect(error.message).toContain("unknown command 'lst'");
  });

  it("reads the operator key the server wrote into LEASEHOLD_DATA_DIR", async () => {
    const { code, stdout } = await runCli(["whoami", "-o", "json"], {
      url: server.url,
      env: { LEASEHOLD_DATA_DIR: server.dataDir },
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ role: "operator", tenantId: null });
  });

  it("prefers --api-key over LEASEHOLD_API_KEY", async () => {
    const { code } = await runCli(["--api-key", server.operatorKey, "whoami"], {
      url: server.url,
      key: "lh_op_stale",
    });
    expect(code).toBe(0);
  });

  it("explains where a key comes from when there is none", async () => {
    const { code, stderr } = await runCli(["sites", "list"], { url: server.url, cwd: emptyDir });
    expect(code).toBe(1);
    expect(stderr).toBe(
      "error: UNAUTHENTICATED: no API key: pass --api-key, set LEASEHOLD_API_KEY, or run the server here " +
        `once so it writes ${join(emptyDir, ".leasehold", "operator.key")}\n`,
    );
  });

  it.each([
    [
      ["--server", "localhost:7300", "sites", "list"],
      '--server must be an http(s) URL such as http://127.0.0.1:7300 (got "localhost:7300")',
    ],
    [["sites", "lst"], "unknown command 'lst'"],
    [["sites", "list", "-o", "yaml"], "Allowed choices are table, json"],
    [["nodes", "list", "--limit", "5000"], "must be a whole number from 1 to 1,000"],
  ])("exits 2 for the usage error in %j", async (argv, message) => {
    const { code, stderr } = await runCli(argv, { url: server.url, key: server.operatorKey });
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("prints help on stdout and exits 0", async () => {
    const { code, stdout } = await runCli(["nodes", "list", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Usage: leasehold nodes list [options]");
    expect(stdout).toContain("--server <url>");
  });
});
