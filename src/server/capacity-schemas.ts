/**
 * Wire schemas of the capacity views: a lease quote, a site's availability over time and its
 * allocation map (every rack's nodes by holder, with a legend of leases and tenants).
 * @module
 */
import { z } from "@hono/zod-openapi";
import { MoneySchema, PieceSchema } from "./lease-schemas.js";

export const QuoteSchema = z
  .object({
    fits: z.boolean(),
    best: z
      .object({ siteId: z.string(), siteName: z.string(), startsAt: z.string(), endsAt: z.string() })
      .nullable()
      .openapi({ description: "The first acceptable site that fits, with the start it fits at" }),
    sites: z.array(
      z.object({
        siteId: z.string(),
        siteName: z.string(),
        fitsAsAsked: z.boolean(),
        earliestStart: z.string().nullable(),
        reason: z.string().nullable(),
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
        amount: MoneySchema,
        gpuHours: z.number().int(),
      }),
    ),
    total: MoneySchema,
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
  })
  .openapi("AllocationMap");
