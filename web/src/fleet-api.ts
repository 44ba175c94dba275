/**
 * The fleet endpoints the dashboard calls, typed; node listings are followed across pages.
 * @module
 */
import type { ApiClient } from "./api-client.js";
import type { FleetNode, NodeState, Principal, SiteDetail, SiteListing, TopologyMap } from "./api-types.js";

const seg = encodeURIComponent;

export function whoami(api: ApiClient): Promise<Principal> {
  return api.get<Principal>("/v1/whoami");
}

export async function listSites(api: ApiClient): Promise<SiteListing[]> {
  return (await api.get<{ sites: SiteListing[] }>("/v1/sites")).sites;
}

export function siteDetail(api: ApiClient, site: string): Promise<SiteDetail> {
  return api.get<SiteDetail>(`/v1/sites/${seg(site)}`);
}

export function siteTopology(api: ApiClient, site: string): Promise<TopologyMap> {
  return api.get<TopologyMap>(`/v1/sites/${seg(site)}/topology`);
}

/** Every node under a topology path (a block has ~500), fetched 1,000 at a time. */
export async function nodesUnder(api: ApiClient, site: string, path: string): Promise<FleetNode[]> {
  const nodes: FleetNode[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ path, limit: "1000" });
    if (cursor) query.set("cursor", cursor);
    const page: { nodes: FleetNode[]; nextCursor: string | null } = await api.get(
      `/v1/sites/${seg(site)}/nodes?${query}`,
    );
    nodes.push(...page.nodes);
    cursor = page.nextCursor;
  } while (cursor);
  return nodes;
}

export async function setNodeState(
  api: ApiClient,
  site: string,
  node: string,
  state: NodeState,
  reason: string,
): Promise<FleetNode> {
  return (
    await api.patch<{ node: FleetNode }>(`/v1/sites/${seg(site)}/nodes/${seg(node)}`, { state, reason })
  ).node;
}
