/**
 * Read models over leases: a lease's allocation by block, its history and events, its node moves,
 * and the site's allocation map (every rack's nodes by holder) the dashboard colours by tenant.
 * @module
 */
import { asSeenBy, type Principal, tenantScope } from "../access/principal.js";
import { type LeaseHolding, leaseHolding } from "../allocation/lease-holding.js";
import { nodeHolders, type RackHolders, rackHolders } from "../allocation/rack-holders.js";
import { eventSentence, type HistoryNames, versionSentence } from "../leasing/history-sentences.js";
import { type LeasedGpus, leasedGpus } from "../leasing/leased-gpus.js";
import {
  type AllocationMove,
  leaseMoves,
  type Shortfall,
  shortfallsOf,
  type TranchePlacement,
  tranchePlacements,
} from "../store/allocation-repository.js";
import {
  type LeaseVersion,
  leaseVersions,
  listLeases,
  listOutbox,
  type OutboxEvent,
  tenantAndSiteNames,
} from "../store/lease-repository.js";
import { findSite } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { resolveLease } from "./lease-ref.js";
import { siteNotFound } from "./not-found.js";
import type { SiteEngines } from "./site-engines.js";

export interface LeaseAllocation extends LeaseHolding {
  leaseId: string;
  leaseName: string;
  tenantName: string;
  siteId: string | null;
  siteName: string | null;
  placements: TranchePlacement[];
  shortfalls: Shortfall[];
}

/** Every rack of a site with its nodes by holder: `house`, `spare`, `out` (failed/maintenance) or a lease id. */
export interface AllocationMap extends RackHolders {
  siteId: string;
  /** The nodes under the path asked for, each with its holder; empty when no path was asked for. */
  nodes: Array<{ name: string; holder: string }>;
}

/** A sentence a person reads, e.g. "Reserved at colossus-1 by operator (bootstrap)". */
type Summary = { summary: string };

export class LeaseViews {
  constructor(
    private readonly db: SqlClient,
    private readonly engines: SiteEngines,
    private readonly clock: Clock,
  ) {}

  private async visibleLease(by: Principal, ref: string) {
    return resolveLease(this.db, tenantScope(by), ref);
  }

  /** What a lease holds now (per model against its due tranches, per block), its placements and shortfalls. */
  async allocation(by: Principal, ref: string): Promise<LeaseAllocation> {
    const lease = await this.visibleLease(by, ref);
    const [placements, shortfalls, names] = await Promise.all([
      tranchePlacements(this.db, [lease.id]),
      shortfallsOf(this.db, tenantScope(by), lease.id),
      tenantAndSiteNames(this.db, [lease.tenantId, ...(lease.siteId ? [lease.siteId] : [])]),
    ]);
    const named = {
      leaseId: lease.id,
      leaseName: lease.name,
      tenantName: names.get(lease.tenantId) ?? lease.tenantId,
    };
    if (!lease.siteId)
      return { ...named, siteId: null, siteName: null, byModel: [], blocks: [], placements, shortfalls };
    const engine = await this.engines.get(this.db, lease.siteId);
    const holding = leaseHolding(engine.state, lease, this.clock.now());
    const siteName = names.get(lease.siteId) ?? lease.siteId;
    return { ...named, siteId: lease.siteId, siteName, ...holding, placements, shortfalls };
  }

  /**
   * GPUs under lease now and at the peak from now on, over the leases `by` may see: a tranche is
   * in force from its start until its lease ends, so leases that never overlap do not add up.
   */
  async leasedGpus(by: Principal): Promise<LeasedGpus & { at: string }> {
    const at = this.clock.now();
    const leases = await listLeases(this.db, tenantScope(by));
    return { at, ...leasedGpus(leases, at) };
  }

  /**
   * A lease's versions (who changed what, when and why) and its outbox events, each with a
   * `summary` sentence that names sites and nodes rather than their ids.
   */
  async history(
    by: Principal,
    ref: string,
  ): Promise<{ versions: Array<LeaseVersion & Summary>; events: Array<OutboxEvent & Summary> }> {
    const lease = await this.visibleLease(by, ref);
    const [recorded, events] = await Promise.all([
      leaseVersions(this.db, lease.id),
      listOutbox(this.db, tenantScope(by), { aggregateId: lease.id, limit: 500 }),
    ]);
    const versions = recorded.map((v) => ({
      ...v,
      actor: asSeenBy(by, v.actor),
      reason: asSeenBy(by, v.reason),
    }));
    const names = await this.historyNames(lease.siteId, events);
    return {
      versions: versions.map((v) => ({ ...v, summary: versionSentence(v, names) })),
      events: events.map((e) => ({ ...e, summary: eventSentence(e, versions, names) })),
    };
  }

  /** Names for the site a lease is placed at and the nodes its events mention. */
  private async historyNames(siteId: string | null, events: OutboxEvent[]): Promise<HistoryNames> {
    const site = siteId ? await findSite(this.db, siteId) : undefined;
    const nodes = new Map<string, string>();
    const wanted = new Set(
      events.flatMap((e) =>
        e.topic === "allocation.node_replaced" ? [e.payload.failedNodeId, e.payload.replacementNodeId] : [],
      ),
    );
    if (siteId && wanted.size > 0) {
      const { index } = (await this.engines.get(this.db, siteId)).state;
      for (let i = 0; i < index.nodeCount; i++) {
        const id = index.nodeIds[i];
        if (id !== undefined && wanted.has(id)) nodes.set(id, index.nodeNames[i] ?? id);
      }
    }
    return {
      site: (id) => (site && id === site.id ? site.name : id),
      node: (id) => nodes.get(id) ?? id,
    };
  }

  /**
   * Every node that entered or left a lease, and why: the nodes a starting tranche took from the
   * house, failed nodes and their replacements, the nodes released at the end. Paged by move id.
   */
  async nodeMoves(
    by: Principal,
    ref: string,
    page: { afterId: number; limit: number },
  ): Promise<AllocationMove[]> {
    const lease = await this.visibleLease(by, ref);
    return (await leaseMoves(this.db, lease.id, page.afterId, page.limit)).map((m) => ({
      ...m,
      reason: asSeenBy(by, m.reason),
    }));
  }

  /**
   * The site's allocation map: every rack's nodes by holder, and the leases on the site; with
   * `path` (a block, say), also each node under it with its holder.
   */
  async allocationMap(siteRef: string, path?: string): Promise<AllocationMap> {
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    const engine = await this.engines.get(this.db, site.id);
    const nodes = path ? nodeHolders(engine.state, path) : [];
    return { siteId: site.id, ...rackHolders(engine.state), nodes };
  }
}
