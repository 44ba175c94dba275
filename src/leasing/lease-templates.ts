/**
 * The two seed scenarios as ready lease requests, sized from what a site can lease:
 * **rent-half** (about half the site's leasable GPUs, as H100, packed into block-isolated islands
 * of 2,048 GPUs at $2.10/GPU-h for a year) and **rent-all** (every leasable GPU of every model,
 * isolation `site`, one monthly fee, 90 days' notice, 50% off for the first two months).
 * A site that cannot supply the scenario is a refusal saying why, not a request for nothing.
 * @module
 */
import { formatMicros } from "../shared/money.js";
import type { LeaseRequest } from "./lease-request.js";

export const LEASE_TEMPLATES = ["rent-half", "rent-all"] as const;
export type LeaseTemplateName = (typeof LEASE_TEMPLATES)[number];

/** The rent-all contract's end and its fee on the largest line, in micros per month. */
const RENT_ALL_ENDS_AT = "2029-05-31T00:00:00.000Z";
const RENT_ALL_MONTHLY_FEE_MICROS = 1_250_000_000_000_000n;
/** The GPUs of the filing's site, and the least a site of its scale leases (within 10%, spares aside). */
const FILING_SITE_GPUS = 220_000n;
const FILING_SCALE_GPUS = 198_000n;

/**
 * The filing's monthly fee on a site of its scale; on a smaller site, the same fee per GPU (to the
 * cent), so a lab of 1,000 GPUs is not quoted $1.25B a month.
 */
function rentAllFee(gpus: number): string {
  const n = BigInt(gpus);
  if (n >= FILING_SCALE_GPUS) return formatMicros(RENT_ALL_MONTHLY_FEE_MICROS);
  const cents = ((RENT_ALL_MONTHLY_FEE_MICROS / 10_000n) * n) / FILING_SITE_GPUS;
  return formatMicros(cents * 10_000n);
}

export interface LeaseTemplateInput {
  template: LeaseTemplateName;
  siteName: string;
  /** GPUs of each model a lease may hold at the site (spares excluded). */
  leasable: ReadonlyArray<{ gpuModel: string; leasableGpus: number }>;
  /** GPUs per node of each model, so every line is whole nodes. */
  gpusPerNode: ReadonlyMap<string, number>;
  tenant: string;
  /** When delivery starts (ISO 8601 UTC). */
  startsAt: string;
  /** The lease's name; defaults to the template's. */
  name?: string;
}

export type LeaseTemplateResult = { ok: true; request: LeaseRequest } | { ok: false; reason: string };

/** `at` plus whole UTC calendar months, the day clamped to the month's last (31 Jan + 1 month = 28 Feb). */
export function addMonths(at: string, months: number): string {
  const d = new Date(at);
  const target = new Date(d);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString();
}

const wholeNodes = (gpus: number, perNode: number) => Math.floor(gpus / perNode) * perNode;

const noNodeSize = (gpuModel: string): LeaseTemplateResult => ({
  ok: false,
  reason: `the GPU catalogue has no node size for ${gpuModel}`,
});

function rentHalf(input: LeaseTemplateInput): LeaseTemplateResult {
  const h100 = input.leasable.find((m) => m.gpuModel === "H100");
  if (!h100 || h100.leasableGpus === 0)
    return { ok: false, reason: `rent-half leases H100 GPUs, and ${input.siteName} has none to lease` };
  const perNode = input.gpusPerNode.get("H100");
  if (!perNode) return noNodeSize("H100");
  const allLeasable = input.leasable.reduce((n, m) => n + m.leasableGpus, 0);
  // Half the site, in H100 (all of them when the site is mostly other models), in whole nodes.
  const gpuCount = wholeNodes(Math.min(allLeasable / 2, h100.leasableGpus), perNode);
  if (gpuCount === 0)
    return {
      ok: false,
      reason: `rent-half needs a whole H100 node, and ${input.siteName} has none to lease`,
    };
  return {
    ok: true,
    request: {
      name: input.name ?? "rent-half",
      tenant: input.tenant,
      sites: [input.siteName],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount, pricePerGpuHour: "2.10" }],
      startsAt: input.startsAt,
      endsAt: addMonths(input.startsAt, 12),
      isolation: "block",
      placement: { policy: "packed", minIslandGpus: Math.min(2048, gpuCount) },
    },
  };
}

function rentAll(input: LeaseTemplateInput): LeaseTemplateResult {
  const models: Array<{ gpuModel: string; gpuCount: number }> = [];
  for (const m of input.leasable) {
    const perNode = input.gpusPerNode.get(m.gpuModel);
    if (!perNode) return noNodeSize(m.gpuModel);
    const gpuCount = wholeNodes(m.leasableGpus, perNode);
    if (gpuCount > 0) models.push({ gpuModel: m.gpuModel, gpuCount });
  }
  if (models.length === 0)
    return { ok: false, reason: `${input.siteName} has no leasable GPUs for rent-all` };
  const largest = models.reduce((a, b) => (b.gpuCount > a.gpuCount ? b : a));
  const fee = rentAllFee(models.reduce((n, m) => n + m.gpuCount, 0));
  return {
    ok: true,
    request: {
      name: input.name ?? "rent-all",
      tenant: input.tenant,
      sites: [input.siteName],
      lines: models.map((m) => ({
        key: m.gpuModel.toLowerCase().replace(/[^a-z0-9._-]/g, "-"),
        gpuModel: m.gpuModel,
        gpuCount: m.gpuCount,
        monthlyFee: m === largest ? fee : "0",
      })),
      startsAt: input.startsAt,
      endsAt: RENT_ALL_ENDS_AT,
      noticePeriodDays: 90,
      rampDiscounts: [{ from: input.startsAt, until: addMonths(input.startsAt, 2), percentOff: "50" }],
      isolation: "site",
      placement: { policy: "packed" },
    },
  };
}

/** The scenario's lease request for the site, or why the site cannot supply it. */
export function leaseTemplate(input: LeaseTemplateInput): LeaseTemplateResult {
  return input.template === "rent-half" ? rentHalf(input) : rentAll(input);
}
