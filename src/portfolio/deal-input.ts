/**
 * A deal as a caller writes it (over the API, or as a CSV row) read into deal terms: every field
 * checked against its bound, and the rules across fields (exactly one of powerMw or gpus unless
 * the deal points at a lease; orbital inputs for an orbital site and only there). Every problem is
 * reported with its field and bound, never just the first.
 * @module
 */
import { z } from "zod";
import type { FieldIssue } from "../shared/errors.js";
import { parseMicros } from "../shared/money.js";
import { plainText } from "../shared/plain-text.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import { DEAL_KINDS, type DealTerms } from "./deal.js";

/** The largest deal: 100 GW, or 100 million GPUs. */
export const DEAL_BOUNDS = {
  maxPowerMw: 100_000,
  maxGpus: 100_000_000,
  maxRampMonths: 120,
  maxTermMonths: 600,
  minKwPerGpu: 0.1,
  maxKwPerGpu: 20,
  /** $10T: more than any company's compute commitment, so a larger figure is a typing error. */
  maxSpendMicros: 10n ** 19n,
  /** Online dates from 2000 through 2100. */
  minYear: 2000,
  maxYear: 2100,
} as const;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date (`2027-01-01`, midnight UTC) or an ISO instant with a zone. */
export const dealDateSchema = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/, { abort: true })
  .refine((v) => !Number.isNaN(Date.parse(DATE.test(v) ? `${v}T00:00:00Z` : v)), {
    message: "must be a real date (YYYY-MM-DD) or ISO 8601 instant",
  });

const label = plainText().min(1).max(64);

/** The wire shape of a deal; `lease` names a lease of the tenant (id, name or tenant/name). */
export const DealInputSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  provider: label,
  chip: label,
  kind: z.enum(DEAL_KINDS).default("terrestrial"),
  powerMw: z.number().positive().max(DEAL_BOUNDS.maxPowerMw).optional(),
  gpus: z.number().int().min(1).max(DEAL_BOUNDS.maxGpus).optional(),
  kwPerGpu: z.number().min(DEAL_BOUNDS.minKwPerGpu).max(DEAL_BOUNDS.maxKwPerGpu).optional(),
  onlineAt: dealDateSchema,
  rampMonths: z.number().int().min(0).max(DEAL_BOUNDS.maxRampMonths).default(0),
  termMonths: z.number().int().min(1).max(DEAL_BOUNDS.maxTermMonths).nullable().default(null),
  committedSpend: z.string().max(32).optional(),
  lease: z.string().min(1).max(200).optional(),
  launchYear: z.number().int().min(DEAL_BOUNDS.minYear).max(DEAL_BOUNDS.maxYear).optional(),
  powerSource: label.optional(),
  costPerMw: z.string().max(32).optional(),
});
export type DealInput = z.input<typeof DealInputSchema>;

/** Deal terms read from input, with the lease still named as the caller named it. */
export type DealDraft = Omit<DealTerms, "leaseId"> & { leaseRef: string | null };

function money(text: string | undefined, field: string, issues: FieldIssue[], bound: string): bigint | null {
  if (text === undefined) return null;
  const micros = parseMicros(text);
  if (micros === undefined || micros < 0n || micros % 10_000n !== 0n || micros > DEAL_BOUNDS.maxSpendMicros) {
    issues.push({
      field,
      message: `${field} must be decimal dollars in whole cents, ${bound} (got ${JSON.stringify(text)})`,
      bound,
    });
    return null;
  }
  return micros;
}

/** The instant a deal date stands for, as an ISO 8601 UTC string. */
function instantOf(text: string): string {
  return new Date(DATE.test(text) ? `${text}T00:00:00Z` : text).toISOString();
}

/**
 * Reads one deal; `at` prefixes the fields its issues name (`deals[3]`, `row 4`). Answers the
 * draft only when there is no issue.
 */
export function readDealInput(input: unknown, at = ""): { draft?: DealDraft; issues: FieldIssue[] } {
  const prefix = at ? [at] : [];
  const parsed = DealInputSchema.safeParse(input);
  if (!parsed.success) return { issues: toFieldIssues(parsed.error, prefix, input) };
  const d = parsed.data;
  const name = (field: string) => (at ? `${at}.${field}` : field);
  const issues: FieldIssue[] = [];
  const counted = (d.powerMw !== undefined ? 1 : 0) + (d.gpus !== undefined ? 1 : 0);
  if (d.lease === undefined && counted !== 1) {
    issues.push({
      field: name(counted === 0 ? "powerMw" : "gpus"),
      message: `${name("powerMw")} or ${name("gpus")}: give exactly one (got ${counted === 0 ? "neither" : "both"})`,
      bound: "exactly one of powerMw, gpus",
    });
  }
  if (d.lease !== undefined && counted !== 0) {
    issues.push({
      field: name(d.powerMw !== undefined ? "powerMw" : "gpus"),
      message: `${name("lease")} sets the deal's GPUs from the lease: leave powerMw and gpus out`,
      bound: "absent with lease",
    });
  }
  const onlineAt = instantOf(d.onlineAt);
  const onlineYear = new Date(onlineAt).getUTCFullYear();
  if (onlineYear < DEAL_BOUNDS.minYear || onlineYear > DEAL_BOUNDS.maxYear) {
    issues.push({
      field: name("onlineAt"),
      message: `${name("onlineAt")} must be in ${DEAL_BOUNDS.minYear}..${DEAL_BOUNDS.maxYear} (got ${d.onlineAt})`,
      bound: `${DEAL_BOUNDS.minYear}..${DEAL_BOUNDS.maxYear}`,
    });
  }
  const spend = money(d.committedSpend, name("committedSpend"), issues, "<= 10000000000000.00");
  let orbital: DealTerms["orbital"] = null;
  const orbitalFields = (["launchYear", "powerSource", "costPerMw"] as const).filter(
    (f) => d[f] !== undefined,
  );
  if (d.kind === "orbital") {
    for (const field of ["launchYear", "powerSource", "costPerMw"] as const)
      if (d[field] === undefined)
        issues.push({
          field: name(field),
          message: `${name(field)} is required for an orbital site`,
          bound: "required when kind is orbital",
        });
    const cost = money(d.costPerMw, name("costPerMw"), issues, "<= 10000000000000.00");
    if (d.launchYear !== undefined && d.launchYear > onlineYear)
      issues.push({
        field: name("launchYear"),
        message: `${name("launchYear")} must be <= the online year ${onlineYear} (got ${d.launchYear})`,
        bound: `<= ${onlineYear}`,
      });
    if (d.launchYear !== undefined && d.powerSource !== undefined && cost !== null)
      orbital = { launchYear: d.launchYear, powerSource: d.powerSource, costMicrosPerMw: cost };
  } else {
    for (const field of orbitalFields)
      issues.push({
        field: name(field),
        message: `${name(field)} is for an orbital site only (kind is ${d.kind})`,
        bound: "absent unless kind is orbital",
      });
  }
  if (issues.length > 0) return { issues };
  return {
    issues,
    draft: {
      name: d.name,
      provider: d.provider,
      chip: d.chip,
      kind: d.kind,
      powerMw: d.powerMw ?? null,
      gpus: d.gpus ?? null,
      kwPerGpu: d.kwPerGpu ?? null,
      onlineAt,
      rampMonths: d.rampMonths,
      termMonths: d.termMonths,
      committedSpendMicros: spend,
      leaseRef: d.lease ?? null,
      orbital,
    },
  };
}
