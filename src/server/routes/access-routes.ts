/**
 * Tenants, API keys and `whoami`. Tenant keys see their own tenant and keys only; another
 * tenant's records answer 404 as if they did not exist.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AccessService } from "../../app/access-service.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute, tenantRoute } from "../auth.js";
import { queryInteger } from "../pagination.js";
import { ApiKeySchema, errorResponses, NameSchema, RefSchema, TenantSchema } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

export function accessRoutes(access: AccessService) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/whoami",
      tags: ["Access"],
      summary: "The role (and tenant) of the calling key",
      responses: {
        200: json(
          z
            .object({
              role: z.enum(["operator", "tenant"]),
              keyId: z.string(),
              keyName: z.string(),
              tenantId: z.string().nullable(),
            })
            .openapi("Whoami"),
          "The caller",
        ),
      },
    }),
    (c) => {
      const p = c.get("principal");
      return c.json(
        {
          role: p.role,
          keyId: p.keyId,
          keyName: p.keyName,
          tenantId: p.role === "tenant" ? p.tenantId : null,
        },
        200,
      );
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants",
      tags: ["Access"],
      summary: "List tenants (a tenant key sees only its own)",
      responses: { 200: json(z.object({ tenants: z.array(TenantSchema) }), "Tenants") },
    }),
    async (c) => c.json({ tenants: await access.tenants(c.get("principal")) }, 200),
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/tenants/{tenant}",
      tags: ["Access"],
      summary: "Show a tenant by id or name",
      request: {
        params: z.object({
          tenant: RefSchema.openapi({ param: { name: "tenant", in: "path" } }),
        }),
      },
      responses: { 200: json(z.object({ tenant: TenantSchema }), "The tenant"), ...errorResponses(404) },
    }),
    async (c) =>
      c.json({ tenant: await access.tenant(c.get("principal"), c.req.valid("param").tenant) }, 200),
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/tenants",
      tags: ["Access"],
      summary: "Create a tenant",
      request: { body: body(z.strictObject({ name: NameSchema.openapi({ example: "frontier-lab" }) })) },
      responses: {
        201: json(z.object({ tenant: TenantSchema }), "Created"),
        ...errorResponses(409),
      },
    }),
    async (c) =>
      c.json({ tenant: await access.createTenant(c.get("principal"), c.req.valid("json").name) }, 201),
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/api-keys",
      tags: ["Access"],
      summary: "List API keys (never their secrets; a tenant key sees its tenant's keys)",
      responses: { 200: json(z.object({ apiKeys: z.array(ApiKeySchema) }), "Keys") },
    }),
    async (c) => c.json({ apiKeys: await access.keys(c.get("principal")) }, 200),
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/api-keys",
      tags: ["Access"],
      summary: "Create an API key; the secret is returned once and only its hash is stored",
      request: {
        body: body(
          z.strictObject({
            name: NameSchema,
            role: z.enum(["operator", "tenant"]),
            tenant: RefSchema.optional().openapi({
              description: "Tenant id or name; required for role tenant",
            }),
          }),
        ),
      },
      responses: {
        201: json(z.object({ key: z.string(), apiKey: ApiKeySchema }), "Created; `key` is shown only now"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { key, record } = await access.createKey(c.get("principal"), c.req.valid("json"));
      return c.json({ key, apiKey: record }, 201);
    },
  );

  app.openapi(
    operatorRoute({
      method: "delete",
      path: "/v1/api-keys/{id}",
      tags: ["Access"],
      summary: "Revoke an API key",
      request: {
        params: z.object({
          id: RefSchema.max(64).openapi({ param: { name: "id", in: "path" } }),
        }),
      },
      responses: { 200: json(z.object({ apiKey: ApiKeySchema }), "Revoked"), ...errorResponses(404) },
    }),
    async (c) => c.json({ apiKey: await access.revokeKey(c.get("principal"), c.req.valid("param").id) }, 200),
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/audit",
      tags: ["Access"],
      summary:
        "Read the audit log, newest first: who changed what, when (imports, node states, leases, keys)",
      request: {
        query: z.strictObject({
          subject: RefSchema.optional().openapi({
            param: { name: "subject", in: "query" },
            description: "An id: site, node, lease, tenant or key",
          }),
          before: queryInteger({ min: 1, max: Number.MAX_SAFE_INTEGER })
            .optional()
            .openapi({
              param: { name: "before", in: "query" },
              description: "The nextBefore of the previous page",
            }),
          limit: queryInteger({ min: 1, max: 1000 })
            .default(100)
            .openapi({ param: { name: "limit", in: "query" } }),
        }),
      },
      responses: {
        200: json(
          z
            .object({
              entries: z.array(
                z
                  .object({
                    id: z.number().int(),
                    at: z.string(),
                    actor: z.string(),
                    action: z.string(),
                    subject: z.string(),
                    detail: z.record(z.string(), z.unknown()),
                  })
                  .openapi("AuditEntry"),
              ),
              nextBefore: z.number().int().nullable(),
            })
            .openapi("AuditPage"),
          "Audit entries",
        ),
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const entries = await access.audit(query);
      const last = entries[entries.length - 1];
      return c.json({ entries, nextBefore: entries.length === query.limit && last ? last.id : null }, 200);
    },
  );

  return app;
}
