/**
 * An amendment as a caller asks for it (`{ amendment, reason }`), parsed into the domain's
 * `Amendment` with the same field and price rules as a lease request; and the domain's refusals
 * renamed to the fields the caller sent (`amendment.gpus.h100`, not `gpusByLine.h100`).
 * @module
 */
import { z } from "zod";
import { type FieldIssue, LeaseholdError, validationError } from "../shared/errors.js";
import { plainText } from "../shared/plain-text.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import type { Amendment } from "./amendment.js";
import type { LeaseLine } from "./lease.js";
import {
  gpuCountSchema,
  gpuModelNameSchema,
  instantSchema,
  keySchema,
  moneySchema,
  parseLinePrice,
} from "./request-fields.js";

const amendmentSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("upsize"),
    line: keySchema,
    gpus: gpuCountSchema,
    startsAt: instantSchema,
  }),
  z.strictObject({
    kind: z.literal("add_tranche"),
    startsAt: instantSchema,
    gpus: z.record(keySchema, gpuCountSchema).meta({ description: "GPUs this tranche adds, by line key" }),
    newLines: z
      .array(
        z.strictObject({
          key: keySchema,
          gpuModel: gpuModelNameSchema,
          pricePerGpuHour: moneySchema.optional(),
          monthlyFee: moneySchema.optional(),
        }),
      )
      .max(16)
      .optional(),
  }),
  z.strictObject({ kind: z.literal("extend"), endsAt: instantSchema }),
  z.strictObject({ kind: z.literal("terminate_early"), endsAt: instantSchema }),
]);

/** The body of `POST /v1/leases/{lease}/amendments`. */
export const amendmentRequestSchema = z.strictObject({
  amendment: amendmentSchema,
  reason: plainText().min(1).max(500).meta({ example: "tenant asked for 8,192 more H100 from March" }),
});

type AmendmentInput = z.infer<typeof amendmentSchema>;

/** A parsed amendment request: the domain's amendment, the reason, and what the caller sent. */
export interface ParsedAmendmentRequest {
  amendment: Amendment;
  reason: string;
  input: AmendmentInput;
}

/** The domain amendment of a request; every bad field is a 400 naming it and its bound. */
export function parseAmendmentRequest(raw: unknown): ParsedAmendmentRequest {
  const parsed = amendmentRequestSchema.safeParse(raw);
  if (!parsed.success) throw validationError(toFieldIssues(parsed.error, [], raw));
  const { amendment: input, reason } = parsed.data;
  if (input.kind !== "add_tranche") return { amendment: input, reason, input };
  const issues: FieldIssue[] = [];
  const newLines = input.newLines?.map((line, i): LeaseLine => {
    const { price, issue } = parseLinePrice(line, `amendment.newLines[${i}]`, input.gpus[line.key] ?? 0);
    if (issue) issues.push(issue);
    return { key: line.key, gpuModel: line.gpuModel, gpuCount: 0, price };
  });
  if (issues.length) throw validationError(issues);
  const amendment: Amendment = {
    kind: "add_tranche",
    startsAt: input.startsAt,
    gpusByLine: input.gpus,
    ...(newLines ? { newLines } : {}),
  };
  return { amendment, reason, input };
}

/** The request's name for a field the domain names: `gpusByLine.h100` → `amendment.gpus.h100`. */
function requestField(field: string, input: AmendmentInput): string {
  const line = /^newLines\.(.+)$/.exec(field)?.[1];
  if (line !== undefined && input.kind === "add_tranche") {
    const i = input.newLines?.findIndex((l) => l.key === line) ?? -1;
    return i >= 0 ? `amendment.newLines[${i}].key` : "amendment.newLines";
  }
  return `amendment.${field.replace(/^gpusByLine\./, "gpus.")}`;
}

/** Runs the amendment, renaming the fields of a validation refusal to the ones in the request. */
export async function withRequestFields<T>(
  request: ParsedAmendmentRequest,
  run: () => Promise<T>,
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof LeaseholdError) || error.code !== "VALIDATION_FAILED") throw error;
    const issues = error.issues.map((i) => ({ ...i, field: requestField(i.field, request.input) }));
    throw new LeaseholdError(error.code, error.message, issues);
  }
}
