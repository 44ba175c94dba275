/**
 * `npm start`'s server as a process: the CLI hint in its banner works as printed, every request
 * is one log line, and SIGTERM lets a request in flight finish before the process exits.
 * @module
 */
import { exec as execCallback } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../support/server-process.js";

const exec = promisify(execCallback);

/** A fleet document of `nodes` H100 nodes, big enough that its import takes a while. */
function fleet(name: string, nodes: number) {
  return JSON.stringify({
    sites: [
      {
        name,
        pue: 1.2,
        electricityUsdPerMwh: "80",
        powerSources: [{ kind: "grid", installedMw: 200, permittedMw: 200 }],
        topologyLevels: ["rack", "node"],
        nodes: Array.from({ length: nodes }, (_, i) => ({
          name: `n${i}`,
          path: `r${Math.floor(i / 8)}`,
          gpuModel: "H100",
          gpuCount: 8,
        })),
      },
    ],
  });
}

describe("the server as a process", () => {
  let server: ServerProcess;
  let dataDir: string;
  let key: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "leasehold-proc-"));
    server = await startServerProcess({ LEASEHOLD_DATA_DIR: dataDir });
    key = readFileSync(join(dataDir, "operator.key"), "utf8").trim();
  });
  afterAll(async () => {
    if (server && server.process.exitCode === null) server.process.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("prints a CLI command that works as printed, for its own port and data directory", async () => {
    const line = server.stdout.find((l) => l.trimStart().startsWith("CLI")) ?? "";
    const command = line.replace(/^\s*CLI\s+/, "");
    expect(command).toContain(`LEASEHOLD_SERVER=${server.url}`);
    expect(command).toContain(`LEASEHOLD_DATA_DIR=${dataDir}`);
    const env = { ...process.env };
    delete env.LEASEHOLD_SERVER;
    delete env.LEASEHOLD_API_KEY;
    delete env.LEASEHOLD_DATA_DIR;
    const { stdout } = await exec(command, { env });
    expect(stdout).toContain("no sites");
  });

  it("logs its start, and every request as one line with its id, route, status and latency", async () => {
    expect(server.logs().find((l) => l.msg === "started")).toMatchObject({ database: "pglite" });
    const response = await fetch(`${server.url}/v1/sites/nowhere`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { requestId: string } };
    await expect
      .poll(() => server.logs().find((l) => l.requestId === body.error.requestId))
      .toMatchObject({ msg: "request", method: "GET", route: "/v1/sites/:site", status: 404 });
    const line = server.logs().find((l) => l.requestId === body.error.requestId);
    expect(typeof line?.latencyMs).toBe("number");
  });

  it("on SIGTERM finishes the import in flight, then closes the database and exits 0", async () => {
    const response = await fetch(`${server.url}/v1/fleet/import`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${key}`,
        "content-type": "application/json",
        accept: "application/x-ndjson",
      },
      body: fleet("in-flight", 6000),
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (!reader) throw new Error("no body");
    const decoder = new TextDecoder();
    // The import is under way once its first line arrives: stop the server now.
    let text = decoder.decode((await reader.read()).value, { stream: true });
    server.process.kill("SIGTERM");
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      text += decoder.decode(chunk.value, { stream: true });
    const last = JSON.parse(text.trim().split("\n").pop() ?? "{}") as {
      type: string;
      result?: { nodes: number };
    };
    expect(last).toMatchObject({ type: "result", result: { nodes: 6000 } });
    expect(await server.exited).toBe(0);
    const messages = server.logs().map((l) => l.msg);
    expect(messages).toContain("stopping: finishing requests in flight");
    expect(messages.at(-1)).toBe("stopped");
  });
});
