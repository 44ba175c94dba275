/**
 * `POST /v1/limits/check` over HTTP under load: autocannon (on this machine, in this process)
 * against the server in a child process, then against a bare node:http floor the same way.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import autocannon from "autocannon";
import { machine, table } from "./bench-kit.js";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

async function start(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; key: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/limits-http-server.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once("line", resolve);
  });
  const { url, key } = JSON.parse(line) as { url: string; key: string };
  return { child, url, key };
}

async function load(url: string, key: string) {
  const body = JSON.stringify({
    subject: "user-42",
    plan: "tier-4",
    modelClass: "large",
    inputTokens: 1_200,
    maxOutputTokens: 0,
  });
  const run = (duration: number) =>
    autocannon({
      url: `${url}/v1/limits/check`,
      method: "POST",
      connections: CONNECTIONS,
      duration,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body,
    });
  await run(2);
  const result = await run(SECONDS);
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

const ours = await start({});
const oursResult = await load(ours.url, ours.key);
ours.child.kill();
const floor = await start({ FLOOR: "1" });
const floorResult = await load(floor.url, floor.key);
floor.child.kill();

const rate = (x: number) => `${Math.round(x).toLocaleString("en-US")}/s`;
const met = (ok: boolean) => (ok ? "met" : "MISSED");
console.log(
  `\n### POST /v1/limits/check over HTTP\nMachine: ${machine()}; autocannon in the bench process, the server in another, both on this machine. ${CONNECTIONS} connections, ${SECONDS} s after a 2 s warm-up; a checker key, one subject, an API tier of 3 dimensions (every check granted).\n`,
);
console.log(
  table(
    ["what", "requests/s", "p50", "p99", "non-2xx / errors", "target", "÷ floor"],
    [
      [
        "ours: POST /v1/limits/check (auth, validation, check, headers)",
        rate(oursResult.rate),
        `${oursResult.p50} ms`,
        `${oursResult.p99} ms`,
        `${oursResult.non2xx} / ${oursResult.errors}`,
        `≥ 20,000/s: ${met(oursResult.rate >= 20_000)}; p99 ≤ 5 ms: ${met(oursResult.p99 <= 5)}`,
        `${(oursResult.rate / floorResult.rate).toFixed(2)}×`,
      ],
      [
        "floor: bare node:http answering JSON",
        rate(floorResult.rate),
        `${floorResult.p50} ms`,
        `${floorResult.p99} ms`,
        `${floorResult.non2xx} / ${floorResult.errors}`,
        "",
        "1.00×",
      ],
    ],
  ),
);
