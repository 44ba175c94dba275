/**
 * `leases create` flags for the common case (one site, lines, one start, optional ramp) turned
 * into the lease request the API takes. Anything richer (tranches, SLA, commitment) goes in a file.
 * @module
 */
import { InvalidArgumentError } from "commander";
import type { LeaseRequest } from "../contract/generated/api.js";
import type { ISOLATION_LEVELS, PLACEMENT_POLICIES } from "../leasing/lease.js";
import { parseMicros } from "../shared/money.js";
import { parseBps } from "../shared/percent.js";
import { UsageError } from "./cli-errors.js";
import { isoInstant, positiveInt } from "./option-parsers.js";

/** A `--line KEY:MODEL:GPUS:PRICE` before we know whether PRICE is per GPU-hour or per month. */
export interface LineFlag {
  key: string;
  gpuModel: string;
  gpuCount: number;
  price: string;
}

const LINE_KEY = /^[A-Za-z0-9._-]{1,64}$/;

/** Parses `h100:H100:110000:2.10`; repeatable. */
export function parseLineFlag(value: string, previous: LineFlag[] = []): LineFlag[] {
  const parts = value.split(":");
  const [key = "", gpuModel = "", gpus = "", price = ""] = parts;
  if (parts.length !== 4 || !LINE_KEY.test(key) || !gpuModel) {
    throw new InvalidArgumentError(
      `must be KEY:MODEL:GPUS:PRICE, e.g. h100:H100:110000:2.10 (got "${value}").`,
    );
  }
  let gpuCount: number;
  try {
    gpuCount = positiveInt(10_000_000)(gpus);
  } catch {
    throw new InvalidArgumentError(`GPUS must be a whole number from 1 to 10,000,000 (got "${gpus}").`);
  }
  const micros = parseMicros(price);
  if (micros === undefined || micros < 0n) {
    throw new InvalidArgumentError(`PRICE must be a decimal dollar amount like 2.10 (got "${price}").`);
  }
  return [...previous, { key, gpuModel, gpuCount, price }];
}

export type RampFlag = NonNullable<LeaseRequest["rampDiscounts"]>[number];

/** Parses `FROM..UNTIL:PERCENT`, e.g. `2026-06-01..2026-08-01:50`; repeatable. */
export function parseRampFlag(value: string, previous: RampFlag[] = []): RampFlag[] {
  const colon = value.lastIndexOf(":");
  const [from = "", until = ""] = value.slice(0, Math.max(colon, 0)).split("..");
  const percentOff = value.slice(colon + 1);
  if (colon < 0 || !from || !until || parseBps(percentOff) === undefined) {
    throw new InvalidArgumentError(
      `must be FROM..UNTIL:PERCENT with PERCENT 0..100, e.g. 2026-06-01..2026-08-01:50 (got "${value}").`,
    );
  }
  return [...previous, { from: isoInstant(from), until: isoInstant(until), percentOff }];
}

export interface CreateFlags {
  tenant?: string;
  site?: string[];
  line?: LineFlag[];
  starts?: string;
  ends?: string;
  isolation?: (typeof ISOLATION_LEVELS)[number];
  policy?: (typeof PLACEMENT_POLICIES)[number];
  minIsland?: number;
  noticeDays?: number;
  ramp?: RampFlag[];
  monthlyFee?: boolean;
}

/** The flags that describe a lease; with -f FILE none of them may be given. */
export const LEASE_FLAG_NAMES: ReadonlyArray<[keyof CreateFlags, string]> = [
  ["tenant", "--tenant"],
  ["site", "--site"],
  ["line", "--line"],
  ["starts", "--starts"],
  ["ends", "--ends"],
  ["isolation", "--isolation"],
  ["policy", "--policy"],
  ["minIsland", "--min-island"],
  ["noticeDays", "--notice-days"],
  ["ramp", "--ramp"],
  ["monthlyFee", "--monthly-fee"],
];

/** Builds the lease request from flags, naming every missing flag at once. */
export function leaseRequestFromFlags(name: string, flags: CreateFlags): LeaseRequest {
  const missing = [
    !flags.tenant && "--tenant <tenant>",
    !flags.site?.length && "--site <site>",
    !flags.line?.length && "--line <spec>",
    !flags.starts && "--starts <iso>",
    !flags.ends && "--ends <iso>",
  ].filter((m): m is string => typeof m === "string");
  if (missing.length || !flags.tenant || !flags.site || !flags.line || !flags.starts || !flags.ends) {
    throw new UsageError(
      `leases create NAME needs ${missing.join(", ")} (or give the whole lease with -f FILE)`,
    );
  }
  const priceField = flags.monthlyFee ? "monthlyFee" : "pricePerGpuHour";
  return {
    name,
    tenant: flags.tenant,
    sites: flags.site,
    lines: flags.line.map((l) => ({
      key: l.key,
      gpuModel: l.gpuModel,
      gpuCount: l.gpuCount,
      [priceField]: l.price,
    })),
    startsAt: flags.starts,
    endsAt: flags.ends,
    ...(flags.noticeDays !== undefined ? { noticePeriodDays: flags.noticeDays } : {}),
    ...(flags.ramp?.length ? { rampDiscounts: flags.ramp } : {}),
    ...(flags.isolation ? { isolation: flags.isolation } : {}),
    ...(flags.policy || flags.minIsland !== undefined
      ? {
          placement: {
            policy: flags.policy ?? "packed",
            ...(flags.minIsland !== undefined ? { minIslandGpus: flags.minIsland } : {}),
          },
        }
      : {}),
  };
}
