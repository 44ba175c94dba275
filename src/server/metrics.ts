/**
 * Prometheus metrics: request counts and latencies by route, latencies of lease placement and node
 * state changes, the fleet's gauges read at scrape time (GPUs by site, model and state; leases by
 * status; power drawn and permitted; spare pools), plus the process defaults.
 * @module
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { FleetGaugeSnapshot } from "../app/fleet-gauges.js";

/**
 * prom-client's default gauges named like counters (`_total`), which Prometheus's linter refuses;
 * the same counts stay available by type in `leasehold_nodejs_active_{handles,requests,resources}`.
 */
const MISNAMED_DEFAULTS = [
  "leasehold_nodejs_active_handles_total",
  "leasehold_nodejs_active_requests_total",
  "leasehold_nodejs_active_resources_total",
];

/** Seconds: from sub-millisecond failures to multi-second whole-site leases. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ServerMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route">;
  /** Requests that place or move a lease on the fleet (create with reserve, reserve, amend). */
  placement: Histogram<"operation">;
  /** Requests that change node states (one node or a batch). */
  nodeChanges: Histogram<"operation">;
  importedNodes: Counter;
}

/** What agents report, per site and per lease (never per GPU), read at scrape time. */
export interface AgentGaugeSnapshot {
  sites: Array<{ site: string; watts: number; fresh: number; reporting: number }>;
  leases: Array<{ lease: string; site: string; watts: number }>;
}

/**
 * `snapshot` reads the fleet for the gauges; one read serves every gauge of a scrape. `agents`
 * reads the agents' measured power per site and lease.
 */
export function createMetrics(
  snapshot?: () => Promise<FleetGaugeSnapshot>,
  agents?: () => Promise<AgentGaugeSnapshot>,
): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "leasehold_" });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
  if (snapshot) fleetGauges(registry, snapshot);
  if (agents) agentGauges(registry, agents);
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
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    placement: new Histogram({
      name: "leasehold_lease_placement_duration_seconds",
      help: "Latency of requests that place a lease on the fleet: create (with reserve), reserve, amend",
      labelNames: ["operation"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    nodeChanges: new Histogram({
      name: "leasehold_node_state_change_duration_seconds",
      help: "Latency of node state changes, replacement of failed leased nodes included",
      labelNames: ["operation"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    importedNodes: new Counter({
      name: "leasehold_fleet_imported_nodes_total",
      help: "Nodes written by fleet imports",
      registers: [registry],
    }),
  };
}

function fleetGauges(registry: Registry, snapshot: () => Promise<FleetGaugeSnapshot>): void {
  // One snapshot per scrape, however many gauges ask for it.
  let current: { at: number; value: Promise<FleetGaugeSnapshot> } | undefined;
  const read = () => {
    const now = Date.now();
    if (!current || now - current.at > 1000) current = { at: now, value: snapshot() };
    return current.value;
  };
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    fill: (g: Gauge<L>, s: FleetGaugeSnapshot) => void,
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        fill(this, await read());
      },
    });
  gauge(
    "leasehold_site_gpus",
    "GPUs by site, GPU model and node state",
    ["site", "gpu_model", "state"],
    (g, s) => {
      for (const site of s.sites)
        for (const m of site.gpus) g.set({ site: site.site, gpu_model: m.gpuModel, state: m.state }, m.gpus);
    },
  );
  gauge("leasehold_leases", "Leases by status", ["status"], (g, s) => {
    for (const l of s.leasesByStatus) g.set({ status: l.status }, l.leases);
  });
  gauge(
    "leasehold_site_power_drawn_megawatts",
    "Facility power drawn per site (estimate), MW",
    ["site"],
    (g, s) => {
      for (const site of s.sites) g.set({ site: site.site }, site.drawnMw);
    },
  );
  gauge(
    "leasehold_site_power_permitted_megawatts",
    "Continuous power the site is permitted to draw (grid and generation), MW",
    ["site"],
    (g, s) => {
      for (const site of s.sites) g.set({ site: site.site }, site.permittedMw);
    },
  );
  gauge(
    "leasehold_site_spare_nodes",
    "Nodes in the site's spare pool, kept for replacements",
    ["site"],
    (g, s) => {
      for (const site of s.sites) g.set({ site: site.site }, site.spareNodes);
    },
  );
  gauge("leasehold_site_spare_gpus", "GPUs in the site's spare pool", ["site"], (g, s) => {
    for (const site of s.sites) g.set({ site: site.site }, site.spareGpus);
  });
}

function agentGauges(registry: Registry, read: () => Promise<AgentGaugeSnapshot>): void {
  let current: { at: number; value: Promise<AgentGaugeSnapshot> } | undefined;
  const snapshot = () => {
    const now = Date.now();
    if (!current || now - current.at > 1_000) current = { at: now, value: read() };
    return current.value;
  };
  const gauge = <L extends string>(
    name: string,
    help: string,
    labelNames: L[],
    fill: (g: Gauge<L>, s: AgentGaugeSnapshot) => void,
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        fill(this, await snapshot());
      },
    });
  gauge(
    "leasehold_site_measured_gpu_watts",
    "GPU power the site's agents read (nodes heard from in the last 30 s), W",
    ["site"],
    (g, s) => {
      for (const site of s.sites) g.set({ site: site.site }, site.watts);
    },
  );
  gauge("leasehold_site_reporting_nodes", "Nodes whose agent has reported", ["site"], (g, s) => {
    for (const site of s.sites) g.set({ site: site.site }, site.reporting);
  });
  gauge("leasehold_site_fresh_nodes", "Nodes heard from in the last 30 s", ["site"], (g, s) => {
    for (const site of s.sites) g.set({ site: site.site }, site.fresh);
  });
  gauge(
    "leasehold_lease_measured_gpu_watts",
    "GPU power the agents of a lease's nodes read (last 30 s), W",
    ["lease", "site"],
    (g, s) => {
      for (const l of s.leases) g.set({ lease: l.lease, site: l.site }, l.watts);
    },
  );
}
