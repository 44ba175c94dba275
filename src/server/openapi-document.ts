/**
 * The OpenAPI 3.1 document the routes register: the one wire contract. The server serves it at
 * /openapi.json; the build makes the same document without a database (see contract-document.ts)
 * and generates the clients' types from it.
 * @module
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "./app-env.js";

/** The document's head: its title, version and what every /v1 route needs. */
function objectConfig(version: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Leasehold API",
      version,
      description: "Control plane for renting out GPU data centers. Every /v1 route needs an API key.",
      license: { name: "Apache-2.0", identifier: "Apache-2.0" },
    },
    // Relative: the server that serves this document is the one it describes.
    servers: [{ url: "/", description: "The server that serves this document" }],
  };
}

/** The document of every route registered on `app`. */
export function openApiDocument(app: OpenAPIHono<AppEnv>, version: string) {
  return app.getOpenAPI31Document(objectConfig(version));
}
