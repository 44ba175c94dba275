/**
 * The two seed scenarios as lease requests built from a site's availability: "rent half" (about
 * half the site's leasable GPUs, as H100s, packed into islands) and "rent all" (every leasable GPU
 * of every model, the whole site to one tenant).
 * @module
 */
import type { LeaseLineView, LeaseRequest, SiteAvailability } from "./lease-types.js";

type TemplateId = "rent-half" | "rent-all";

interface TemplateInput {
  site: string;
  tenant: string;
  name: string;
  availability: SiteAvailability;
  /** GPUs per node of each model, so counts come in whole nodes. */
  gpusPerNode: ReadonlyMap<string, number>;
  now: Date;
}

export interface LeaseTemplate {
  id: TemplateId;
  label: string;
  summary: string;
  build(input: TemplateInput): LeaseRequest;
}

function wholeNodes(gpus: number, perNode: number): number {
  return Math.floor(gpus / perNode) * perNode;
}

/** The start minute (so a quote and the reservation that follows ask for the same start). */
function startOf(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}

/** `date` plus whole UTC calendar months, the day clamped to the month's last (as the CLI does). */
function addMonths(date: Date, months: number): Date {
  const target = new Date(date);
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return target;
}

const RENT_HALF: LeaseTemplate = {
  id: "rent-half",
  label: "Rent half",
  summary:
    "Half the site's leasable GPUs as H100, packed, block isolation, islands ≥ 2,048 GPUs, $2.10/GPU-h, 1 year",
  build({ site, tenant, name, availability, gpusPerNode, now }) {
    const total = availability.byModel.reduce((sum, m) => sum + m.leasableGpus, 0);
    const h100 = availability.byModel.find((m) => m.gpuModel === "H100")?.leasableGpus ?? 0;
    // Half the site, in H100 (all of them when the site is mostly other models), in whole nodes.
    const gpus = wholeNodes(Math.min(total / 2, h100), gpusPerNode.get("H100") ?? 8);
    const start = startOf(now);
    return {
      name,
      tenant,
      sites: [site],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: gpus, pricePerGpuHour: "2.10" }],
      startsAt: start.toISOString(),
      endsAt: addMonths(start, 12).toISOString(),
      isolation: "block",
      placement: { policy: "packed", minIslandGpus: Math.min(2048, gpus) },
    };
  },
};

const RENT_ALL: LeaseTemplate = {
  id: "rent-all",
  label: "Rent all",
  summary:
    "Every leasable GPU, isolation site, $1.25B/month, 90-day notice, 50% off for 2 months, to May 31, 2029",
  build({ site, tenant, name, availability, gpusPerNode, now }) {
    const models = availability.byModel
      .map((m) => ({
        gpuModel: m.gpuModel,
        gpus: wholeNodes(m.leasableGpus, gpusPerNode.get(m.gpuModel) ?? 1),
      }))
      .filter((m) => m.gpus > 0);
    const largest = models.reduce<(typeof models)[number] | undefined>(
      (best, m) => (!best || m.gpus > best.gpus ? m : best),
      undefined,
    );
    const lines: LeaseLineView[] = models.map((m) => ({
      key: m.gpuModel.toLowerCase().replace(/[^a-z0-9._-]/g, "-"),
      gpuModel: m.gpuModel,
      gpuCount: m.gpus,
      monthlyFee: m === largest ? "1250000000.00" : "0",
    }));
    const start = startOf(now);
    return {
      name,
      tenant,
      sites: [site],
      lines,
      startsAt: start.toISOString(),
      endsAt: "2029-05-31T00:00:00.000Z",
      noticePeriodDays: 90,
      rampDiscounts: [
        { from: start.toISOString(), until: addMonths(start, 2).toISOString(), percentOff: "50" },
      ],
      isolation: "site",
      placement: { policy: "packed" },
    };
  },
};

export const LEASE_TEMPLATES: readonly LeaseTemplate[] = [RENT_HALF, RENT_ALL];
