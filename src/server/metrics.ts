/**
 * Prometheus metrics: request counts and latencies by route, plus the process defaults.
 * @module
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/**
 * prom-client's default gauges named like counters (`_total`), which Prometheus's linter refuses;
 * the same counts stay available by type in `leasehold_nodejs_active_{handles,requests,resources}`.
 */
const MISNAMED_DEFAULTS = [
  "leasehold_nodejs_active_handles_total",
  "leasehold_nodejs_active_requests_total",
  "leasehold_nodejs_active_resources_total",
];

export interface ServerMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route">;
  importedNodes: Counter;
}

export function createMetrics(): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "leasehold_" });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);

  return {
    registry,
    requests: new Counter({
      name: "leasehold_http_requests_total",
      help: "HTTP requests by method, route pattern and status",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "leasehold_http_request_duration_seconds",
      help: "HTTP request latency by method and route pattern",
      labelNames: ["method", "route"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    importedNodes: new Counter({
      name: "leasehold_fleet_imported_nodes_total",
      help: "Nodes written by fleet imports",
      registers: [registry],
    }),
  };
}
