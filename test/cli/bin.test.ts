import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { startTestServer, type TestServer } from "../support/test-server.js";

const exec = promisify(execFile);

describe("the leasehold bin", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("prints its version as a real process", async () => {
    const { stdout } = await exec(process.execPath, ["bin/leasehold.mjs", "--version"]);
    expect(stdout).toBe(`${packageJson.version}\n`);
  });

  it("lists sites from a running server and exits 1 with the error code on a bad key", async () => {
    const env = { ...process.env, LEASEHOLD_SERVER: server.url, LEASEHOLD_API_KEY: server.operatorKey };
    const { stdout } = await exec(process.execPath, ["bin/leasehold.mjs", "sites", "list"], { env });
    expect(stdout).toBe("no sites: import one with `leasehold fleet import FILE`\n");

    const failing = exec(process.execPath, ["bin/leasehold.mjs", "whoami"], {
      env: { ...env, LEASEHOLD_API_KEY: "lh_op_wrong" },
    });
    await expect(failing).rejects.toMatchObject({
      code: 1,
      stderr: `error: UNAUTHENTICATED: API key is unknown or revoked (server ${server.url})\n`,
    });
  });
});
