/**
 * The unit-economics inputs on the wire: percentages and dollars as exact decimal strings, read
 * into basis points and micros. Every field is optional: what is sent replaces the base (the saved
 * inputs, or the defaults), so a page can change one figure at a time.
 * @module
 */
import { z } from "zod";
import type { FieldIssue } from "../shared/errors.js";
import { formatMicros, parseMicros } from "../shared/money.js";
import { formatBps, parseBps } from "../shared/percent.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import { chipKey } from "./deal.js";
import type { UnitEconomicsInputs } from "./unit-economics.js";

/** Highest price per million tokens taken: $1,000 (list prices are a few dollars to ~$100). */
const MAX_PRICE_MICROS = 1_000_000_000n;
/** Highest annual spend taken: $10T. */
const MAX_SPEND_MICROS = 10n ** 19n;
export const MAX_TOKENS_PER_SECOND_PER_GPU = 1_000_000;

export const UnitInputsSchema = z.strictObject({
  utilisationPercent: z.string().max(8).optional(),
  servedModelThroughputPercent: z.string().max(8).optional(),
  pricePerMillionTokens: z.string().max(32).optional(),
  tokensPerSecondPerGpu: z
    .record(
      z.string().regex(/^[A-Za-z0-9 ._+-]{1,32}$/),
      z.number().int().min(1).max(MAX_TOKENS_PER_SECOND_PER_GPU),
    )
    .refine((r) => Object.keys(r).length <= 32, { message: "at most 32 chips" })
    .optional(),
  annualComputeSpend: z.string().max(32).nullable().optional(),
});

/** The inputs as the API shows them. */
export function unitInputsWire(inputs: UnitEconomicsInputs) {
  return {
    utilisationPercent: formatBps(inputs.utilisationBps),
    servedModelThroughputPercent: formatBps(inputs.servedModelThroughputBps),
    pricePerMillionTokens: formatMicros(inputs.priceMicrosPerMillionTokens, 2),
    tokensPerSecondPerGpu: inputs.tokensPerSecondPerGpu,
    annualComputeSpend:
      inputs.annualComputeSpendMicros === null ? null : formatMicros(inputs.annualComputeSpendMicros, 2),
  };
}

function percent(
  text: string | undefined,
  field: string,
  issues: FieldIssue[],
  min: number,
): number | undefined {
  if (text === undefined) return undefined;
  const bps = parseBps(text);
  if (bps === undefined || bps < min) {
    const bound = `${formatBps(min)}..100, at most 2 decimals`;
    issues.push({
      field,
      message: `${field} must be a percentage ${bound} (got ${JSON.stringify(text)})`,
      bound,
    });
    return undefined;
  }
  return bps;
}

function dollars(
  text: string | undefined,
  field: string,
  issues: FieldIssue[],
  max: bigint,
  min = 0n,
): bigint | undefined {
  if (text === undefined) return undefined;
  const micros = parseMicros(text);
  const bound = `${formatMicros(min, 2)}..${formatMicros(max, 2)}, in whole cents`;
  if (micros === undefined || micros < min || micros > max || micros % 10_000n !== 0n) {
    issues.push({
      field,
      message: `${field} must be decimal dollars ${bound} (got ${JSON.stringify(text)})`,
      bound,
    });
    return undefined;
  }
  return micros;
}

/** `input` over `base`: the inputs, or every issue found. */
export function readUnitInputs(
  input: unknown,
  base: UnitEconomicsInputs,
): { inputs?: UnitEconomicsInputs; issues: FieldIssue[] } {
  const parsed = UnitInputsSchema.safeParse(input);
  if (!parsed.success) return { issues: toFieldIssues(parsed.error, [], input) };
  const d = parsed.data;
  const issues: FieldIssue[] = [];
  const utilisationBps = percent(d.utilisationPercent, "utilisationPercent", issues, 0);
  const servedModelThroughputBps = percent(
    d.servedModelThroughputPercent,
    "servedModelThroughputPercent",
    issues,
    1,
  );
  const price = dollars(d.pricePerMillionTokens, "pricePerMillionTokens", issues, MAX_PRICE_MICROS);
  const spend =
    d.annualComputeSpend === null
      ? null
      : dollars(d.annualComputeSpend, "annualComputeSpend", issues, MAX_SPEND_MICROS);
  if (issues.length > 0) return { issues };
  const tokens = d.tokensPerSecondPerGpu
    ? Object.fromEntries(Object.entries(d.tokensPerSecondPerGpu).map(([chip, tps]) => [chipKey(chip), tps]))
    : base.tokensPerSecondPerGpu;
  return {
    issues,
    inputs: {
      utilisationBps: utilisationBps ?? base.utilisationBps,
      servedModelThroughputBps: servedModelThroughputBps ?? base.servedModelThroughputBps,
      priceMicrosPerMillionTokens: price ?? base.priceMicrosPerMillionTokens,
      tokensPerSecondPerGpu: tokens,
      annualComputeSpendMicros: spend === undefined ? base.annualComputeSpendMicros : spend,
    },
  };
}
