/**
 * Notices nodes whose agent went quiet: a powered node with no heartbeat for more than the
 * policy's N intervals (of its own agent's interval) is failed with the cause `missed-heartbeats`,
 * through `NodeStateChanges`, so a leased one is replaced. Reads the app clock, so tests drive it;
 * the server sweeps every second.
 * @module
 */

import { setHealthCause, silentNodes } from "../store/health-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import type { HealthPolicies } from "./health-policies.js";
import type { NodeStateChanges } from "./node-state-changes.js";

/** The most silent nodes one sweep fails (a whole site going dark takes a few sweeps). */
const SWEEP_LIMIT = 5_000;

export class HealthMonitor {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly db: SqlClient,
    private readonly nodeStates: NodeStateChanges,
    private readonly policies: HealthPolicies,
    private readonly clock: Clock,
  ) {}

  /** Fails every powered node silent past the policy's limit at the clock's now; returns how many. */
  async sweep(): Promise<number> {
    const policy = await this.policies.current();
    const now = this.clock.now();
    const silent = await silentNodes(this.db, now, policy.missedIntervals, SWEEP_LIMIT);
    const groups = new Map<string, string[]>();
    for (const node of silent) {
      const key = `${node.siteId}\t${node.intervalS}`;
      groups.set(key, [...(groups.get(key) ?? []), node.nodeId]);
    }
    let failed = 0;
    for (const [key, nodeIds] of groups) {
      const [siteId = "", intervalS = ""] = key.split("\t");
      const reason = `missed-heartbeats: no heartbeat for more than ${policy.missedIntervals} intervals of ${intervalS} s`;
      await this.nodeStates.apply(siteId, nodeIds, {
        state: "failed",
        reason,
        actor: "system:health-monitor",
      });
      await setHealthCause(this.db, nodeIds, "missed-heartbeats", reason);
      failed += nodeIds.length;
    }
    return failed;
  }

  /** Sweeps every `everyMs` until `stop`; a sweep still running when the next is due is not doubled. */
  start(everyMs: number, onError: (error: unknown) => void): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep();
      this.running.catch(onError).finally(() => {
        this.running = undefined;
      });
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
