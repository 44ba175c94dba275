/**
 * The usage limiter's figures for /metrics: which store it uses, whether that store answers, the
 * failure policy in force, and how many calls the policy answered.
 * @module
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { LimitChecks } from "../app/limit-checks.js";

export function registerLimitMetrics(registry: Registry, checks: LimitChecks): void {
  new Gauge({
    name: "leasehold_limits_store_up",
    help: "1 while the usage-limit store answers, 0 from a failed call until one succeeds",
    labelNames: ["store", "policy"],
    registers: [registry],
    collect() {
      const h = checks.health();
      this.reset();
      this.set({ store: h.store, policy: h.policy }, h.up ? 1 : 0);
    },
  });
  new Counter({
    name: "leasehold_limits_store_failures_total",
    help: "Checks and settles the failure policy answered because the usage-limit store was unreachable",
    labelNames: ["store", "policy"],
    registers: [registry],
    collect() {
      const h = checks.health();
      this.reset();
      this.inc({ store: h.store, policy: h.policy }, h.failures);
    },
  });
}
