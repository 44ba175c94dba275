/**
 * The fields lease requests and amendments share, parsed one way: keys (a lease's name, its lines'
 * and tranches' keys), references to sites and tenants, instants, and prices — decimal dollars as
 * the caller wrote them, read into integer micros.
 * @module
 */
import { z } from "zod";
import type { FieldIssue } from "../shared/errors.js";
import { formatMicros, parseMicros } from "../shared/money.js";
import type { LinePrice } from "./lease.js";

/** A name or key: letters, digits, `.`, `_`, `-`; 1..64 characters. */
export const keySchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);

/** A site or tenant, by id or name. */
export const refSchema = z.string().min(1).max(128);

/** An ISO 8601 instant with a zone, e.g. `2027-03-01T00:00:00Z`. */
export const instantSchema = z.iso.datetime({ offset: true });

/** Decimal dollars as written, e.g. "2.10"; read by {@link parseLinePrice} or parseMicros. */
export const moneySchema = z.string().max(32);

export const gpuModelNameSchema = z.string().min(1).max(64);

/** GPUs in one line or tranche. */
export const gpuCountSchema = z.number().int().min(1).max(10_000_000);

/** A line's price as asked: exactly one of the two fields. */
export interface PriceInput {
  /** Decimal dollars per GPU-hour, e.g. "2.10". */
  pricePerGpuHour?: string | undefined;
  /** Decimal dollars per month for the whole line, e.g. "1250000000.00". */
  monthlyFee?: string | undefined;
}

/**
 * The most a GPU-hour may be priced at, $100: ten times the dearest public on-demand rate for any
 * GPU model in the catalogue. A higher figure is a typing error (an extra digit, cents as dollars),
 * and on a 20-year lease it would make a contract worth more than the site.
 */
export const MAX_MICROS_PER_GPU_HOUR = 100_000_000n;

/** Hours in the longest calendar month: a monthly fee is bounded by the per-GPU-hour cap over it. */
const LONGEST_MONTH_HOURS = 744n;

/** Micros per cent: fees and minimums are amounts, in whole cents. */
const MICROS_PER_CENT = 10_000n;

/**
 * Reads the price of the line at `at` (e.g. `lines[0]`) for `gpuCount` GPUs: exactly one of
 * pricePerGpuHour (a rate, up to 6 decimals, at most MAX_MICROS_PER_GPU_HOUR) or monthlyFee (an
 * amount in whole cents, at most the same cap over a 31-day month of the line's GPUs). A refusal
 * names the field and its bound; the price is then zero so the caller can go on collecting issues.
 */
export function parseLinePrice(
  line: PriceInput,
  at: string,
  gpuCount: number,
): { price: LinePrice; issue?: FieldIssue } {
  const perHour = line.pricePerGpuHour !== undefined;
  const field = perHour ? "pricePerGpuHour" : "monthlyFee";
  const given = line.pricePerGpuHour ?? line.monthlyFee;
  const micros = parseMicros(given ?? "");
  const price = (amount: bigint): LinePrice =>
    perHour
      ? { kind: "per_gpu_hour", microsPerGpuHour: amount }
      : { kind: "monthly_fee", microsPerMonth: amount };
  const refuse = (message: string, bound: string) => ({
    price: price(0n),
    issue: { field: `${at}.${field}`, message: `${at}.${field} ${message}`, bound },
  });
  if (perHour === (line.monthlyFee !== undefined)) {
    const message = `${at} must give exactly one of pricePerGpuHour or monthlyFee`;
    return {
      price: price(0n),
      issue: { field: `${at}.pricePerGpuHour`, message, bound: "exactly one of pricePerGpuHour|monthlyFee" },
    };
  }
  if (micros === undefined || micros < 0n)
    return refuse(`must be a non-negative decimal amount (got "${given}")`, ">= 0, 6 decimals");
  if (perHour) {
    if (micros > MAX_MICROS_PER_GPU_HOUR)
      return refuse(
        `must be at most ${formatMicros(MAX_MICROS_PER_GPU_HOUR)} per GPU-hour (got ${given})`,
        `<= ${formatMicros(MAX_MICROS_PER_GPU_HOUR)}`,
      );
    return { price: price(micros) };
  }
  if (micros % MICROS_PER_CENT !== 0n)
    return refuse(`must be in whole cents, at most 2 decimals (got ${given})`, "2 decimals");
  const most = MAX_MICROS_PER_GPU_HOUR * LONGEST_MONTH_HOURS * BigInt(gpuCount);
  if (micros > most)
    return refuse(
      `must be at most ${formatMicros(most)} a month for ${gpuCount} GPUs, ${formatMicros(MAX_MICROS_PER_GPU_HOUR)} per GPU-hour over a 31-day month (got ${given})`,
      `<= ${formatMicros(most)}`,
    );
  return { price: price(micros) };
}
