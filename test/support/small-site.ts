/**
 * A tiny site for API tests: imported through the operator's `POST /v1/fleet/import`, in-process.
 * @module
 */
import type { TestServer } from "./test-server.js";

/** A node of the small site: a bare name sits on rack `r1`. Every node has 8 H100. */
type SmallSiteNode = string | { name: string; path: string };

/**
 * Imports site `name` (rack/node topology, PUE 1.2, $80/MWh, one grid connection of `gridMw` MW
 * installed and permitted) holding `nodes`. Returns the import's response for the caller to check.
 */
export async function importSmallSite(
  server: TestServer,
  name: string,
  nodes: readonly SmallSiteNode[],
  gridMw = 2,
): Promise<Response> {
  return server.app.request("/v1/fleet/import", {
    method: "POST",
    headers: { authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      sites: [
        {
          name,
          pue: 1.2,
          electricityUsdPerMwh: "80",
          powerSources: [{ kind: "grid", installedMw: gridMw, permittedMw: gridMw }],
          topologyLevels: ["rack", "node"],
          nodes: nodes.map((node) => ({
            ...(typeof node === "string" ? { name: node, path: "r1" } : node),
            gpuModel: "H100",
            gpuCount: 8,
          })),
        },
      ],
    }),
  });
}
