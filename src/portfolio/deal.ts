/**
 * A capacity deal in a tenant's portfolio: so much power (MW) or so many GPUs of a chip from a
 * provider, online from a date and ramping over months, for a term, at a committed spend. A deal
 * may point at a lease in this system (its GPUs then follow the lease's tranches), and may be an
 * orbital site with its own inputs (launch year, power source, cost per MW).
 * @module
 */

export const DEAL_KINDS = ["terrestrial", "orbital"] as const;
export type DealKind = (typeof DEAL_KINDS)[number];

/** What only an orbital site has. */
export interface OrbitalInputs {
  /** The year the site is launched; it comes online at the deal's `onlineAt`, not before. */
  launchYear: number;
  /** e.g. `solar`, `nuclear`. */
  powerSource: string;
  /** Capital cost per MW of the site, micro-dollars. */
  costMicrosPerMw: bigint;
}

export interface DealTerms {
  /** Unique within the tenant's portfolio, e.g. `aws-trainium`. */
  name: string;
  provider: string;
  /** The accelerator, e.g. `H100`, `Trainium2`, `TPU`. */
  chip: string;
  kind: DealKind;
  /** Power at full delivery, MW; null when the deal is counted in GPUs. */
  powerMw: number | null;
  /** GPUs at full delivery; null when the deal is counted in MW. */
  gpus: number | null;
  /** All-in kW per GPU (an estimate) that turns MW into GPUs and back; null: the chip's default. */
  kwPerGpu: number | null;
  /** When the first capacity is live (ISO 8601 UTC). */
  onlineAt: string;
  /** Months from the first live month to full delivery; 0: all of it at `onlineAt`. */
  rampMonths: number;
  /** Months from `onlineAt` the capacity stays; null: open-ended. */
  termMonths: number | null;
  /** What the tenant committed to spend over the term, micro-dollars; null when not known. */
  committedSpendMicros: bigint | null;
  /** A lease of this tenant in this system the deal stands for. */
  leaseId: string | null;
  orbital: OrbitalInputs | null;
}

export interface Deal extends DealTerms {
  id: string;
  tenantId: string;
  createdAt: string;
}

/**
 * All-in kW per GPU by chip (server, network and cooling share included): estimates from the
 * public range of ~1.3–1.5 kW per H100 all-in, scaled by each chip's board power.
 */
export const DEFAULT_KW_PER_GPU: Readonly<Record<string, number>> = {
  H100: 1.4,
  H200: 1.6,
  B200: 1.9,
  GB200: 2.1,
  GB300: 2.3,
  TPU: 1.0,
  TRAINIUM2: 1.0,
};

/** The default for a chip without an entry: an H100-class accelerator. */
export const FALLBACK_KW_PER_GPU = 1.4;

/** The table's key for a chip name: case and separators ignored (`tpu-v6e` → `TPU`, `Trainium 2`). */
export function chipKey(chip: string): string {
  const key = chip.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (key.startsWith("TPU")) return "TPU";
  return key;
}

/** The deal's kW per GPU: its own, else the chip's default, else an H100-class figure. */
export function kwPerGpuOf(deal: Pick<DealTerms, "kwPerGpu" | "chip">): number {
  return deal.kwPerGpu ?? DEFAULT_KW_PER_GPU[chipKey(deal.chip)] ?? FALLBACK_KW_PER_GPU;
}

/** A deal at full delivery in both units: the one it was written in, the other derived. */
export interface FullCapacity {
  powerMw: number;
  gpus: number;
  kwPerGpu: number;
}

/** Full delivery of a deal counted in MW or GPUs (a linked lease's GPUs are passed as `gpus`). */
export function fullCapacity(deal: Pick<DealTerms, "powerMw" | "gpus" | "kwPerGpu" | "chip">): FullCapacity {
  const kwPerGpu = kwPerGpuOf(deal);
  if (deal.gpus !== null) return { gpus: deal.gpus, powerMw: (deal.gpus * kwPerGpu) / 1000, kwPerGpu };
  const powerMw = deal.powerMw ?? 0;
  return { powerMw, gpus: Math.floor((powerMw * 1000) / kwPerGpu), kwPerGpu };
}

/** The deal's committed spend, or for an orbital site without one, its MW at its cost per MW. */
export function committedSpendOf(
  deal: Pick<DealTerms, "committedSpendMicros" | "orbital" | "powerMw">,
  powerMw: number,
): bigint | null {
  if (deal.committedSpendMicros !== null) return deal.committedSpendMicros;
  if (!deal.orbital) return null;
  // MW to the kW, so the cost stays an exact product of integers.
  const kw = BigInt(Math.round(powerMw * 1000));
  return (deal.orbital.costMicrosPerMw * kw) / 1000n;
}
