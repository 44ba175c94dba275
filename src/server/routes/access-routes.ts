/**
 * Tenants, API keys and `whoami`. Tenant keys see their own tenant and keys only; another
 * tenant's records answer 404 as if they did not exist.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { ROLES } from "../../access/principal.js";
import type { AccessService } from "../../app/access-service.js";
import { LeaseholdError } from "../../shared/errors.js";
import type { AppEnv } from "../app-env.js";
import { checkerRoute, operatorRoute, tenantRoute } from "../auth.js";
import { idAfter, idPage, listPage, NextCursor, PageQuery } from "../pagination.js";
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
    checkerRoute({
      method: "get",
      path: "/v1/whoami",
      tags: ["Access"],
      summary: "The role (and tenant) of the calling key",
      responses: {
        200: json(
          z
            .object({
              role: z.enum(ROLES),
              keyId: z.string(),
              keyName: z.string(),
              tenantId: z.string().nullable(),
              tenantName: z.string().nullable(),
            })
            .openapi("Whoami"),
          "The caller",
        ),
      },
    }),
    async (c) => {
      const p = c.get("principal");
      if (p.role === "agent")
        throw new LeaseholdError("FORBIDDEN", "an agent key has no tenant or role to show");
      const tenant = p.role === "operator" ? null : await access.tenant(p, p.tenantId);
      return c.json(
        {
          role: p.role,
          keyId: p.keyId,
          keyName: p.keyName,
          tenantId: tenant?.id ?? null,
          tenantName: tenant?.name ?? null,
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
      summary: "List tenants by name (a tenant key sees only its own; paginated)",
      request: { query: z.object(PageQuery) },
      responses: {
        200: json(z.object({ tenants: z.array(TenantSchema), nextCursor: NextCursor }), "Tenants"),
      },
    }),
    async (c) => {
      const tenants = await access.tenants(c.get("principal"));
      const page = listPage(tenants, (t) => ({ key: t.name, id: t.id }), c.req.valid("query"));
      return c.json({ tenants: page.rows, nextCursor: page.nextCursor }, 200);
    },
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
      summary: "List API keys by name (never their secrets; a tenant key sees its tenant's keys; paginated)",
      request: { query: z.object(PageQuery) },
      responses: {
        200: json(z.object({ apiKeys: z.array(ApiKeySchema), nextCursor: NextCursor }), "Keys"),
      },
    }),
    async (c) => {
      const keys = await access.keys(c.get("principal"));
      const page = listPage(keys, (k) => ({ key: k.name, id: k.id }), c.req.valid("query"));
      return c.json({ apiKeys: page.rows, nextCursor: page.nextCursor }, 200);
    },
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
            role: z.enum(ROLES).openapi({
              description:
                "operator: everything; tenant: one tenant's leases, keys and limits; checker: only checks and settles one tenant's usage limits (what a gateway holds)",
            }),
            tenant: RefSchema.optional().openapi({
              description: "Tenant id or name; required for roles tenant and checker",
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
          ...PageQuery,
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
              nextCursor: NextCursor,
            })
            .openapi("AuditPage"),
          "Audit entries",
        ),
      },
    }),
    async (c) => {
      const { subject, limit, cursor } = c.req.valid("query");
      const before = idAfter(cursor);
      const read = await access.audit({ subject, limit: limit + 1, ...(before ? { before } : {}) });
      const page = idPage(read, limit);
      return c.json({ entries: page.rows, nextCursor: page.nextCursor }, 200);
    },
  );

  return app;
}
