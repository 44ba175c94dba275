/**
 * The lease a user asks for, as the API and CLI accept it, and its validation into LeaseTerms:
 * every rule that needs no knowledge of the fleet's current state (that is the calendar's and the
 * engine's job). Errors name the field and the bound.
 * @module
 */
import { z } from "zod";
import type { GpuCatalogue } from "../fleet/gpu-model.js";
import { type FieldIssue, validationError } from "../shared/errors.js";
import { formatMicros, parseMicros } from "../shared/money.js";
import { parseBps } from "../shared/percent.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import { fullMonthlyValue } from "./contract-value.js";
import { ISOLATION_LEVELS, type LeaseTerms, PLACEMENT_POLICIES } from "./lease.js";
import { earliestNewStart, latestEndOfTerm, MAX_TERM_YEARS } from "./lease-term.js";
import { checkRampDiscounts } from "./ramp-discounts.js";
import {
  gpuCountSchema,
  gpuModelNameSchema,
  instantSchema as instant,
  keySchema as key,
  moneySchema as money,
  parseLinePrice,
  refSchema,
} from "./request-fields.js";

const percent = z.string().max(8);

/** One line; exactly one of the two prices is checked in validateLeaseRequest, so the error names its bound. */
const leaseLineInput = z.strictObject({
  key,
  gpuModel: gpuModelNameSchema,
  gpuCount: gpuCountSchema,
  /** Decimal dollars per GPU-hour, e.g. "2.10". */
  pricePerGpuHour: money.optional(),
  /** Decimal dollars per month for the whole line, e.g. "1250000000.00". */
  monthlyFee: money.optional(),
});

export const leaseRequestSchema = z.strictObject({
  name: key,
  tenant: refSchema,
  /** Acceptable sites (id or name), best first. */
  sites: z.array(refSchema).min(1).max(16),
  lines: z.array(leaseLineInput).min(1).max(16),
  /** Phased delivery; omitted = one tranche at `startsAt` delivering every line in full. */
  tranches: z
    .array(
      z.strictObject({
        key: key.optional(),
        startsAt: instant,
        gpus: z.record(z.string(), z.number().int().min(1)),
      }),
    )
    .min(1)
    .max(64)
    .optional(),
  startsAt: instant.optional(),
  endsAt: instant,
  noticePeriodDays: z.number().int().min(0).max(3650).default(90),
  rampDiscounts: z
    .array(z.strictObject({ from: instant, until: instant, percentOff: percent }))
    .max(16)
    .default([]),
  commitment: z.strictObject({ minimumPerMonth: money }).nullable().default(null),
  sla: z
    .strictObject({
      availabilityTarget: percent,
      creditTiers: z
        .array(z.strictObject({ below: percent, credit: percent }))
        .max(8)
        .default([]),
    })
    .nullable()
    .default(null),
  isolation: z.enum(ISOLATION_LEVELS).default("node"),
  placement: z
    .strictObject({
      policy: z.enum(PLACEMENT_POLICIES),
      // An island larger than any lease can be is no constraint, only a way to overflow.
      minIslandGpus: gpuCountSchema.optional(),
    })
    .default({ policy: "packed" }),
});

export type LeaseRequest = z.input<typeof leaseRequestSchema>;

const iso = (s: string) => new Date(s).toISOString();

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
const lcm = (a: number, b: number) => (a / gcd(a, b)) * b;

/** The issue for `sites[i]` naming the same site as `sites[first]` (by the same id or name, or the other). */
export function siteListedTwice(sites: readonly string[], i: number, first: number): FieldIssue {
  return {
    field: `sites[${i}]`,
    message: `sites[${i}] ${sites[i]} is the same site as sites[${first}] ${sites[first]}; list each site once`,
    bound: "unique",
  };
}

/** What validation yields: the terms with site and tenant still as the caller named them. */
export type ValidLeaseRequest = Omit<LeaseTerms, "tenantId" | "siteIds"> & {
  name: string;
  tenant: string;
  sites: string[];
};

/**
 * Validates a lease request asked for at `now` against the GPU catalogue: distinct sites, GPU
 * counts in whole nodes, tranches that add up to each line, a term that starts no earlier than
 * START_GRACE_MS before now and ends after it starts, within MAX_TERM_YEARS, discounts inside the
 * term that do not overlap, a commitment no larger than a month at list price, sane SLA tiers
 * and islands of whole nodes.
 */
export function validateLeaseRequest(raw: unknown, catalogue: GpuCatalogue, now: string): ValidLeaseRequest {
  const parsed = leaseRequestSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw validationError(toFieldIssues(parsed.error, [], raw));
  const r = parsed.data;
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string, bound?: string) =>
    issues.push({ field, message, ...(bound ? { bound } : {}) });

  r.sites.forEach((site, i) => {
    const first = r.sites.indexOf(site);
    if (first !== i) issues.push(siteListedTwice(r.sites, i, first));
  });

  const lineKeys = new Set<string>();
  let pricesValid = true;
  const lines = r.lines.map((l, i) => {
    const at = `lines[${i}]`;
    if (lineKeys.has(l.key)) add(`${at}.key`, `${at}.key ${l.key} is used twice`, "unique");
    lineKeys.add(l.key);
    const model = catalogue.get(l.gpuModel);
    if (!model)
      add(`${at}.gpuModel`, `unknown GPU model ${l.gpuModel}`, `one of ${[...catalogue.keys()].join("|")}`);
    else if (l.gpuCount % model.gpusPerNode !== 0) {
      add(
        `${at}.gpuCount`,
        `${at}.gpuCount must be a positive multiple of ${model.gpusPerNode} for ${model.name} (got ${l.gpuCount})`,
        `multiple of ${model.gpusPerNode}`,
      );
    }
    const { price, issue } = parseLinePrice(l, at, l.gpuCount);
    if (issue) {
      pricesValid = false;
      issues.push(issue);
    }
    return { key: l.key, gpuModel: l.gpuModel, gpuCount: l.gpuCount, price };
  });

  let tranches: LeaseTerms["tranches"];
  if (r.tranches) {
    tranches = r.tranches.map((t, i) => ({
      key: t.key ?? `t${i + 1}`,
      startsAt: iso(t.startsAt),
      gpusByLine: t.gpus,
    }));
    if (r.startsAt && iso(r.startsAt) !== [...tranches].map((t) => t.startsAt).sort()[0]) {
      add("startsAt", "startsAt must equal the first tranche's startsAt (or be omitted)", "= first tranche");
    }
  } else if (r.startsAt) {
    tranches = [
      {
        key: "t1",
        startsAt: iso(r.startsAt),
        gpusByLine: Object.fromEntries(lines.map((l) => [l.key, l.gpuCount])),
      },
    ];
  } else {
    add("startsAt", "give startsAt or tranches", "required");
    tranches = [];
  }

  const endsAt = iso(r.endsAt);
  const first = tranches[0];
  if (!r.tranches && first && first.startsAt >= endsAt) {
    // One tranche made from startsAt: name the fields the caller sent, not a tranche it never wrote.
    add("endsAt", `endsAt must be after startsAt ${first.startsAt} (got ${endsAt})`, `> ${first.startsAt}`);
  }
  const earliestStart = earliestNewStart(now);
  if (!r.tranches && first && first.startsAt < earliestStart)
    add(
      "startsAt",
      `startsAt must be no earlier than ${earliestStart}, an hour before now (got ${first.startsAt})`,
      `>= ${earliestStart}`,
    );
  const startsAt = tranches.map((t) => t.startsAt).sort()[0];
  const latest = startsAt === undefined ? undefined : latestEndOfTerm(startsAt);
  if (latest !== undefined && endsAt > latest) {
    add(
      "endsAt",
      `endsAt must be at most ${MAX_TERM_YEARS} years after the start ${startsAt}, by ${latest} (got ${endsAt})`,
      `<= ${latest}`,
    );
  }
  const seen = new Map<string, number>();
  const trancheKeys = new Set<string>();
  const delivered = new Map<string, number>();
  (r.tranches ? tranches : []).forEach((t, i) => {
    const at = `tranches[${i}]`;
    if (trancheKeys.has(t.key)) add(`${at}.key`, `${at}.key ${t.key} is used twice`, "unique");
    trancheKeys.add(t.key);
    const other = seen.get(t.startsAt);
    if (other !== undefined)
      add(
        `${at}.startsAt`,
        `${at} starts at the same instant as tranches[${other}]; merge them`,
        "distinct start times",
      );
    seen.set(t.startsAt, i);
    if (t.startsAt < earliestStart)
      add(
        `${at}.startsAt`,
        `${at}.startsAt must be no earlier than ${earliestStart}, an hour before now (got ${t.startsAt})`,
        `>= ${earliestStart}`,
      );
    if (t.startsAt >= endsAt)
      add(
        `${at}.startsAt`,
        `${at}.startsAt must be before endsAt ${endsAt} (got ${t.startsAt})`,
        `< ${endsAt}`,
      );
    for (const [line, gpus] of Object.entries(t.gpusByLine)) {
      const l = lines.find((x) => x.key === line);
      if (!l) {
        add(`${at}.gpus.${line}`, `${at}.gpus names no line ${line}`, `one of ${[...lineKeys].join("|")}`);
        continue;
      }
      const size = catalogue.get(l.gpuModel)?.gpusPerNode ?? 1;
      if (gpus % size !== 0)
        add(
          `${at}.gpus.${line}`,
          `${at}.gpus.${line} must be a multiple of ${size} (got ${gpus})`,
          `multiple of ${size}`,
        );
      delivered.set(line, (delivered.get(line) ?? 0) + gpus);
    }
  });
  if (r.tranches) {
    lines.forEach((l, i) => {
      const got = delivered.get(l.key) ?? 0;
      if (got !== l.gpuCount)
        add(
          `lines[${i}].gpuCount`,
          `tranches deliver ${got} GPUs of line ${l.key} but lines[${i}].gpuCount is ${l.gpuCount}`,
          `tranches sum to ${l.gpuCount}`,
        );
    });
  }

  const ramps = checkRampDiscounts(r.rampDiscounts, { startsAt, endsAt });
  issues.push(...ramps.issues);

  let commitment: LeaseTerms["commitment"] = null;
  if (r.commitment) {
    const min = parseMicros(r.commitment.minimumPerMonth);
    const most = fullMonthlyValue(lines);
    if (min === undefined || min < 0n)
      add(
        "commitment.minimumPerMonth",
        "commitment.minimumPerMonth must be a non-negative decimal amount",
        ">= 0",
      );
    else if (min % 10_000n !== 0n)
      add(
        "commitment.minimumPerMonth",
        `commitment.minimumPerMonth must be in whole cents, at most 2 decimals (got ${r.commitment.minimumPerMonth})`,
        "2 decimals",
      );
    else if (pricesValid && min > most)
      add(
        "commitment.minimumPerMonth",
        `commitment.minimumPerMonth must be at most ${formatMicros(most)}, a 31-day month of every line at list price (got ${formatMicros(min)})`,
        `<= ${formatMicros(most)}`,
      );
    commitment = { minimumMicrosPerMonth: min ?? 0n };
  }

  let sla: LeaseTerms["sla"] = null;
  if (r.sla) {
    const target = parseBps(r.sla.availabilityTarget);
    if (target === undefined)
      add(
        "sla.availabilityTarget",
        `sla.availabilityTarget must be 0..100 (got "${r.sla.availabilityTarget}")`,
        "0..100",
      );
    const creditTiers = r.sla.creditTiers.map((t, i) => {
      const below = parseBps(t.below);
      const credit = parseBps(t.credit);
      if (below === undefined || (target !== undefined && below > target)) {
        add(
          `sla.creditTiers[${i}].below`,
          `sla.creditTiers[${i}].below must be a percentage <= the availability target`,
          `<= ${r.sla?.availabilityTarget}`,
        );
      }
      if (credit === undefined)
        add(`sla.creditTiers[${i}].credit`, `sla.creditTiers[${i}].credit must be 0..100`, "0..100");
      return { belowBps: below ?? 0, creditBps: credit ?? 0 };
    });
    sla = {
      availabilityTargetBps: target ?? 0,
      creditTiers: creditTiers.sort((a, b) => b.belowBps - a.belowBps),
    };
  }

  const totalGpus = lines.reduce((n, l) => n + l.gpuCount, 0);
  const island = r.placement.minIslandGpus;
  const models = [...new Set(lines.map((l) => l.gpuModel))].filter((m) => catalogue.has(m));
  const nodeSize = models.reduce((n, m) => lcm(n, catalogue.get(m)?.gpusPerNode ?? 1), 1);
  if (island !== undefined && island > totalGpus) {
    add(
      "placement.minIslandGpus",
      `placement.minIslandGpus must be <= the lease's ${totalGpus} GPUs (got ${island})`,
      `<= ${totalGpus}`,
    );
  } else if (island !== undefined && island % nodeSize !== 0) {
    add(
      "placement.minIslandGpus",
      `placement.minIslandGpus must be a multiple of ${nodeSize}, whole nodes of ${models.join(" and ")} (got ${island})`,
      `multiple of ${nodeSize}`,
    );
  }

  if (issues.length) throw validationError(issues);
  return {
    name: r.name,
    tenant: r.tenant,
    sites: r.sites,
    lines,
    tranches: tranches.sort((a, b) => a.startsAt.localeCompare(b.startsAt)),
    endsAt,
    noticePeriodDays: r.noticePeriodDays,
    rampDiscounts: ramps.discounts,
    commitment,
    sla,
    isolation: r.isolation,
    placement: r.placement,
  };
}
