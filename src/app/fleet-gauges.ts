/**
 * What a Grafana board of the fleet shows, read at scrape time: GPUs by site, model and state,
 * leases by status, power drawn and permitted per site, and each site's spare pool. Reads the
 * cached site summaries and allocation engines, so a scrape costs a few index lookups.
 * @module
 */
import { accountSite } from "../allocation/accounting.js";
import { LEASE_STATUSES } from "../leasing/lease.js";
import { leasesByStatus } from "../store/lease-counts.js";
import type { SqlClient } from "../store/sql-client.js";
import type { FleetService } from "./fleet-service.js";
import type { SiteEngines } from "./site-engines.js";

export interface SiteGauges {
  site: string;
  gpus: Array<{ gpuModel: string; state: string; gpus: number }>;
  drawnMw: number;
  permittedMw: number;
  spareNodes: number;
  spareGpus: number;
}

export interface FleetGaugeSnapshot {
  sites: SiteGauges[];
  leasesByStatus: Array<{ status: string; leases: number }>;
}

export class FleetGauges {
  constructor(
    private readonly db: SqlClient,
    private readonly fleet: FleetService,
    private readonly engines: SiteEngines,
  ) {}

  async snapshot(): Promise<FleetGaugeSnapshot> {
    const sites: SiteGauges[] = [];
    for (const listing of await this.fleet.sites()) {
      const { summary } = await this.fleet.summary(listing.id);
      const engine = await this.engines.get(this.db, listing.id);
      const spare = accountSite(engine.state).reduce(
        (s, m) => ({ nodes: s.nodes + m.spare.nodes, gpus: s.gpus + m.spare.gpus }),
        { nodes: 0, gpus: 0 },
      );
      sites.push({
        site: listing.name,
        gpus: summary.capacityByModel.flatMap((m) =>
          Object.entries(m.gpusByState).map(([state, gpus]) => ({ gpuModel: m.gpuModel, state, gpus })),
        ),
        drawnMw: summary.power.drawnMw,
        permittedMw: summary.power.permittedMw,
        spareNodes: spare.nodes,
        spareGpus: spare.gpus,
      });
    }
    const counted = new Map((await leasesByStatus(this.db)).map((r) => [r.status, r.leases]));
    return {
      sites,
      leasesByStatus: LEASE_STATUSES.map((status) => ({ status, leases: counted.get(status) ?? 0 })),
    };
  }
}
