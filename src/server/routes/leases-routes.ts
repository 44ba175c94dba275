/**
 * /v1/leases: create (and reserve), list, show, and the lifecycle — reserve, cancel, notice,
 * amendments, and a tick that lets time act now. Tenant keys list and show their own leases and
 * may give notice on them; every other change is the operator's.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { LeaseService } from "../../app/lease-service.js";
import {
  amendmentRequestSchema,
  parseAmendmentRequest,
  withRequestFields,
} from "../../leasing/amendment-request.js";
import { LEASE_STATUSES, leaseStartsAt } from "../../leasing/lease.js";
import { plainText } from "../../shared/plain-text.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute, tenantRoute } from "../auth.js";
import { LeaseRefParam, LeaseRequestBody, LeaseViewSchema } from "../lease-schemas.js";
import { leaseView } from "../lease-view.js";
import { listPage, NextCursor, PageQuery } from "../pagination.js";
import { booleanQuery, readJsonBody } from "../read-body.js";
import { errorResponses, FlagQuery, parsedBody, RefSchema } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

const OneLease = z.object({ lease: LeaseViewSchema });
const params = z.object({ lease: LeaseRefParam });
const reason = plainText().min(1).max(500);

export function leasesRoutes(leases: LeaseService) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/leases",
      tags: ["Leases"],
      summary: "Create a lease as a draft, or hold it at once with reserve=true",
      description:
        "Every bad field answers 400 VALIDATION_FAILED naming it and its bound. With reserve=true a lease " +
        "that fits at none of its sites answers 409 LEASE_UNPLACEABLE with the reason per site.",
      request: {
        query: z.object({ reserve: FlagQuery }),
        // The use case validates the body (once) and names every bad field.
        body: parsedBody(app, "LeaseRequest", LeaseRequestBody),
      },
      responses: { 201: json(OneLease, "Created"), ...errorResponses(404, 409) },
    }),
    async (c) => {
      const reserve = booleanQuery("reserve", c.req.valid("query").reserve);
      const lease = await leases.create(c.get("principal"), await readJsonBody(c), { reserve });
      return c.json({ lease: leaseView(lease, c.get("principal"), await leases.namesOf([lease])) }, 201);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases",
      tags: ["Leases"],
      summary: "List leases by start (a tenant key sees only its own; paginated)",
      request: {
        query: z.strictObject({
          status: z.enum(LEASE_STATUSES).optional(),
          site: RefSchema.optional().openapi({ description: "Site id or name" }),
          ...PageQuery,
        }),
      },
      responses: {
        200: json(z.object({ leases: z.array(LeaseViewSchema), nextCursor: NextCursor }), "Leases"),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const { status, site, ...query } = c.req.valid("query");
      const found = await leases.list(c.get("principal"), { status, site });
      const page = listPage(found, (l) => ({ key: leaseStartsAt(l), id: l.id }), query);
      const names = await leases.namesOf(page.rows);
      return c.json(
        {
          leases: page.rows.map((l) => leaseView(l, c.get("principal"), names)),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases/{lease}",
      tags: ["Leases"],
      summary: "Show a lease by id or name",
      request: { params },
      responses: { 200: json(OneLease, "The lease"), ...errorResponses(404, 409) },
    }),
    async (c) => {
      const lease = await leases.get(c.get("principal"), c.req.valid("param").lease);
      return c.json({ lease: leaseView(lease, c.get("principal"), await leases.namesOf([lease])) }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/leases/{lease}/reserve",
      tags: ["Leases"],
      summary: "Hold a draft's capacity at its first acceptable site that fits; activates it if due",
      request: { params },
      responses: { 200: json(OneLease, "Reserved (or active)"), ...errorResponses(404, 409) },
    }),
    async (c) => {
      const lease = await leases.reserve(c.get("principal"), c.req.valid("param").lease);
      return c.json({ lease: leaseView(lease, c.get("principal"), await leases.namesOf([lease])) }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/leases/{lease}/cancel",
      tags: ["Leases"],
      summary: "Cancel a draft or reserved lease before it starts",
      request: { params, body: body(z.strictObject({ reason })) },
      responses: { 200: json(OneLease, "Cancelled"), ...errorResponses(404, 409) },
    }),
    async (c) => {
      const lease = await leases.cancel(
        c.get("principal"),
        c.req.valid("param").lease,
        c.req.valid("json").reason,
      );
      return c.json({ lease: leaseView(lease, c.get("principal"), await leases.namesOf([lease])) }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "post",
      path: "/v1/leases/{lease}/notice",
      tags: ["Leases"],
      summary:
        "Give notice (either side; a tenant on its own lease): it ends at endsAt or after the notice period",
      description:
        "An end sooner than the notice period allows answers 409 NOTICE_TOO_SHORT with the earliest end.",
      request: {
        params,
        body: body(
          z.strictObject({
            endsAt: z.iso
              .datetime({ offset: true })
              .optional()
              .openapi({ description: "Default: the earliest" }),
            reason,
          }),
        ),
      },
      responses: { 200: json(OneLease, "Ending"), ...errorResponses(404, 409) },
    }),
    async (c) => {
      const lease = await leases.giveNotice(
        c.get("principal"),
        c.req.valid("param").lease,
        c.req.valid("json"),
      );
      return c.json({ lease: leaseView(lease, c.get("principal"), await leases.namesOf([lease])) }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/leases/{lease}/amendments",
      tags: ["Leases"],
      summary:
        "Amend a lease: upsize a line, add a tranche, extend, or terminate early; versioned with the reason",
      request: { params, body: parsedBody(app, "AmendmentRequest", amendmentRequestSchema) },
      responses: { 200: json(OneLease, "Amended"), ...errorResponses(404, 409) },
    }),
    async (c) => {
      const request = parseAmendmentRequest(await readJsonBody(c));
      const ref = c.req.valid("param").lease;
      const lease = await withRequestFields(request, () =>
        leases.amend(c.get("principal"), ref, request.amendment, request.reason),
      );
      return c.json({ lease: leaseView(lease, c.get("principal"), await leases.namesOf([lease])) }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/leases/tick",
      tags: ["Leases"],
      summary:
        "Let time act now: start due tranches and end leases past their end (the server does this every 15 s)",
      responses: {
        200: json(z.object({ changed: z.array(z.string()) }), "The ids of the leases that changed"),
      },
    }),
    async (c) => c.json({ changed: await leases.tick() }, 200),
  );

  return app;
}
