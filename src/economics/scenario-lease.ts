/**
 * A scenario's lease: the seed templates (rent-half, rent-all, see leasing/lease-templates.ts) or a
 * custom shape (a share of the site's GPUs at a price for some months), as the LeaseTerms whose
 * contract schedule the P&L takes its revenue from. No fleet state: a what-if, not a placement.
 * @module
 */
import type { LeaseTerms } from "../leasing/lease.js";
import type { LeaseRequest } from "../leasing/lease-request.js";
import { addMonths, leaseTemplate } from "../leasing/lease-templates.js";
import { parseMicros } from "../shared/money.js";
import { parseBps } from "../shared/percent.js";

export const BUILT_IN_SCENARIOS = ["actual", "internal", "rent-half", "rent-all"] as const;
export type BuiltInScenario = (typeof BUILT_IN_SCENARIOS)[number];

/** A custom lease shape: `gpuSharePercent` of every model's GPUs, priced one way, from `startsAt`. */
export interface LeaseShape {
  gpuSharePercent: string;
  /** Decimal dollars per GPU-hour; or `monthlyFee` for the whole lease. */
  pricePerGpuHour?: string | undefined;
  monthlyFee?: string | undefined;
  months: number;
  rampMonths?: number | undefined;
  rampPercentOff?: string | undefined;
}

/** The site's GPUs as the scenarios size leases from them. */
export interface ScenarioSite {
  name: string;
  gpusByModel: Readonly<Record<string, number>>;
  gpusPerNode: ReadonlyMap<string, number>;
}

/** The terms of a lease request as the scenario prices it: one tranche at its start. */
export function termsOfRequest(request: LeaseRequest, startsAt: string): LeaseTerms {
  const gpusByLine = Object.fromEntries(request.lines.map((l) => [l.key, l.gpuCount]));
  return {
    tenantId: "",
    siteIds: [],
    lines: request.lines.map((l) => ({
      key: l.key,
      gpuModel: l.gpuModel,
      gpuCount: l.gpuCount,
      price:
        l.monthlyFee !== undefined
          ? { kind: "monthly_fee", microsPerMonth: parseMicros(l.monthlyFee) ?? 0n }
          : { kind: "per_gpu_hour", microsPerGpuHour: parseMicros(l.pricePerGpuHour ?? "0") ?? 0n },
    })),
    tranches: [{ key: "t1", startsAt, gpusByLine }],
    endsAt: new Date(request.endsAt).toISOString(),
    noticePeriodDays: request.noticePeriodDays ?? 90,
    rampDiscounts: (request.rampDiscounts ?? []).map((d) => ({
      from: new Date(d.from).toISOString(),
      until: new Date(d.until).toISOString(),
      discountBps: parseBps(d.percentOff) ?? 0,
    })),
    commitment: null,
    sla: null,
    isolation: "site",
    placement: { policy: "packed" },
  };
}

/** A seed template's lease at the site from `startsAt`, or why the site cannot supply it. */
export function templateLease(
  template: "rent-half" | "rent-all",
  site: ScenarioSite,
  startsAt: string,
): { ok: true; terms: LeaseTerms } | { ok: false; reason: string } {
  const result = leaseTemplate({
    template,
    siteName: site.name,
    leasable: Object.entries(site.gpusByModel).map(([gpuModel, leasableGpus]) => ({
      gpuModel,
      leasableGpus,
    })),
    gpusPerNode: site.gpusPerNode,
    tenant: "scenario",
    startsAt,
  });
  return result.ok ? { ok: true, terms: termsOfRequest(result.request, startsAt) } : result;
}

/** A custom shape's lease at the site from `startsAt`; the monthly fee sits on the largest line. */
export function shapeLease(shape: LeaseShape, site: ScenarioSite, startsAt: string): LeaseTerms {
  const shareBps = BigInt(parseBps(shape.gpuSharePercent) ?? 0);
  const lines = Object.entries(site.gpusByModel)
    .map(([gpuModel, gpus]) => {
      const perNode = BigInt(site.gpusPerNode.get(gpuModel) ?? 1);
      const gpuCount = Number(((BigInt(gpus) * shareBps) / 10_000n / perNode) * perNode);
      return { key: gpuModel.toLowerCase().replace(/[^a-z0-9._-]/g, "-"), gpuModel, gpuCount };
    })
    .filter((l) => l.gpuCount > 0);
  const largest = lines.reduce<(typeof lines)[number] | undefined>(
    (a, b) => (a === undefined || b.gpuCount > a.gpuCount ? b : a),
    undefined,
  );
  const ramp = shape.rampMonths ?? 0;
  const request: LeaseRequest = {
    name: "scenario",
    tenant: "scenario",
    sites: [site.name],
    lines: lines.map((l) =>
      shape.monthlyFee !== undefined
        ? { ...l, monthlyFee: l === largest ? shape.monthlyFee : "0" }
        : { ...l, pricePerGpuHour: shape.pricePerGpuHour ?? "0" },
    ),
    endsAt: addMonths(startsAt, shape.months),
    rampDiscounts:
      ramp > 0 && shape.rampPercentOff
        ? [{ from: startsAt, until: addMonths(startsAt, ramp), percentOff: shape.rampPercentOff }]
        : [],
  };
  return termsOfRequest(request, startsAt);
}
