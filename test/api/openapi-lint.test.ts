/**
 * /openapi.json as API tooling reads it: Redocly's linter (recommended rules) finds no error in
 * the document the server serves.
 * @module
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/test-server.js";

const REDOCLY = resolve("node_modules/.bin/redocly");

describe("/openapi.json", () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = mkdtempSync(join(tmpdir(), "leasehold-openapi-"));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const lint = (document: unknown) => {
    const file = join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(document));
    const run = spawnSync(REDOCLY, ["lint", file, "--format=summary"], {
      encoding: "utf8",
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  };

  it("passes redocly lint with no error", async () => {
    const document = await (await server.app.request("/openapi.json")).json();
    const result = lint(document);
    expect(result.output).not.toMatch(/^error\s/m);
    expect(result.status, result.output).toBe(0);
  }, 60_000);

  it("the linter would catch a document without servers or security", async () => {
    const document = (await (await server.app.request("/openapi.json")).json()) as Record<string, unknown>;
    const { servers: _s, ...broken } = document;
    const result = lint(broken);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/no-empty-servers/);
  }, 60_000);
});
