/**
 * Crash safety: the server SIGKILLed at random moments under lease creations and node state
 * changes keeps every acknowledged change, its allocation invariants hold, and it starts again
 * cleanly. A few trials here; `npm run bench -- crash-safety` runs many.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrashHarness } from "../support/crash-trial.js";

const TRIALS = 3;

describe("a server killed at random moments", () => {
  const harness = new CrashHarness();
  beforeAll(async () => harness.prepare(), 60_000);
  afterAll(() => harness.close());

  for (let t = 1; t <= TRIALS; t++) {
    it(`keeps what it acknowledged and its invariants (trial ${t})`, { timeout: 90_000 }, async () => {
      const report = await harness.trial(1000 + t);
      expect(report.problems).toEqual([]);
      expect(report.acknowledged.leases + report.acknowledged.nodeChanges).toBeGreaterThan(0);
    });
  }
});
