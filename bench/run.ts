/**
 * `npm run bench`: runs every benchmark in its own process (so one's memory and JIT state never
 * colour another's), one after the other, and prints their tables. Pass names to run a subset:
 * `npm run bench -- fleet-import`.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const ALL = [
  "fleet-import",
  "server-startup",
  "site-summary",
  "allocation-engine",
  "lease-placement",
  "node-failure",
  "failure-under-load",
  "lease-scaling",
  "lease-http",
  "crash-safety",
  "limits-inprocess",
  "limits-redis",
  "limits-http",
  "limit-planner",
  "heartbeat-ingest",
  "invoice-month",
  "economics-portfolio",
  "economics-montecarlo",
  "portfolio-timeline",
];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = (wanted.length ? wanted : ALL).filter((n) => existsSync(`bench/${n}.ts`));

let failed = 0;
for (const name of names) {
  process.stderr.write(`\n▶ bench/${name}.ts\n`);
  const result = spawnSync(process.execPath, ["--import", "tsx", `bench/${name}.ts`], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`✗ bench/${name}.ts exited with ${result.status}\n`);
  }
}
process.exit(failed ? 1 : 0);
