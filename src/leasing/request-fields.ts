/**
 * The fields lease requests and amendments share, parsed one way: keys (a lease's name, its lines'
 * and tranches' keys), references to sites and tenants, instants, and prices — decimal dollars as
 * the caller wrote them, read into integer micros.
 * @module
 */
import { z } from "zod";
import type { FieldIssue } from "../shared/errors.js";
import { parseMicros } from "../shared/money.js";
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
 * Reads the price of the line at `at` (e.g. `lines[0]`): exactly one of pricePerGpuHour or
 * monthlyFee, a non-negative decimal with at most 6 decimals. A refusal names the field and its
 * bound; the price is then zero so the caller can go on collecting issues.
 */
export function parseLinePrice(line: PriceInput, at: string): { price: LinePrice; issue?: FieldIssue } {
  const perHour = line.pricePerGpuHour !== undefined;
  const field = perHour ? "pricePerGpuHour" : "monthlyFee";
  const given = line.pricePerGpuHour ?? line.monthlyFee;
  const micros = parseMicros(given ?? "");
  const price = (amount: bigint): LinePrice =>
    perHour
      ? { kind: "per_gpu_hour", microsPerGpuHour: amount }
      : { kind: "monthly_fee", microsPerMonth: amount };
  if (perHour === (line.monthlyFee !== undefined)) {
    const message = `${at} must give exactly one of pricePerGpuHour or monthlyFee`;
    return {
      price: price(0n),
      issue: { field: `${at}.pricePerGpuHour`, message, bound: "exactly one of pricePerGpuHour|monthlyFee" },
    };
  }
  if (micros === undefined || micros < 0n) {
    const message = `${at}.${field} must be a non-negative decimal amount (got "${given}")`;
    return { price: price(0n), issue: { field: `${at}.${field}`, message, bound: ">= 0, 6 decimals" } };
  }
  return { price: price(micros) };
}
