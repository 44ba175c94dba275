/**
 * Wire schemas of leases as the API shows them: the lease itself, its allocation and its history.
 * Money is an exact decimal string and percentages are decimal strings; no float carries either.
 * @module
 */
import { z } from "@hono/zod-openapi";
import { ISOLATION_LEVELS, LEASE_STATUSES, PLACEMENT_POLICIES } from "../leasing/lease.js";
import { leaseRequestSchema } from "../leasing/lease-request.js";
import { LEASE_ACTIONS } from "../leasing/lifecycle.js";

/** An amount: exact decimal dollars at a fixed scale of cents, e.g. "1250000000.00". */
export const AmountSchema = z
  .string()
  .regex(/^-?\d+\.\d{2}$/)
  .openapi("Amount", { description: "Exact decimal dollars, always to the cent", example: "1250000000.00" });

/** A rate: exact decimal dollars at a fixed scale of micros, e.g. "2.100000" per GPU-hour. */
export const RateSchema = z
  .string()
  .regex(/^\d+\.\d{6}$/)
  .openapi("Rate", {
    description: "Exact decimal dollars per unit, always to the micro",
    example: "2.100000",
  });

/** A percentage as a decimal string, e.g. "99.95". */
const PercentSchema = z.string().openapi({ description: "Percentage, decimal string", example: "50" });

/**
 * The lease request body for the API description: the zod schema the server validates with, plus
 * what it requires beyond each field: a start, given as startsAt or as the first of the tranches.
 */
export const LeaseRequestBody = leaseRequestSchema
  .extend({
    startsAt: leaseRequestSchema.shape.startsAt.meta({
      description:
        "When delivery starts; required unless tranches are given, and then equal to the first tranche's start",
    }),
  })
  // zod's own metadata: the schema was built before @hono/zod-openapi added `.openapi`.
  .meta({ anyOf: [{ required: ["startsAt"] }, { required: ["tranches"] }] })
  .openapi("LeaseRequest");

/** A lease reference: its id, its name, or `tenant/name` (tenant by id or name), each part one segment. */
const LEASE_REF_PATTERN = /^[A-Za-z0-9._-]{1,64}(\/[A-Za-z0-9._-]{1,64})?$/;

export const LeaseRefParam = z
  .string()
  .min(1)
  .max(129)
  .regex(LEASE_REF_PATTERN)
  .openapi({
    param: { name: "lease", in: "path" },
    description:
      "Lease id, its name, or tenant/name (the slash sent as %2F). Names are unique per tenant: a bare " +
      "name two of the caller's visible tenants both use answers 409 LEASE_AMBIGUOUS listing them as " +
      "tenant/name; a tenant key resolves among its own leases only.",
    example: "frontier-lab/rent-half",
  });

export const LeaseViewSchema = z
  .object({
    id: z.string().openapi({ example: "lse_01jd4x9k3m8n2p5q7r9s1t3v5w" }),
    name: z.string(),
    tenantId: z.string(),
    tenantName: z.string(),
    status: z.enum(LEASE_STATUSES).openapi("LeaseStatus"),
    siteId: z.string().nullable().openapi({ description: "The site it is placed at; null while a draft" }),
    siteName: z.string().nullable().openapi({ description: "The name of the site it is placed at" }),
    siteIds: z.array(z.string()).openapi({ description: "Acceptable sites, best first" }),
    siteNames: z.array(z.string()).openapi({ description: "The acceptable sites' names, in siteIds' order" }),
    startsAt: z.string().openapi({ description: "The first tranche's start" }),
    endsAt: z.string(),
    noticeGivenAt: z.string().nullable(),
    noticePeriodDays: z.number().int(),
    lines: z.array(
      z
        .object({
          key: z.string(),
          gpuModel: z.string(),
          gpuCount: z.number().int(),
          pricePerGpuHour: RateSchema.optional(),
          monthlyFee: AmountSchema.optional(),
        })
        .openapi("LeaseLine", { description: "Exactly one of pricePerGpuHour or monthlyFee" }),
    ),
    tranches: z.array(
      z.object({ key: z.string(), startsAt: z.string(), gpus: z.record(z.string(), z.number().int()) }),
    ),
    rampDiscounts: z.array(z.object({ from: z.string(), until: z.string(), percentOff: PercentSchema })),
    commitment: z.object({ minimumPerMonth: AmountSchema }).nullable(),
    sla: z
      .object({
        availabilityTarget: PercentSchema,
        creditTiers: z.array(z.object({ below: PercentSchema, credit: PercentSchema })),
      })
      .nullable(),
    isolation: z.enum(ISOLATION_LEVELS),
    placement: z.object({
      policy: z.enum(PLACEMENT_POLICIES),
      minIslandGpus: z.number().int().min(1).max(10_000_000).optional(),
    }),
    version: z.number().int(),
    createdAt: z.string(),
    contractValue: AmountSchema.openapi({ description: "The whole term's value at full delivery" }),
    allowedActions: z.array(z.enum(LEASE_ACTIONS).openapi("LeaseAction")).openapi({
      description:
        "What the calling key may do to the lease now, as the server decides it: clients offer these and no others",
      example: ["amend", "give_notice"],
    }),
  })
  .openapi("Lease");

export type LeaseView = z.infer<typeof LeaseViewSchema>;

/** A piece of a placement inside one block. */
export const PieceSchema = z
  .object({ block: z.string(), nodes: z.number().int(), gpus: z.number().int() })
  .openapi("BlockPiece");

export const LeaseAllocationSchema = z
  .object({
    leaseId: z.string(),
    leaseName: z.string(),
    tenantName: z.string(),
    siteId: z.string().nullable(),
    siteName: z.string().nullable(),
    byModel: z.array(
      z.object({ gpuModel: z.string(), heldGpus: z.number().int(), missingGpus: z.number().int() }),
    ),
    blocks: z.array(
      z.object({
        block: z.string(),
        nodes: z.number().int(),
        gpus: z.number().int(),
        racks: z.number().int(),
      }),
    ),
    placements: z.array(
      z.object({
        leaseId: z.string(),
        trancheKey: z.string(),
        lineKey: z.string(),
        placedAt: z.string(),
        gpuModel: z.string(),
        gpus: z.number().int(),
        nodes: z.number().int(),
        preemptedHouseNodes: z.number().int(),
        fitLevel: z.string(),
        pieces: z.array(PieceSchema),
      }),
    ),
    shortfalls: z.array(
      z.object({
        leaseId: z.string(),
        gpuModel: z.string(),
        missingGpus: z.number().int(),
        startedAt: z.string(),
        endedAt: z.string().nullable(),
        cause: z.string(),
      }),
    ),
  })
  .openapi("LeaseAllocation");

export const LeasedGpusSchema = z
  .object({
    at: z.string().openapi({ description: "The moment counted as now" }),
    gpusNow: z.number().int().openapi({ description: "GPUs of every tranche in force now" }),
    peakGpus: z.number().int().openapi({ description: "The most GPUs in force at any moment from now on" }),
    peakAt: z
      .string()
      .nullable()
      .openapi({ description: "When the peak is first reached; null when nothing is leased" }),
  })
  .openapi("LeasedGpus");

export const LeaseHistorySchema = z
  .object({
    versions: z.array(
      z.object({
        version: z.number().int(),
        kind: z.string().openapi({ example: "reserve" }),
        actor: z.string(),
        at: z.string(),
        reason: z.string(),
        changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
        summary: z.string().openapi({ example: "Reserved at colossus-1 by operator (bootstrap)" }),
      }),
    ),
    events: z.array(
      z.object({
        id: z.number().int(),
        topic: z.string().openapi({ example: "lease.activated" }),
        aggregateId: z.string(),
        tenantId: z.string().nullable(),
        payload: z.record(z.string(), z.unknown()),
        createdAt: z.string(),
        summary: z
          .string()
          .openapi({ example: "Tranche t1 of 2,048 H100 started at colossus-1 across 1 block" }),
      }),
    ),
  })
  .openapi("LeaseHistory");
