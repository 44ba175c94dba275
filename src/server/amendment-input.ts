/**
 * Amendments as the API accepts them, and their translation to the domain's `Amendment`: prices
 * of new lines are parsed into micros, and the domain's refusals are reported under the field
 * names the caller sent (`amendment.gpus.h100`, not `gpusByLine.h100`).
 * @module
 */
import { z } from "@hono/zod-openapi";
import type { Amendment } from "../leasing/amendment.js";
import type { LeaseLine } from "../leasing/lease.js";
import { type FieldIssue, LeaseholdError, validationError } from "../shared/errors.js";
import { parseMicros } from "../shared/money.js";
import { plainText } from "../shared/plain-text.js";
import { MoneySchema } from "./lease-schemas.js";

const instant = z.iso.datetime({ offset: true }).openapi({ example: "2027-03-01T00:00:00Z" });
const key = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
const gpus = z.number().int().min(1).max(10_000_000);

const AmendmentInputSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("upsize"), line: key, gpus, startsAt: instant }),
    z.strictObject({
      kind: z.literal("add_tranche"),
      startsAt: instant,
      gpus: z.record(key, gpus).openapi({ description: "GPUs this tranche adds, by line key" }),
      newLines: z
        .array(
          z.strictObject({
            key,
            gpuModel: z.string().min(1).max(64),
            pricePerGpuHour: MoneySchema.max(32).optional(),
            monthlyFee: MoneySchema.max(32).optional(),
          }),
        )
        .max(16)
        .optional(),
    }),
    z.strictObject({ kind: z.literal("extend"), endsAt: instant }),
    z.strictObject({ kind: z.literal("terminate_early"), endsAt: instant }),
  ])
  .openapi("Amendment");

export type AmendmentInput = z.infer<typeof AmendmentInputSchema>;

export const AmendRequestSchema = z.strictObject({
  amendment: AmendmentInputSchema,
  reason: plainText().min(1).max(500).openapi({ example: "tenant asked for 8,192 more H100 from March" }),
});

type NewLineInput = NonNullable<Extract<AmendmentInput, { kind: "add_tranche" }>["newLines"]>[number];

function newLine(input: NewLineInput, at: string, issues: FieldIssue[]): LeaseLine {
  const given = input.pricePerGpuHour ?? input.monthlyFee;
  const field = input.pricePerGpuHour !== undefined ? "pricePerGpuHour" : "monthlyFee";
  const micros = parseMicros(given ?? "");
  if ((input.pricePerGpuHour === undefined) === (input.monthlyFee === undefined)) {
    issues.push({
      field: `${at}.pricePerGpuHour`,
      message: `${at} must give exactly one of pricePerGpuHour or monthlyFee`,
      bound: "exactly one of pricePerGpuHour|monthlyFee",
    });
  } else if (micros === undefined || micros < 0n) {
    issues.push({
      field: `${at}.${field}`,
      message: `${at}.${field} must be a non-negative decimal amount (got "${given}")`,
      bound: ">= 0, 6 decimals",
    });
  }
  const amount = micros ?? 0n;
  return {
    key: input.key,
    gpuModel: input.gpuModel,
    gpuCount: 0,
    price:
      field === "pricePerGpuHour"
        ? { kind: "per_gpu_hour", microsPerGpuHour: amount }
        : { kind: "monthly_fee", microsPerMonth: amount },
  };
}

/** The domain amendment; a malformed price of a new line is a 400 naming the field. */
export function toAmendment(input: AmendmentInput): Amendment {
  if (input.kind !== "add_tranche") return input;
  const issues: FieldIssue[] = [];
  const newLines = input.newLines?.map((l, i) => newLine(l, `amendment.newLines[${i}]`, issues));
  if (issues.length) throw validationError(issues);
  return {
    kind: "add_tranche",
    startsAt: input.startsAt,
    gpusByLine: input.gpus,
    ...(newLines ? { newLines } : {}),
  };
}

function wireField(field: string, input: AmendmentInput): string {
  const line = /^newLines\.(.+)$/.exec(field)?.[1];
  if (line !== undefined && input.kind === "add_tranche") {
    const i = input.newLines?.findIndex((l) => l.key === line) ?? -1;
    return i >= 0 ? `amendment.newLines[${i}].key` : "amendment.newLines";
  }
  return `amendment.${field.replace(/^gpusByLine\./, "gpus.")}`;
}

/** Runs an amendment, renaming the fields of a validation refusal to the ones in the request. */
export async function onTheWire<T>(input: AmendmentInput, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof LeaseholdError) || error.code !== "VALIDATION_FAILED") throw error;
    const issues = error.issues.map((i) => ({ ...i, field: wireField(i.field, input) }));
    throw new LeaseholdError(error.code, error.message, issues);
  }
}
