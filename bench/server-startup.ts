/**
 * Benchmark: from `node dist/server.js` to a ready server (health answering, demo loaded) on a
 * fresh data directory and again on an existing one, next to the floor: a Node process that
 * only opens an empty PGlite and listens, measured the same way.
 * Run: npm run build && npx tsx bench/server-startup.ts
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { machine, ms, summarize, table } from "./bench-kit.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
let nextPort = 7400;

/** Starts `command args` and resolves with the ms until GET /healthz answers 200, then stops it. */
async function timeToReady(
  args: string[],
  env: Record<string, string>,
  port: number,
  command = process.execPath,
): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited with ${child.exitCode}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (res.ok) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await new Promise((r) => child.once("exit", r));
  }
}

async function main(): Promise<void> {
  const viaNpm: number[] = [];
  const fresh: number[] = [];
  const warm: number[] = [];
  const floor: number[] = [];
  const floorWarm: number[] = [];
  const floorFile = join(process.cwd(), "bench", "floor-server.mjs");
  for (let i = 0; i < RUNS; i++) {
    const npmDir = mkdtempSync(join(tmpdir(), "leasehold-npm-"));
    viaNpm.push(
      await timeToReady(
        ["start", "--silent"],
        { LEASEHOLD_DATA_DIR: npmDir, LOG_LEVEL: "silent" },
        nextPort++,
        "npm",
      ),
    );
    rmSync(npmDir, { recursive: true, force: true });
    const dir = mkdtempSync(join(tmpdir(), "leasehold-start-"));
    const env = { LEASEHOLD_DATA_DIR: dir, LOG_LEVEL: "silent" };
    fresh.push(await timeToReady(["dist/server.js"], env, nextPort++));
    warm.push(await timeToReady(["dist/server.js"], env, nextPort++));
    rmSync(dir, { recursive: true, force: true });
    const floorDir = mkdtempSync(join(tmpdir(), "leasehold-floor-"));
    floor.push(await timeToReady([floorFile], { DIR: join(floorDir, "pg") }, nextPort++));
    floorWarm.push(await timeToReady([floorFile], { DIR: join(floorDir, "pg") }, nextPort++));
    rmSync(floorDir, { recursive: true, force: true });
  }
  const f = summarize(fresh);
  const w = summarize(warm);
  const fl = summarize(floor);
  const flw = summarize(floorWarm);
  const n = summarize(viaNpm);
  process.stdout.write(`\n### Server start to ready\nMachine: ${machine()}; ${RUNS} runs each.\n\n`);
  process.stdout.write(
    `${table(
      ["what", "median", "best", "target", "ratio to floor"],
      [
        [
          "`npm start` (build + first start with the demo)",
          ms(n.medianMs),
          ms(n.minMs),
          "≤ 10,000 ms",
          `${(n.medianMs / fl.medianMs).toFixed(2)}×`,
        ],
        [
          "first start: fresh PGlite, migrate, load the 220k-GPU demo",
          ms(f.medianMs),
          ms(f.minMs),
          "≤ 10,000 ms",
          `${(f.medianMs / fl.medianMs).toFixed(2)}×`,
        ],
        ["floor: node + new empty PGlite + http.listen", ms(fl.medianMs), ms(fl.minMs), "", "1×"],
        [
          "later start: existing data directory",
          ms(w.medianMs),
          ms(w.minMs),
          "",
          `${(w.medianMs / flw.medianMs).toFixed(2)}× (vs floor below)`,
        ],
        ["floor: node + existing PGlite + http.listen", ms(flw.medianMs), ms(flw.minMs), "", "1×"],
      ],
    )}\n`,
  );
}

await main();
