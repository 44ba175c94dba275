/**
 * The README's tour, run as written: every shell line of its "A tour" section, in order, in a fresh
 * directory beside a real server with the demo. A line fails the test when it exits non-zero (or,
 * marked `# refused:`, when it does not), or when a curl answer is an API error. Two adjustments
 * only: the server listens on a free port (LEASEHOLD_SERVER and the curl URLs point there), and
 * `npx leasehold` runs this checkout's bin without npm's start-up (one real npx call checks that
 * npx finds the bin).
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../support/server-process.js";

const README = readFileSync("README.md", "utf8");
const BIN = resolve("bin/leasehold.mjs");

/** The shell lines of the tour's `sh` blocks (continuations joined), in order. */
function tourLines(): string[] {
  const tour = README.slice(
    README.indexOf("\n## A tour"),
    README.indexOf("\n## ", README.indexOf("\n## A tour") + 1),
  );
  const lines: string[] = [];
  for (const block of tour.matchAll(/```sh\n([\s\S]*?)```/g)) {
    let pending = "";
    for (const raw of (block[1] ?? "").split("\n")) {
      const line = pending + raw;
      if (line.endsWith("\\")) {
        pending = `${line.slice(0, -1)} `;
        continue;
      }
      pending = "";
      if (line.trim() && !line.trim().startsWith("#")) lines.push(line.trim());
    }
  }
  return lines;
}

describe("the README's tour", () => {
  let server: ServerProcess;
  let dir: string;
  let shims: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "leasehold-tour-"));
    server = await startServerProcess(
      { LEASEHOLD_DEMO: "colossus", LEASEHOLD_DATA_DIR: join(dir, ".leasehold") },
      120_000,
    );
    mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
    symlinkSync(BIN, join(dir, "node_modules", ".bin", "leasehold"));
    shims = join(dir, ".shims");
    mkdirSync(shims);
    const npx = join(shims, "npx");
    writeFileSync(
      npx,
      `#!/bin/sh\nif [ "$1" = leasehold ]; then shift; exec "${process.execPath}" "${BIN}" "$@"; fi\nexec npx "$@"\n`,
    );
    chmodSync(npx, 0o755);
  }, 180_000);
  afterAll(() => {
    if (server && server.process.exitCode === null) server.process.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  it("has the lines this test runs", () => {
    const lines = tourLines();
    expect(lines.length).toBeGreaterThan(30);
    expect(lines.some((l) => l.startsWith("curl "))).toBe(true);
  });

  it("finds the leasehold bin through npx, as the README runs it", () => {
    const out = execFileSync("npx", ["leasehold", "--version"], {
      cwd: dir,
      encoding: "utf8",
      env: { ...process.env, npm_config_update_notifier: "false" },
    });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 120_000);

  it("runs line by line as written", { timeout: 600_000 }, () => {
    const assignments: string[] = [];
    const failures: string[] = [];
    const env = {
      ...process.env,
      PATH: `${shims}:${process.env.PATH}`,
      LEASEHOLD_SERVER: server.url,
      LEASEHOLD_API_KEY: "",
      LEASEHOLD_DATA_DIR: "",
      NO_COLOR: "1",
    };
    for (const line of tourLines()) {
      if (/^[A-Z_]+=/.test(line)) {
        assignments.push(line);
        continue;
      }
      const command = line.replaceAll("http://127.0.0.1:7300", server.url);
      const refused = /#\s*refused:/.test(line);
      const result = spawnSync("bash", ["-c", [...assignments, command].join("\n")], {
        cwd: dir,
        env,
        encoding: "utf8",
        timeout: 120_000,
      });
      const output = `${result.stdout}${result.stderr}`.trim().slice(0, 400);
      if (refused ? result.status === 0 : result.status !== 0)
        failures.push(
          `${line}\n  exit ${result.status}${refused ? " (the README says it is refused)" : ""}: ${output}`,
        );
      else if (line.startsWith("curl ") && /"error":\s*\{/.test(result.stdout))
        failures.push(`${line}\n  answered an error: ${output}`);
    }
    expect(failures).toEqual([]);
  });
});
