/**
 * Unauthenticated system routes: health and the readable API docs (both in the OpenAPI document),
 * and the static files of the docs and the dashboard (bundled at build time, no CDN).
 * @module
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize } from "node:path";
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Health } from "../../app/health.js";
import type { AppEnv } from "../app-env.js";
import { publicRoute } from "../auth.js";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Leasehold API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="docs"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/docs-init.js"></script>
</body></html>`;

const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#docs", deepLinking: true,
  persistAuthorization: true, tryItOutEnabled: false });`;

/** Serves files under `root` by relative path, refusing anything that escapes it. */
async function serveFile(root: string, relative: string): Promise<Response | undefined> {
  const path = normalize(join(root, relative));
  if (!path.startsWith(root)) return undefined;
  try {
    const body = await readFile(path);
    return new Response(body, {
      headers: {
        "content-type": TYPES[extname(path)] ?? "application/octet-stream",
        "cache-control": "public, max-age=300",
      },
    });
  } catch {
    return undefined;
  }
}

const HealthSchema = z
  .object({
    status: z.literal("ok"),
    version: z.string().openapi({ example: "0.1.0" }),
    database: z.enum(["pglite", "postgres"]),
    databaseLatencyMs: z.number().openapi({ description: "One round trip to the database" }),
  })
  .openapi("Health");

export function systemRoutes(health: Health, options: { version: string; webRoot: string }) {
  const app = new OpenAPIHono<AppEnv>();
  const swaggerRoot = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

  app.openapi(
    publicRoute({
      method: "get",
      path: "/healthz",
      tags: ["System"],
      summary: "Health: answers once the database answers",
      responses: {
        200: { description: "Healthy", content: { "application/json": { schema: HealthSchema } } },
      },
    }),
    async (c) => {
      const { database, databaseLatencyMs } = await health.check();
      return c.json({ status: "ok" as const, version: options.version, database, databaseLatencyMs }, 200);
    },
  );

  app.openapi(
    publicRoute({
      method: "get",
      path: "/docs",
      tags: ["System"],
      summary: "The API described for people (Swagger UI, bundled)",
      responses: { 200: { description: "An HTML page", content: { "text/html": { schema: z.string() } } } },
    }),
    (c) => c.html(DOCS_HTML),
  );
  app.get("/docs/assets/docs-init.js", (c) => c.body(DOCS_INIT, 200, { "content-type": TYPES[".js"] ?? "" }));
  app.get(
    "/docs/assets/:file",
    async (c) => (await serveFile(swaggerRoot, c.req.param("file"))) ?? c.notFound(),
  );

  app.get(
    "/",
    async (c) =>
      (await serveFile(options.webRoot, "index.html")) ??
      c.text("dashboard not built: run npm run build", 503),
  );
  app.get("/assets/*", async (c) => (await serveFile(options.webRoot, c.req.path.slice(1))) ?? c.notFound());
  return app;
}
