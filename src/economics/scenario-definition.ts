/**
 * A saved scenario as a user writes it: the built-in scenario it starts from, the inputs it
 * overrides, and optionally a custom lease shape that replaces the base's leases.
 * @module
 */
import { z } from "zod";
import type { FieldIssue } from "../shared/errors.js";
import { parseMicros } from "../shared/money.js";
import { parseBps } from "../shared/percent.js";
import { BUILT_IN_SCENARIOS, type LeaseShape } from "./scenario-lease.js";

const decimal = z.string().max(24);

export const leaseShapeSchema = z.strictObject({
  gpuSharePercent: z.string().max(8),
  pricePerGpuHour: decimal.optional(),
  monthlyFee: decimal.optional(),
  months: z.number().int().min(1).max(240),
  rampMonths: z.number().int().min(0).max(240).optional(),
  rampPercentOff: z.string().max(8).optional(),
});

export const scenarioDefinitionSchema = z.strictObject({
  base: z.enum(BUILT_IN_SCENARIOS).default("actual"),
  description: z.string().max(500).default(""),
  lease: leaseShapeSchema.nullable().default(null),
  inputs: z.record(z.string().max(64), z.string().max(32)).default({}),
});

export type ScenarioDefinition = z.output<typeof scenarioDefinitionSchema>;

/** The issues of a lease shape's values (its types are the schema's). */
export function leaseShapeIssues(shape: LeaseShape, field = "lease"): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const share = parseBps(shape.gpuSharePercent);
  if (share === undefined || share === 0)
    issues.push({
      field: `${field}.gpuSharePercent`,
      message: `gpuSharePercent must be above 0 and at most 100 (got "${shape.gpuSharePercent}")`,
      bound: "0 < x <= 100",
    });
  const priced = [shape.pricePerGpuHour, shape.monthlyFee].filter((p) => p !== undefined);
  if (priced.length !== 1)
    issues.push({
      field: `${field}.pricePerGpuHour`,
      message: "a lease shape takes exactly one of pricePerGpuHour and monthlyFee",
      bound: "exactly one price",
    });
  for (const key of ["pricePerGpuHour", "monthlyFee"] as const) {
    const text = shape[key];
    if (text === undefined) continue;
    const micros = parseMicros(text);
    if (micros === undefined || micros < 0n)
      issues.push({
        field: `${field}.${key}`,
        message: `${key} must be a non-negative decimal with at most 6 decimals (got "${text}")`,
        bound: ">= 0, 6 decimals",
      });
  }
  if ((shape.rampMonths ?? 0) > shape.months)
    issues.push({
      field: `${field}.rampMonths`,
      message: `rampMonths must be at most the lease's ${shape.months} months (got ${shape.rampMonths})`,
      bound: `<= ${shape.months}`,
    });
  if (shape.rampPercentOff !== undefined && parseBps(shape.rampPercentOff) === undefined)
    issues.push({
      field: `${field}.rampPercentOff`,
      message: `rampPercentOff must be 0..100 with at most 2 decimals (got "${shape.rampPercentOff}")`,
      bound: "0..100",
    });
  return issues;
}
