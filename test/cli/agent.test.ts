import { execFile, spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IssuedAgentKeys } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const exec = promisify(execFile);

// Recorded in nvidia-smi's `--format=csv,noheader,nounits` layout: 8 H100, one field not supported.
const CSV = Array.from(
  { length: 8 },
  (_, i) =>
    `${i}, GPU-7a1c0e5e-33b2-4f0e-9d7e-00000000000${i}, NVIDIA H100 80GB HBM3, 93, 70123, 81559, ${600 + i}.50, 66, ${i === 3 ? "[N/A]" : "0"}`,
).join("\n");

let server: TestServer;
let bin: string;
let keys: Map<string, string>;

async function counted(node: string): Promise<number> {
  const rows = await server.db.query<{ n: string }>(
    "SELECT h.heartbeats AS n FROM node_health h JOIN nodes n ON n.id = h.node_id WHERE n.name = $1",
    [node],
  );
  return Number(rows[0]?.n ?? 0);
}

beforeAll(async () => {
  server = await startTestServer();
  expect((await importSmallSite(server, "lab", ["a", "b", "c"])).status).toBe(200);
  bin = mkdtempSync(join(tmpdir(), "leasehold-fake-smi-"));
  writeFileSync(join(bin, "nvidia-smi"), `#!/bin/sh\ncat <<'CSV'\n${CSV}\nCSV\n`);
  chmodSync(join(bin, "nvidia-smi"), 0o755);
  const issued = await server.app.request("/v1/sites/lab/agent-keys", {
    method: "POST",
    headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
    body: "{}",
  });
  keys = new Map(((await issued.json()) as IssuedAgentKeys).keys.map((k) => [k.node, k.key]));
});
afterAll(async () => {
  rmSync(bin, { recursive: true, force: true });
  await server?.close();
});

describe("leasehold agent-keys", () => {
  it("issues a key per node of a site into a node,key file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leasehold-keys-"));
    const result = await runCli(["agent-keys", "issue", "--site", "lab", "--out", "keys.csv"], {
      url: server.url,
      key: server.operatorKey,
      cwd: dir,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/issued 3 agent keys for lab in [\d.]+ s \(3 replaced\)/);
    const { readFileSync } = await import("node:fs");
    const lines = readFileSync(join(dir, "keys.csv"), "utf8").trim().split("\n");
    expect(lines[0]).toBe("node,key");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["a", "b", "c"]);
    for (const line of lines.slice(1)) expect(line.split(",")[1]).toMatch(/^lh_ag_[0-9A-Za-z]{32}$/);
    keys = new Map(lines.slice(1).map((l) => l.split(",") as [string, string]));
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("leasehold agent, as a real process with nvidia-smi on PATH", () => {
  it("reads the GPUs and sends heartbeats the server counts", async () => {
    const { stderr } = await exec(
      process.execPath,
      [
        "bin/leasehold.mjs",
        "agent",
        "--node-key",
        keys.get("a") ?? "",
        "--interval",
        "100ms",
        "--count",
        "3",
      ],
      { env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LEASEHOLD_SERVER: server.url } },
    );
    expect(stderr).toMatch(/3 heartbeats acknowledged/);
    expect(await counted("a")).toBe(3);
    const rows = await server.db.query<{ gpus: number; power: number }>(
      "SELECT h.gpus_seen AS gpus, h.power_w AS power FROM node_health h JOIN nodes n ON n.id = h.node_id WHERE n.name = 'a'",
    );
    expect(rows[0]).toEqual({ gpus: 8, power: 4832 });
  });

  it("keeps heartbeats while the server is unreachable and sends them in order when it is back", async () => {
    // A port with nothing behind it yet; later a proxy to the test server opens on it.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const child = spawn(
      process.execPath,
      [
        "bin/leasehold.mjs",
        "agent",
        "--node-key",
        keys.get("b") ?? "",
        "--interval",
        "100ms",
        "--count",
        "6",
      ],
      {
        env: {
          ...process.env,
          PATH: `${bin}:${process.env.PATH}`,
          LEASEHOLD_SERVER: `http://127.0.0.1:${port}`,
        },
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.on("exit", r));
    // Until the agent has found the server away and read a few heartbeats more.
    for (let waited = 0; !/cannot reach the Leasehold server/.test(stderr) && waited < 20_000; waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    expect(await counted("b")).toBe(0);
    const target = new URL(server.url);
    const proxy: Server = createServer((req, res) => {
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((r) => proxy.listen(port, "127.0.0.1", r));
    expect(await exited).toBe(0);
    await new Promise((r) => proxy.close(r));
    expect(stderr).toMatch(/cannot reach the Leasehold server/);
    expect(stderr).toMatch(/is back: sent \d+ buffered heartbeats/);
    expect(await counted("b")).toBe(6);
    const seq = await server.db.query<{ hw: string }>(
      "SELECT s.high_water AS hw FROM agent_sequences s JOIN nodes n ON n.id = s.node_id WHERE n.name = 'b'",
    );
    expect(Number(seq[0]?.hw)).toBe(6);
  });
});
