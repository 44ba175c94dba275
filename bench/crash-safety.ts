/**
 * Crash safety at length: the server process SIGKILLed at a random moment under lease creations
 * and node state changes, `TRIALS` times (default 20) on one data directory; after each kill the
 * data is checked (acknowledged changes kept, allocation invariants) and a new server must start.
 * Not a speed figure: it reports how many trials held, and what broke when one did not.
 * `npm run bench -- crash-safety` (TRIALS=50 for more).
 * @module
 */
import { CrashHarness } from "../test/support/crash-trial.js";

const trials = Number(process.env.TRIALS ?? 20);
const harness = new CrashHarness();
let failed = 0;
let leases = 0;
let changes = 0;
try {
  await harness.prepare();
  for (let t = 1; t <= trials; t++) {
    const report = await harness.trial(7000 + t);
    leases += report.acknowledged.leases;
    changes += report.acknowledged.nodeChanges;
    if (report.problems.length) failed++;
    process.stdout.write(
      `trial ${String(t).padStart(3)}  killed ${String(report.killedAfterMs).padStart(4)} ms into the load  ` +
        `acknowledged ${report.acknowledged.leases} leases, ${report.acknowledged.nodeChanges} node changes  ` +
        `${report.problems.length ? `FAILED: ${report.problems.join("; ")}` : "held"}\n`,
    );
  }
} finally {
  harness.close();
}
process.stdout.write(
  `\n| trials | held | acknowledged leases | acknowledged node changes |\n| --- | --- | --- | --- |\n` +
    `| ${trials} | ${trials - failed} | ${leases} | ${changes} |\n`,
);
process.exit(failed ? 1 : 0);
