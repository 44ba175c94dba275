/**
 * Fleet import and export. Import is all-or-nothing; with `Accept: application/x-ndjson` it streams
 * progress lines while it works and ends with a `result` or `error` line.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { stream } from "hono/streaming";
import { actorOf } from "../../access/principal.js";
import type { FleetImports, ImportProgress } from "../../app/fleet-import.js";
import type { FleetService } from "../../app/fleet-service.js";
import { fleetDocumentSchema } from "../../fleet/fleet-document.js";
import { LeaseholdError } from "../../shared/errors.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute } from "../auth.js";
import { errorBody } from "../error-body.js";
import type { ServerMetrics } from "../metrics.js";
import { BODY_LIMITS, booleanQuery, readDocument } from "../read-body.js";
import { documentable, ErrorSchema, errorResponses, FlagQuery, RefSchema } from "../schemas.js";

const ImportResultSchema = z
  .object({
    sites: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        nodes: z.number().int(),
        gpus: z.number().int(),
        replaced: z.boolean(),
      }),
    ),
    nodes: z.number().int(),
    gpus: z.number().int(),
  })
  .openapi("ImportResult");

/** One line of the progress stream: progress while writing, then a result or an error. */
const ImportStreamLineSchema = z
  .union([
    z.object({
      type: z.literal("progress"),
      phase: z.literal("validated"),
      sites: z.number().int(),
      nodes: z.number().int(),
    }),
    z.object({
      type: z.literal("progress"),
      phase: z.enum(["writing", "committed"]),
      written: z.number().int(),
      total: z.number().int(),
    }),
    z.object({ type: z.literal("result"), result: ImportResultSchema }),
    z.object({ type: z.literal("error"), error: ErrorSchema.shape.error }),
  ])
  .openapi("ImportStreamLine", {
    description: "One line of an application/x-ndjson import: progress lines, then a result or an error",
  });

/** The fleet document, as import reads it and export writes it. */
const FleetDocumentSchema = documentable(fleetDocumentSchema).openapi("FleetDocument");
const fleetDocument = { $ref: "#/components/schemas/FleetDocument" };

export function importRoutes(imports: FleetImports, fleet: FleetService, metrics: ServerMetrics) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/fleet/import",
      tags: ["Fleet"],
      summary: "Import sites and nodes from a fleet document (JSON or YAML), all or nothing",
      description:
        "Validates the whole document first; any error answers 400 VALIDATION_FAILED naming each bad path " +
        "(e.g. sites[0].nodes[1042].gpuCount) and its bound, and nothing is written. An existing site answers " +
        "409 SITE_EXISTS unless replace=true. Send Accept: application/x-ndjson to receive progress lines.",
      request: {
        query: z.object({ replace: FlagQuery }),
        // Read by the handler: JSON or YAML up to 256 MiB, validated whole before anything is written.
        body: {
          required: true,
          content: {
            "application/json": { schema: fleetDocument },
            "application/yaml": { schema: fleetDocument },
          },
        },
      },
      responses: {
        200: {
          description: "Imported; with Accept: application/x-ndjson, progress lines ending in the result",
          content: {
            "application/json": { schema: ImportResultSchema },
            "application/x-ndjson": { schema: ImportStreamLineSchema },
          },
        },
        ...errorResponses(409),
      },
    }),
    async (c) => {
      const options = {
        replace: booleanQuery("replace", c.req.valid("query").replace),
        actor: actorOf(c.get("principal")),
      };
      // Validate before answering, so a bad file is a plain 400 even when progress is streamed.
      const doc = await imports.validate(await readDocument(c, BODY_LIMITS.importBytes));
      if (!(c.req.header("accept") ?? "").includes("application/x-ndjson")) {
        const result = await imports.write(doc, options);
        metrics.importedNodes.inc(result.nodes);
        return c.json(result, 200);
      }
      c.header("content-type", "application/x-ndjson");
      // The router types JSON and text answers only; this one is the documented NDJSON stream.
      const progress: Response = stream(c, async (out) => {
        const lines: string[] = [];
        const onProgress = (p: ImportProgress) => {
          lines.push(`${JSON.stringify({ type: "progress", ...p })}\n`);
        };
        const flush = async () => {
          while (lines.length) await out.write(lines.shift() ?? "");
        };
        const ticker = setInterval(() => void flush(), 50);
        try {
          const result = await imports.write(doc, { ...options, onProgress });
          metrics.importedNodes.inc(result.nodes);
          clearInterval(ticker);
          await flush();
          await out.write(`${JSON.stringify({ type: "result", result })}\n`);
        } catch (error) {
          clearInterval(ticker);
          await flush();
          const known =
            error instanceof LeaseholdError ? error : new LeaseholdError("INTERNAL", "internal error");
          await out.write(`${JSON.stringify({ type: "error", ...errorBody(known, c.get("requestId")) })}\n`);
        }
      });
      return progress as never;
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/fleet/export",
      tags: ["Fleet"],
      summary: "Export sites as a fleet document that imports back unchanged",
      request: {
        query: z.object({
          site: z
            .union([RefSchema, z.array(RefSchema)])
            .optional()
            .openapi({
              param: { name: "site", in: "query" },
              description: "Site id or name; repeat for several; none = all",
            }),
        }),
      },
      responses: {
        200: {
          description: "The fleet document",
          content: { "application/json": { schema: FleetDocumentSchema } },
        },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const sites = c.req.queries("site") ?? [];
      return c.json(await fleet.export(sites), 200);
    },
  );

  return app;
}
