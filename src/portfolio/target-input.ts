/**
 * A portfolio target as a caller writes it: MW, a date and what it stands for.
 * @module
 */
import { z } from "zod";
import type { FieldIssue } from "../shared/errors.js";
import { plainText } from "../shared/plain-text.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import { dealDateSchema } from "./deal-input.js";
import type { PortfolioTarget } from "./target-line.js";

export const TargetInputSchema = z.strictObject({
  powerMw: z.number().positive().max(1_000_000),
  at: dealDateSchema,
  label: plainText().min(1).max(120).optional(),
});

/** The target, or every issue with its field and bound. */
export function readTargetInput(input: unknown): { target?: PortfolioTarget; issues: FieldIssue[] } {
  const parsed = TargetInputSchema.safeParse(input);
  if (!parsed.success) return { issues: toFieldIssues(parsed.error, [], input) };
  const { powerMw, at, label } = parsed.data;
  const instant = new Date(/^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T00:00:00Z` : at);
  const year = instant.getUTCFullYear();
  if (year < 2000 || year > 2100)
    return {
      issues: [{ field: "at", message: `at must be in 2000..2100 (got ${at})`, bound: "2000..2100" }],
    };
  const gw = powerMw / 1000;
  return {
    issues: [],
    target: { powerMw, at: instant.toISOString(), label: label ?? `${gw} GW by ${year}` },
  };
}
