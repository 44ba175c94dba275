/**
 * A lease's invoice for one UTC month, line by line, in exact micros, each line rounded once to
 * the cent: per-GPU-hour lines on delivered GPU-hours; monthly fees prorated for the part of the
 * month the line runs (first month, last month, an early termination's end); ramp discounts as
 * negative lines on the time they cover; the take-or-pay floor topping the charges up to the
 * prorated minimum; the SLA credit as the earned tier's share of those charges; and, when asked,
 * power passed through (IT energy × the site's PUE × its $/MWh), which the SLA credit leaves alone.
 * @module
 */
import type { LeaseLine, LeaseTerms } from "../leasing/lease.js";
import { leaseStartsAt } from "../leasing/lease.js";
import type { HourlyGpuMs } from "../metering/delivered-hours.js";
import { HOUR_MS, monthPeriod, periodEndMs } from "../metering/usage-period.js";
import { decimalQuantity, roundToCents } from "./cents.js";
import { type InvoiceLine, totalOf } from "./invoice-line.js";
import { bpsText, earnedTier } from "./sla-credit.js";

export interface PowerPassThrough {
  itEnergyWh: bigint;
  source: string;
  /** The site's PUE in thousandths (1.2 → 1200). */
  pueMilli: number;
  microsPerMwh: bigint;
}

export interface MonthInvoiceInput {
  terms: Pick<LeaseTerms, "lines" | "tranches" | "endsAt" | "rampDiscounts" | "commitment" | "sla">;
  month: string;
  /** Delivered GPU-ms per hour of the month, by GPU model. */
  delivered: HourlyGpuMs;
  availabilityBps: number;
  power: PowerPassThrough | null;
}

const HOUR = BigInt(HOUR_MS);
const DAY_MS = 86_400_000;

interface Window {
  fromMs: number;
  untilMs: number;
}

const overlapMs = (a: Window, b: Window) =>
  Math.max(0, Math.min(a.untilMs, b.untilMs) - Math.max(a.fromMs, b.fromMs));

const days = (ms: number) => (Number.isInteger(ms / DAY_MS) ? String(ms / DAY_MS) : (ms / DAY_MS).toFixed(2));

/** When the line first has GPUs: its earliest tranche that delivers some. */
function lineStartMs(terms: MonthInvoiceInput["terms"], line: LeaseLine): number {
  const starts = terms.tranches
    .filter((t) => (t.gpusByLine[line.key] ?? 0) > 0)
    .map((t) => Date.parse(t.startsAt));
  return starts.length ? Math.min(...starts) : Number.POSITIVE_INFINITY;
}

/** A line's share of its model's delivered GPU-ms per hour (lines of one model split by GPU count). */
function lineShare(terms: MonthInvoiceInput["terms"], line: LeaseLine, delivered: HourlyGpuMs): bigint[] {
  const sameModel = terms.lines.filter((l) => l.gpuModel === line.gpuModel);
  const all = BigInt(sameModel.reduce((n, l) => n + l.gpuCount, 0)) || 1n;
  const buckets = delivered.get(line.gpuModel);
  if (!buckets) return [];
  return Array.from(buckets, (v) =>
    sameModel.length === 1 ? BigInt(Math.round(v)) : (BigInt(Math.round(v)) * BigInt(line.gpuCount)) / all,
  );
}

/** Every line of the month's invoice; the total is the sum of the lines. */
export function monthInvoice(input: MonthInvoiceInput): InvoiceLine[] {
  const { terms } = input;
  const period = monthPeriod(input.month);
  const month: Window = { fromMs: period.startMs, untilMs: periodEndMs(period) };
  const monthMs = BigInt(month.untilMs - month.fromMs);
  const leaseSpan: Window = {
    fromMs: Math.max(month.fromMs, Date.parse(leaseStartsAt(terms))),
    untilMs: Math.min(month.untilMs, Date.parse(terms.endsAt)),
  };
  const discounts = terms.rampDiscounts.map((d) => ({
    fromMs: Date.parse(d.from),
    untilMs: Date.parse(d.until),
    bps: d.discountBps,
    label: `${d.discountBps / 100}% off ${d.from.slice(0, 10)} to ${d.until.slice(0, 10)}`,
  }));
  const charges: InvoiceLine[] = [];
  for (const line of terms.lines) {
    if (line.price.kind === "per_gpu_hour") {
      const price = line.price.microsPerGpuHour;
      const perHour = lineShare(terms, line, input.delivered);
      const gpuMs = perHour.reduce((s, v) => s + v, 0n);
      charges.push({
        kind: "gpu_hours",
        leaseLine: line.key,
        description: `${line.gpuModel} delivered GPU-hours`,
        quantity: decimalQuantity(gpuMs, HOUR, 3),
        unit: "GPU-hour",
        unitPriceMicros: price,
        amountMicros: roundToCents(price * gpuMs, HOUR),
      });
      for (const d of discounts) {
        // Delivered GPU-ms inside the discount, hour by hour: bucket × (its ms under the discount) / hour.
        let weighted = 0n;
        perHour.forEach((v, h) => {
          const hour = { fromMs: period.startMs + h * HOUR_MS, untilMs: period.startMs + (h + 1) * HOUR_MS };
          const inside = overlapMs(hour, d);
          if (inside > 0 && v > 0n) weighted += v * BigInt(inside);
        });
        if (weighted === 0n || d.bps === 0) continue;
        charges.push({
          kind: "ramp_discount",
          leaseLine: line.key,
          description: `Ramp discount on ${line.gpuModel} GPU-hours (${d.label})`,
          quantity: decimalQuantity(weighted, HOUR * HOUR, 3),
          unit: "GPU-hour",
          unitPriceMicros: -((price * BigInt(d.bps)) / 10_000n),
          amountMicros: roundToCents(-price * weighted * BigInt(d.bps), HOUR * HOUR * 10_000n),
        });
      }
    } else {
      const fee = line.price.microsPerMonth;
      const covered: Window = {
        fromMs: Math.max(leaseSpan.fromMs, lineStartMs(terms, line)),
        untilMs: leaseSpan.untilMs,
      };
      const coveredMs = Math.max(0, covered.untilMs - covered.fromMs);
      if (coveredMs === 0 || fee === 0n) continue;
      const full = BigInt(coveredMs) === monthMs;
      charges.push({
        kind: "monthly_fee",
        leaseLine: line.key,
        description: full
          ? `${line.gpuModel} monthly fee (${line.gpuCount} GPUs)`
          : `${line.gpuModel} monthly fee (${line.gpuCount} GPUs), prorated ${days(coveredMs)} of ${days(Number(monthMs))} days`,
        quantity: decimalQuantity(BigInt(coveredMs), monthMs, 6),
        unit: "month",
        unitPriceMicros: fee,
        amountMicros: roundToCents(fee * BigInt(coveredMs), monthMs),
      });
      for (const d of discounts) {
        const inside = overlapMs(covered, d);
        if (inside === 0 || d.bps === 0) continue;
        charges.push({
          kind: "ramp_discount",
          leaseLine: line.key,
          description: `Ramp discount on the ${line.gpuModel} fee (${d.label}), ${days(inside)} days`,
          quantity: decimalQuantity(BigInt(inside), monthMs, 6),
          unit: "month",
          unitPriceMicros: -((fee * BigInt(d.bps)) / 10_000n),
          amountMicros: roundToCents(-fee * BigInt(inside) * BigInt(d.bps), monthMs * 10_000n),
        });
      }
    }
  }
  const lines = [...charges];
  const leaseMs = Math.max(0, leaseSpan.untilMs - leaseSpan.fromMs);
  const minimum = terms.commitment?.minimumMicrosPerMonth ?? 0n;
  if (minimum > 0n && leaseMs > 0) {
    const floor = roundToCents(minimum * BigInt(leaseMs), monthMs);
    const subtotal = totalOf(lines);
    if (subtotal < floor)
      lines.push({
        kind: "take_or_pay",
        leaseLine: null,
        description: `Take-or-pay minimum${BigInt(leaseMs) === monthMs ? "" : `, prorated ${days(leaseMs)} days`}: charges topped up to the floor`,
        quantity: "1",
        unit: "month",
        unitPriceMicros: null,
        amountMicros: floor - subtotal,
      });
  }
  const tier = earnedTier(terms.sla, input.availabilityBps);
  const base = totalOf(lines);
  if (tier && tier.creditBps > 0 && base > 0n)
    lines.push({
      kind: "sla_credit",
      leaseLine: null,
      description: `SLA credit: availability ${bpsText(input.availabilityBps)} is below ${bpsText(tier.belowBps)}, ${bpsText(tier.creditBps)} of the month's charges`,
      quantity: bpsText(input.availabilityBps).replace("%", ""),
      unit: "% availability",
      unitPriceMicros: null,
      amountMicros: roundToCents(-base * BigInt(tier.creditBps), 10_000n),
    });
  if (input.power) {
    const p = input.power;
    const facilityWhTimes1000 = p.itEnergyWh * BigInt(p.pueMilli);
    lines.push({
      kind: "power",
      leaseLine: null,
      description: `Power pass-through: ${decimalQuantity(p.itEnergyWh, 1_000_000n, 3)} MWh IT (${p.source}) × PUE ${(p.pueMilli / 1000).toFixed(3)}`,
      quantity: decimalQuantity(facilityWhTimes1000, 1_000_000_000n, 6),
      unit: "MWh",
      unitPriceMicros: p.microsPerMwh,
      amountMicros: roundToCents(facilityWhTimes1000 * p.microsPerMwh, 1_000_000_000n),
    });
  }
  return lines;
}
