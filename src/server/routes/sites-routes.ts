/**
 * /v1/sites and /v1/gpu-models: the fleet inventory, its summaries and the topology map.
 * @module
 */

import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { FleetService } from "../../app/fleet-service.js";
import type { Site } from "../../fleet/site.js";
import { powerTotals } from "../../fleet/site.js";
import { wireRate } from "../../shared/money.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute } from "../auth.js";
import { listPage, NextCursor, PageQuery } from "../pagination.js";
import {
  errorResponses,
  GpuModelSchema,
  SiteDetailSchema,
  SiteListSchema,
  SiteRefParam,
  type SiteSchema,
  TopologyMapSchema,
} from "../schemas.js";

/** A site as the API shows it: money as an exact decimal string. */
export function siteView(site: Site): z.infer<typeof SiteSchema> {
  const { electricityPriceMicrosPerMwh, ...rest } = site;
  return { ...rest, electricityUsdPerMwh: wireRate(electricityPriceMicrosPerMwh) };
}

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export function sitesRoutes(fleet: FleetService) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/gpu-models",
      tags: ["Fleet"],
      summary: "List the GPU model catalogue, by name (paginated)",
      request: { query: z.object(PageQuery) },
      responses: {
        200: json(z.object({ gpuModels: z.array(GpuModelSchema), nextCursor: NextCursor }), "The catalogue"),
      },
    }),
    async (c) => {
      const page = listPage(
        await fleet.gpuModels(),
        (m) => ({ key: m.name, id: m.name }),
        c.req.valid("query"),
      );
      return c.json({ gpuModels: page.rows, nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites",
      tags: ["Fleet"],
      summary: "List sites with their node and GPU totals, by name (paginated)",
      request: { query: z.object(PageQuery) },
      responses: {
        200: json(SiteListSchema, "Sites by name"),
      },
    }),
    async (c) => {
      const page = listPage(await fleet.sites(), (s) => ({ key: s.name, id: s.id }), c.req.valid("query"));
      return c.json(
        {
          nextCursor: page.nextCursor,
          sites: page.rows.map((s) => ({
            ...siteView(s),
            nodes: s.nodes,
            gpus: s.gpus,
            permittedMw: powerTotals(s.powerSources).permittedMw,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}",
      tags: ["Fleet"],
      summary: "Show a site and its summary (capacity by model and state, power, warnings)",
      request: { params: z.object({ site: SiteRefParam }) },
      responses: {
        200: json(SiteDetailSchema, "The site and its summary"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { site, summary } = await fleet.summary(c.req.valid("param").site);
      return c.json({ site: siteView(site), summary }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/topology",
      tags: ["Fleet"],
      summary: "The site's topology as a map: racks grouped by block, with node states",
      request: { params: z.object({ site: SiteRefParam }) },
      responses: { 200: json(TopologyMapSchema, "The topology map"), ...errorResponses(404) },
    }),
    async (c) => c.json(await fleet.topology(c.req.valid("param").site), 200),
  );

  return app;
}
