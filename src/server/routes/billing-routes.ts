/**
 * Delivered GPU-hours, invoices and revenue. Tenant keys read their own leases' usage, documents
 * and revenue; drafting and issuing, and a site's figures, are the operator's.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { InvoiceService, NamedDocument } from "../../app/invoice-service.js";
import type { RevenueService } from "../../app/revenue-service.js";
import type { UsageService } from "../../app/usage-service.js";
import type { RevenueMonth } from "../../billing/revenue.js";
import { wireAmount, wireRate } from "../../shared/money.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute, tenantRoute } from "../auth.js";
import { LeaseRefParam } from "../lease-schemas.js";
import { decodeCursor, encodeCursor, NextCursor, PageQuery } from "../pagination.js";
import { errorResponses, RefSchema, SiteRefParam } from "../schemas.js";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const Month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
  .openapi({ example: "2026-12", description: "A UTC calendar month, YYYY-MM" });
const MonthQuery = z.strictObject({
  month: Month.optional().openapi({ description: "YYYY-MM (default: this month)" }),
});
const Amount = z.string().openapi({ example: "492681600.00", description: "USD to the cent" });
const GpuHours = z.string().openapi({ example: "158400000.000", description: "GPU-hours to the thousandth" });

const LineSchema = z.object({
  kind: z.enum(["gpu_hours", "monthly_fee", "ramp_discount", "take_or_pay", "sla_credit", "power"]),
  leaseLine: z.string().nullable(),
  description: z.string(),
  quantity: z.string(),
  unit: z.string(),
  unitPrice: z
    .string()
    .nullable()
    .openapi({ example: "3.110000", description: "USD per unit, to the micro" }),
  amount: Amount,
});

const DocumentSchema = z
  .object({
    id: z.string().openapi({ example: "inv_01jd4x9k3m8n2p5q7r9s1t3v5w" }),
    kind: z.enum(["invoice", "credit_note", "debit_note"]),
    status: z.enum(["draft", "issued"]),
    number: z.string().nullable().openapi({ example: "INV-000001" }),
    leaseId: z.string(),
    leaseName: z.string(),
    tenantId: z.string(),
    tenantName: z.string(),
    siteId: z.string(),
    siteName: z.string(),
    period: Month,
    corrects: z.string().nullable(),
    lines: z.array(LineSchema),
    total: Amount,
    deliveredGpuHours: GpuHours,
    committedGpuHours: GpuHours,
    availabilityBps: z.number().int(),
    slaTargetBps: z.number().int().nullable(),
    powerPassThrough: z.boolean(),
    energySource: z.string().nullable(),
    createdAt: z.string(),
    issuedAt: z.string().nullable(),
    /** What the calling key may do with it now. */
    allowedActions: z.array(z.enum(["issue", "recompute"])),
  })
  .openapi("InvoiceDocument");

const OneDocument = z.object({ invoice: DocumentSchema });

function documentView(d: NamedDocument, operator: boolean): z.infer<typeof DocumentSchema> {
  return {
    id: d.id,
    kind: d.kind,
    status: d.status,
    number: d.number,
    leaseId: d.leaseId,
    leaseName: d.leaseName,
    tenantId: d.tenantId,
    tenantName: d.tenantName,
    siteId: d.siteId,
    siteName: d.siteName,
    period: d.period,
    corrects: d.corrects,
    lines: d.lines.map((l) => ({
      kind: l.kind,
      leaseLine: l.leaseLine,
      description: l.description,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPriceMicros === null ? null : wireRate(l.unitPriceMicros),
      amount: wireAmount(l.amountMicros),
    })),
    total: wireAmount(d.totalMicros),
    deliveredGpuHours: d.basis.deliveredGpuHours,
    committedGpuHours: d.basis.committedGpuHours,
    availabilityBps: d.basis.availabilityBps,
    slaTargetBps: d.basis.slaTargetBps,
    powerPassThrough: d.basis.powerPassThrough,
    energySource: d.basis.energySource,
    createdAt: d.createdAt,
    issuedAt: d.issuedAt,
    allowedActions: operator ? (d.status === "draft" ? ["issue", "recompute"] : ["recompute"]) : [],
  };
}

const RevenueMonthSchema = z.object({
  month: Month,
  billed: Amount,
  billedFrom: z.enum(["issued", "scheduled"]),
  recognised: Amount,
  balance: Amount.openapi({ description: "Σ recognised − Σ billed so far: > 0 accrued, < 0 deferred" }),
});

const revenueMonth = (m: RevenueMonth) => ({
  month: m.month,
  billed: wireAmount(m.billedMicros),
  billedFrom: m.billedFrom,
  recognised: wireAmount(m.recognisedMicros),
  balance: wireAmount(m.balanceMicros),
});

const LeaseUsageSchema = z
  .object({
    leaseId: z.string(),
    leaseName: z.string(),
    month: Month,
    asOf: z.string(),
    deliveredGpuHours: GpuHours,
    committedGpuHours: GpuHours,
    byModel: z.array(
      z.object({ gpuModel: z.string(), deliveredGpuHours: GpuHours, committedGpuHours: GpuHours }),
    ),
    availabilityBps: z.number().int(),
    sla: z
      .object({ availabilityTargetBps: z.number().int(), met: z.boolean(), creditBps: z.number().int() })
      .nullable(),
    downtime: z.array(
      z.object({
        gpuModel: z.string(),
        missingGpus: z.number().int(),
        from: z.string(),
        until: z.string(),
        cause: z.string(),
        lostGpuHours: GpuHours,
      }),
    ),
    hours: z.array(z.object({ hour: z.string(), deliveredGpuHours: GpuHours, committedGpuHours: GpuHours })),
  })
  .openapi("LeaseUsage");

const SiteUsageSchema = z
  .object({
    siteId: z.string(),
    siteName: z.string(),
    month: Month,
    deliveredGpuHours: GpuHours,
    leases: z.number().int(),
    hours: z.array(z.object({ hour: z.string(), deliveredGpuHours: GpuHours })),
  })
  .openapi("SiteUsage");

const leaseParams = z.object({ lease: LeaseRefParam });
const InvoiceRefParam = RefSchema.openapi({ param: { name: "invoice", in: "path" }, example: "INV-000001" });
const invoiceParams = z.object({ invoice: InvoiceRefParam });
const IdCursor = z.object({ id: z.string().max(64) });

export function billingRoutes(usage: UsageService, invoices: InvoiceService, revenue: RevenueService) {
  const app = new OpenAPIHono<AppEnv>();
  const isOperator = (c: { get(k: "principal"): { role: string } }) => c.get("principal").role === "operator";

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases/{lease}/usage",
      tags: ["Billing"],
      summary:
        "A lease's month hour by hour: delivered vs committed GPU-hours, downtime with causes, availability against its SLA",
      request: { params: leaseParams, query: MonthQuery },
      responses: { 200: json(LeaseUsageSchema, "The month's usage"), ...errorResponses(400, 404, 409) },
    }),
    async (c) =>
      c.json(
        await usage.leaseUsage(c.get("principal"), c.req.valid("param").lease, c.req.valid("query").month),
        200,
      ),
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/usage",
      tags: ["Billing"],
      summary: "A site's delivered GPU-hours by hour for a month, over every lease",
      request: { params: z.object({ site: SiteRefParam }), query: MonthQuery },
      responses: { 200: json(SiteUsageSchema, "The site's usage"), ...errorResponses(400, 404) },
    }),
    async (c) => c.json(await usage.siteUsage(c.req.valid("param").site, c.req.valid("query").month), 200),
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/leases/{lease}/invoices",
      tags: ["Billing"],
      summary:
        "Compute a lease's month: a draft invoice, or, once its invoice is issued, a draft credit or debit note for what changed",
      description:
        "A draft is recomputed each time. Once issued, a month never changes: a change to its history since then " +
        "yields a note for the difference; 409 NOTHING_TO_INVOICE when nothing changed or the month is outside the lease.",
      request: {
        params: leaseParams,
        body: {
          required: true,
          content: {
            "application/json": {
              schema: z.strictObject({
                month: Month.optional().openapi({ description: "YYYY-MM (default: this month)" }),
                powerPassThrough: z
                  .boolean()
                  .optional()
                  .openapi({ description: "Bill energy × the site's PUE × its $/MWh on top" }),
              }),
            },
          },
        },
      },
      responses: { 201: json(OneDocument, "The draft"), ...errorResponses(400, 404, 409) },
    }),
    async (c) => {
      const doc = await invoices.prepare(c.get("principal"), c.req.valid("param").lease, c.req.valid("json"));
      return c.json({ invoice: documentView(doc, true) }, 201);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/invoices",
      tags: ["Billing"],
      summary: "Invoices and credit/debit notes, oldest first (a tenant key sees its own; paginated)",
      request: {
        query: z.strictObject({
          lease: RefSchema.optional().openapi({ description: "Lease id, name or tenant/name" }),
          status: z.enum(["draft", "issued"]).optional(),
          month: Month.optional(),
          ...PageQuery,
        }),
      },
      responses: {
        200: json(z.object({ invoices: z.array(DocumentSchema), nextCursor: NextCursor }), "The documents"),
        ...errorResponses(400, 404, 409),
      },
    }),
    async (c) => {
      const q = c.req.valid("query");
      const afterId = q.cursor ? decodeCursor(q.cursor, IdCursor).id : undefined;
      const docs = await invoices.list(c.get("principal"), {
        ...(q.lease ? { lease: q.lease } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(q.month ? { period: q.month } : {}),
        ...(afterId ? { afterId } : {}),
        limit: q.limit + 1,
      });
      const page = docs.slice(0, q.limit);
      const last = page[page.length - 1];
      const nextCursor = docs.length > q.limit && last ? encodeCursor({ id: last.id }) : null;
      return c.json({ invoices: page.map((d) => documentView(d, isOperator(c))), nextCursor }, 200);
    },
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/invoices/{invoice}",
      tags: ["Billing"],
      summary: "One invoice or note, by id or number",
      request: { params: invoiceParams },
      responses: { 200: json(OneDocument, "The document"), ...errorResponses(404) },
    }),
    async (c) =>
      c.json(
        {
          invoice: documentView(
            await invoices.show(c.get("principal"), c.req.valid("param").invoice),
            isOperator(c),
          ),
        },
        200,
      ),
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/invoices/{invoice}/document",
      tags: ["Billing"],
      summary: "The printable HTML page of an invoice or note (print it to PDF)",
      request: { params: invoiceParams },
      responses: {
        200: { description: "A self-contained HTML page", content: { "text/html": { schema: z.string() } } },
        ...errorResponses(404),
      },
    }),
    async (c) => c.html((await invoices.html(c.get("principal"), c.req.valid("param").invoice)).html, 200),
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/invoices/{invoice}/issue",
      tags: ["Billing"],
      summary: "Issue a draft: it takes the next number of its series (INV, CN, DN) and never changes again",
      request: { params: invoiceParams },
      responses: { 200: json(OneDocument, "The issued document"), ...errorResponses(404, 409) },
    }),
    async (c) =>
      c.json(
        {
          invoice: documentView(await invoices.issue(c.get("principal"), c.req.valid("param").invoice), true),
        },
        200,
      ),
  );

  app.openapi(
    tenantRoute({
      method: "get",
      path: "/v1/leases/{lease}/revenue",
      tags: ["Billing"],
      summary:
        "A lease's months: billed vs recognised revenue (straight-line for fixed-fee leases) and the accrued/deferred balance",
      request: { params: leaseParams },
      responses: {
        200: json(
          z
            .object({
              leaseId: z.string(),
              leaseName: z.string(),
              method: z.enum(["straight_line", "as_billed"]),
              months: z.array(RevenueMonthSchema),
            })
            .openapi("LeaseRevenue"),
          "The lease's revenue",
        ),
        ...errorResponses(404, 409),
      },
    }),
    async (c) => {
      const r = await revenue.lease(c.get("principal"), c.req.valid("param").lease);
      return c.json({ ...r, months: r.months.map(revenueMonth) }, 200);
    },
  );

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/sites/{site}/revenue",
      tags: ["Billing"],
      summary:
        "A site's months over its leases: billed vs recognised revenue and the accrued/deferred balance",
      request: { params: z.object({ site: SiteRefParam }) },
      responses: {
        200: json(
          z
            .object({
              siteId: z.string(),
              siteName: z.string(),
              leases: z.number().int(),
              months: z.array(RevenueMonthSchema),
            })
            .openapi("SiteRevenue"),
          "The site's revenue",
        ),
        ...errorResponses(404),
      },
    }),
    async (c) => {
      const r = await revenue.site(c.req.valid("param").site);
      return c.json({ ...r, months: r.months.map(revenueMonth) }, 200);
    },
  );

  return app;
}
