/**
 * Wire schemas of the capacity views: a lease quote, a site's availability over time and its
 * allocation map (every rack's nodes by holder, with a legend of leases and tenants).
 * @module
 */
import { z } from "@hono/zod-openapi";
import { ISOLATION_LEVELS } from "../leasing/lease.js";
import { AmountSchema, PieceSchema } from "./lease-schemas.js";

const TermChangeSchema = z
  .object({
    field: z.enum(["startsAt", "endsAt"]),
    asked: z.string(),
    offered: z.string(),
  })
  .openapi("TermChange", { description: "A term of the request the offer moves to fit: asked and offered" });

export const QuoteSchema = z
  .object({
    fits: z.boolean(),
    best: z
      .object({
        siteId: z.string(),
        siteName: z.string(),
        startsAt: z.string(),
        endsAt: z.string(),
        changes: z.array(TermChangeSchema).openapi({
          description:
            "What fitting here changes from the request (a later start and end); empty when it fits as asked",
        }),
      })
      .nullable()
      .openapi({ description: "The first acceptable site that fits, with the start it fits at" }),
    sites: z.array(
      z.object({
        siteId: z.string(),
        siteName: z.string(),
        fitsAsAsked: z.boolean(),
        earliestStart: z.string().nullable(),
        reason: z.string().nullable(),
        changes: z.array(TermChangeSchema),
        placement: z
          .array(
            z
              .object({
                gpuModel: z.string(),
                gpus: z.number().int(),
                fitLevel: z.string(),
                pieces: z.array(PieceSchema),
                preemptedHouseGpus: z.number().int(),
              })
              .openapi("QuotePlacement"),
          )
          .nullable()
          .openapi({ description: "Where it would go on the fleet as it stands now" }),
      }),
    ),
    schedule: z.array(
      z.object({
        month: z.string().openapi({ example: "2026-12" }),
        amount: AmountSchema,
        gpuHours: z.number().int(),
      }),
    ),
    total: AmountSchema,
  })
  .openapi("Quote");

const HoldingSchema = z.object({ nodes: z.number().int(), gpus: z.number().int() });

export const SiteAvailabilitySchema = z
  .object({
    siteId: z.string(),
    siteName: z.string(),
    from: z.string(),
    until: z.string(),
    now: z.array(
      z.object({
        gpuModel: z.string(),
        site: HoldingSchema,
        house: HoldingSchema,
        spare: HoldingSchema,
        leased: HoldingSchema,
        unassigned: HoldingSchema,
        balanced: z.boolean(),
      }),
    ),
    byModel: z.array(
      z.object({
        gpuModel: z.string(),
        leasableGpus: z
          .number()
          .int()
          .openapi({ description: "Capacity a lease may hold (spares excluded)" }),
        steps: z.array(
          z.object({
            from: z.string(),
            until: z.string(),
            availableGpus: z.number().int(),
            limitedBy: z.enum(["gpus", "power"]).openapi({
              description: "What sets the number: free GPUs, or the power left under the site's permit",
            }),
          }),
        ),
      }),
    ),
    forTenant: z
      .object({
        tenant: z
          .object({
            id: z.string().nullable().openapi({ description: "null: no tenant has this name yet" }),
            name: z.string(),
          })
          .nullable()
          .openapi({ description: "The tenant asked about; null for a new tenant" }),
        isolation: z.enum(ISOLATION_LEVELS),
        at: z.string(),
        byModel: z.array(
          z.object({
            gpuModel: z.string(),
            availableGpus: z
              .number()
              .int()
              .openapi({ description: "GPUs this tenant can lease from now under the isolation asked" }),
            limitedBy: z.enum(["gpus", "power", "isolation"]).openapi({
              description:
                "What sets availableGpus: the calendar's free GPUs, the power permit, or other tenants' isolation",
            }),
            calendarGpus: z.number().int().openapi({
              description: "What the calendar leaves now (capacity minus holding leases, within the permit)",
            }),
            freeGpus: z
              .number()
              .int()
              .openapi({ description: "Healthy full house GPUs now, spares excluded" }),
            isolatedGpus: z
              .number()
              .int()
              .openapi({ description: "Free GPUs in domains other tenants' leases keep from this tenant" }),
            blockers: z.array(
              z.object({
                leaseId: z.string(),
                lease: z.string().openapi({ description: "tenant/name" }),
                tenantName: z.string(),
                freeGpus: z.number().int(),
              }),
            ),
          }),
        ),
      })
      .openapi({
        description: "What one tenant (or a new one) can lease now, and why the rest is not on offer",
      }),
  })
  .openapi("SiteAvailability");

export const AllocationMapSchema = z
  .object({
    siteId: z.string(),
    racks: z.array(
      z.object({
        path: z.string(),
        holders: z.record(z.string(), z.number().int()).openapi({
          description: "Nodes by holder: house, spare, out (failed or in maintenance) or a lease id",
        }),
      }),
    ),
    leases: z.array(
      z.object({
        leaseId: z.string(),
        name: z.string(),
        tenantId: z.string(),
        tenantName: z.string(),
        nodes: z.number().int(),
      }),
    ),
    nodes: z
      .array(
        z.object({
          name: z.string(),
          holder: z.string().openapi({ description: "house, spare, out or a lease id" }),
        }),
      )
      .openapi({
        description: "Each node under the `path` asked for, with its holder; empty without `path`",
      }),
  })
  .openapi("AllocationMap");
