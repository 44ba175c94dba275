/**
 * Lease terms to and from JSON for the `terms` column: bigint money travels as decimal strings of
 * micros, everything else as is.
 * @module
 */
import type { LeaseTerms, LinePrice } from "../leasing/lease.js";

type Json = Record<string, unknown>;

function priceToJson(p: LinePrice): Json {
  return p.kind === "per_gpu_hour"
    ? { kind: p.kind, microsPerGpuHour: p.microsPerGpuHour.toString() }
    : { kind: p.kind, microsPerMonth: p.microsPerMonth.toString() };
}

function priceFromJson(j: Json): LinePrice {
  return j.kind === "per_gpu_hour"
    ? { kind: "per_gpu_hour", microsPerGpuHour: BigInt(String(j.microsPerGpuHour)) }
    : { kind: "monthly_fee", microsPerMonth: BigInt(String(j.microsPerMonth)) };
}

export function termsToJson(t: LeaseTerms): Json {
  return {
    ...t,
    lines: t.lines.map((l) => ({ ...l, price: priceToJson(l.price) })),
    commitment: t.commitment
      ? { minimumMicrosPerMonth: t.commitment.minimumMicrosPerMonth.toString() }
      : null,
  };
}

export function termsFromJson(raw: unknown): LeaseTerms {
  const j = (typeof raw === "string" ? JSON.parse(raw) : raw) as Json & LeaseTerms;
  const lines = (j.lines as unknown as Json[]).map((l) => ({
    ...(l as unknown as LeaseTerms["lines"][number]),
    price: priceFromJson(l.price as Json),
  }));
  const commitment = j.commitment
    ? { minimumMicrosPerMonth: BigInt(String((j.commitment as unknown as Json).minimumMicrosPerMonth)) }
    : null;
  return { ...j, lines, commitment };
}
