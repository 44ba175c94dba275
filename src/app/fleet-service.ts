/**
 * Fleet reads behind the API: sites with their summaries, the topology map, node listings and
 * export (node state changes are `NodeStateChanges`). Summaries are cached per site version, so repeated reads cost
 * one index lookup while any change (on any server sharing the database) invalidates them.
 * @module
 */

import type { FleetDocument } from "../fleet/fleet-document.js";
import { BUILT_IN_GPU_MODELS, catalogueOf, type GpuModel } from "../fleet/gpu-model.js";
import type { FleetNode } from "../fleet/node.js";
import type { Site } from "../fleet/site.js";
import { summarizeSite } from "../fleet/site-summary.js";
import { buildTopologyMap, type TopologyMap } from "../fleet/topology-map.js";
import {
  type MeasuredSitePower,
  type MeasuredSiteSummary,
  withMeasuredPower,
} from "../health/measured-power.js";
import { LeaseholdError } from "../shared/errors.js";
import { formatMicros } from "../shared/money.js";
import {
  findNode,
  listNodes,
  type NodeCursor,
  type NodeEvent,
  type NodeFilter,
  nodeEvents,
  nodesOfSite,
  rackCounts,
  siteTotals,
  stateCounts,
} from "../store/node-repository.js";
import { findSite, listGpuModels, listSites, siteVersion } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import { siteNotFound } from "./not-found.js";

export interface SiteListing extends Site {
  nodes: number;
  gpus: number;
}

export class FleetService {
  private readonly summaries = new Map<string, { site: Site; summary: MeasuredSiteSummary }>();
  private readonly maps = new Map<string, { version: number; map: TopologyMap }>();

  /**
   * `measured`: what agents report of a site's power now; the summary's drawn power uses it where
   * nodes report, the catalogue estimate elsewhere.
   */
  constructor(
    private readonly db: SqlClient,
    private readonly measured?: { measuredPower(siteId: string): Promise<MeasuredSitePower> },
  ) {}

  async gpuModels(): Promise<GpuModel[]> {
    return listGpuModels(this.db);
  }

  async sites(): Promise<SiteListing[]> {
    const [sites, totals] = await Promise.all([listSites(this.db), siteTotals(this.db)]);
    const bySite = new Map(totals.map((t) => [t.siteId, t]));
    return sites.map((s) => ({
      ...s,
      nodes: bySite.get(s.id)?.nodes ?? 0,
      gpus: bySite.get(s.id)?.gpus ?? 0,
    }));
  }

  async site(ref: string): Promise<Site> {
    const site = await findSite(this.db, ref);
    if (!site) throw await siteNotFound(this.db, ref);
    return site;
  }

  /**
   * A site and its summary; the counts are recomputed only when the site's version moved, the
   * measured power on every read (the cached answer itself while no agent reports).
   */
  async summary(ref: string): Promise<{ site: Site; summary: MeasuredSiteSummary }> {
    const entry = await this.countedSummary(ref);
    const measured = await this.measured?.measuredPower(entry.site.id);
    if (!measured || measured.freshNodes === 0) return entry;
    const { site, summary } = entry;
    const powered = summary.nodesByState.healthy + summary.nodesByState.degraded;
    return { site, summary: withMeasuredPower(summary, site.pue, powered, measured) };
  }

  private async countedSummary(ref: string): Promise<{ site: Site; summary: MeasuredSiteSummary }> {
    const current = await siteVersion(this.db, ref);
    if (!current) throw await siteNotFound(this.db, ref);
    const hit = this.summaries.get(current.id);
    if (hit && hit.site.version === current.version) return hit;
    const site = await this.site(current.id);
    const [counts, models] = await Promise.all([stateCounts(this.db, site.id), listGpuModels(this.db)]);
    const counted = summarizeSite(site, counts, catalogueOf(models));
    const entry = { site, summary: withMeasuredPower(counted, site.pue, 0, undefined) };
    this.summaries.set(site.id, entry);
    return entry;
  }

  async topology(ref: string): Promise<TopologyMap> {
    const site = await this.site(ref);
    const hit = this.maps.get(site.id);
    if (hit && hit.version === site.version) return hit.map;
    const map = buildTopologyMap(site.topologyLevels, await rackCounts(this.db, site.id));
    this.maps.set(site.id, { version: site.version, map });
    return map;
  }

  /**
   * Nodes matching the filter, a page at a time. The GPU model matches whatever its case (`h100`
   * is the catalogue's `H100`), as a person types it.
   */
  async nodes(
    filter: NodeFilter,
    limit: number,
    after?: NodeCursor,
  ): Promise<{ nodes: FleetNode[]; next?: NodeCursor }> {
    const asked = filter.gpuModel?.toLowerCase();
    const model = asked && (await listGpuModels(this.db)).find((m) => m.name.toLowerCase() === asked);
    return listNodes(this.db, model ? { ...filter, gpuModel: model.name } : filter, limit, after);
  }

  /** Every site's name by id: views show names, not ids. */
  async siteNames(): Promise<Map<string, string>> {
    return new Map((await listSites(this.db)).map((s) => [s.id, s.name]));
  }

  async node(siteRef: string, nodeRef: string): Promise<{ node: FleetNode; events: NodeEvent[] }> {
    const site = await this.site(siteRef);
    const node = await findNode(this.db, site.id, nodeRef);
    if (!node)
      throw new LeaseholdError("NODE_NOT_FOUND", `site ${site.name} has no node with id or name ${nodeRef}`);
    return { node, events: await nodeEvents(this.db, node.id) };
  }

  /** The fleet file for the named sites (all sites when none are named), re-importable as is. */
  async export(siteRefs: readonly string[]): Promise<FleetDocument> {
    const sites = siteRefs.length
      ? await Promise.all(siteRefs.map((r) => this.site(r)))
      : await listSites(this.db);
    const builtIn = new Set(BUILT_IN_GPU_MODELS.map((m) => m.name));
    const models = (await listGpuModels(this.db)).filter((m) => !builtIn.has(m.name));
    const out: FleetDocument = { gpuModels: models, sites: [] };
    for (const site of sites) {
      const nodes = await nodesOfSite(this.db, site.id);
      out.sites.push({
        name: site.name,
        kind: site.kind,
        location: site.location,
        pue: site.pue,
        electricityUsdPerMwh: formatMicros(site.electricityPriceMicrosPerMwh),
        powerSources: site.powerSources,
        topologyLevels: site.topologyLevels,
        nodes: nodes.map((n) => ({
          name: n.name,
          path: n.path,
          gpuModel: n.gpuModel,
          gpuCount: n.gpuCount,
          state: n.state,
        })),
      });
    }
    return out;
  }
}
