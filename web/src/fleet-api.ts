/**
 * The fleet endpoints the dashboard calls, typed by the contract; listings of everything follow
 * the cursors across pages.
 * @module
 */
import { payload } from "../../src/contract/client.js";
import type {
  FleetNode,
  NodeState,
  SiteDetail,
  SiteListing,
  TopologyMap,
  Whoami,
} from "../../src/contract/generated/api.js";
import { everyPage, LARGEST_PAGE } from "../../src/contract/pages.js";
import type { ApiClient } from "./api-client.js";

export function whoami(api: ApiClient): Promise<Whoami> {
  return payload(api.GET("/v1/whoami"));
}

export async function listSites(api: ApiClient): Promise<SiteListing[]> {
  const query = (cursor: string | undefined) => ({ params: { query: { limit: LARGEST_PAGE, cursor } } });
  return (await everyPage("sites", (cursor) => payload(api.GET("/v1/sites", query(cursor))))).sites;
}

export function siteDetail(api: ApiClient, site: string): Promise<SiteDetail> {
  return payload(api.GET("/v1/sites/{site}", { params: { path: { site } } }));
}

export function siteTopology(api: ApiClient, site: string): Promise<TopologyMap> {
  return payload(api.GET("/v1/sites/{site}/topology", { params: { path: { site } } }));
}

/** Every node under a topology path (a block has ~500), fetched 1,000 at a time. */
export async function nodesUnder(api: ApiClient, site: string, path: string): Promise<FleetNode[]> {
  const nodes: FleetNode[] = [];
  let cursor: string | undefined;
  do {
    const query = { path, limit: 1000, ...(cursor ? { cursor } : {}) };
    const page = await payload(api.GET("/v1/sites/{site}/nodes", { params: { path: { site }, query } }));
    nodes.push(...page.nodes);
    cursor = page.nextCursor ?? undefined;
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
  const answer = await payload(
    api.PATCH("/v1/sites/{site}/nodes/{node}", { params: { path: { site, node } }, body: { state, reason } }),
  );
  return answer.node;
}
