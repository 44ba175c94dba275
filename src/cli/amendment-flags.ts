/**
 * `leases amend` flags (exactly one of --upsize, --add-tranche, --extend, --terminate-early)
 * turned into the amendment body the API takes.
 * @module
 */
import { InvalidArgumentError } from "commander";
import type { AmendmentRequest } from "../contract/generated/api.js";
import { UsageError } from "./cli-errors.js";
import { isoInstant, positiveInt } from "./option-parsers.js";

type AmendmentBody = AmendmentRequest["amendment"];

const gpuCount = positiveInt(10_000_000);

function count(text: string, what: string): number {
  try {
    return gpuCount(text);
  } catch {
    throw new InvalidArgumentError(`${what} must be a whole number from 1 to 10,000,000 (got "${text}").`);
  }
}

/** Parses `LINE:GPUS@ISO`, e.g. `h100:8192@2026-09-01`. */
export function parseUpsize(value: string): Extract<AmendmentBody, { kind: "upsize" }> {
  const at = value.indexOf("@");
  const [line = "", gpus = "", extra] = value.slice(0, Math.max(at, 0)).split(":");
  if (at < 0 || !line || !gpus || extra !== undefined) {
    throw new InvalidArgumentError(`must be LINE:GPUS@ISO, e.g. h100:8192@2026-09-01 (got "${value}").`);
  }
  return { kind: "upsize", line, gpus: count(gpus, "GPUS"), startsAt: isoInstant(value.slice(at + 1)) };
}

/** Parses `ISO:line=n[,line=n]`, e.g. `2026-09-01:h100=8192,gb200=72`. */
export function parseAddTranche(value: string): Extract<AmendmentBody, { kind: "add_tranche" }> {
  const firstEquals = value.indexOf("=");
  const colon = firstEquals < 0 ? -1 : value.lastIndexOf(":", firstEquals);
  if (colon < 0) {
    throw new InvalidArgumentError(
      `must be ISO:LINE=GPUS[,LINE=GPUS], e.g. 2026-09-01:h100=8192 (got "${value}").`,
    );
  }
  const gpus: Record<string, number> = {};
  for (const pair of value.slice(colon + 1).split(",")) {
    const [line = "", n = "", extra] = pair.split("=");
    if (!line || !n || extra !== undefined || line in gpus) {
      throw new InvalidArgumentError(`each part must be LINE=GPUS with distinct lines (got "${pair}").`);
    }
    gpus[line] = count(n, `GPUS of ${line}`);
  }
  return { kind: "add_tranche", startsAt: isoInstant(value.slice(0, colon)), gpus };
}

export interface AmendFlags {
  upsize?: Extract<AmendmentBody, { kind: "upsize" }>;
  addTranche?: Extract<AmendmentBody, { kind: "add_tranche" }>;
  extend?: string;
  terminateEarly?: string;
}

/** The one amendment the flags describe; zero or several is a usage error. */
export function amendmentFromFlags(flags: AmendFlags): AmendmentBody {
  const given: AmendmentBody[] = [
    ...(flags.upsize ? [flags.upsize] : []),
    ...(flags.addTranche ? [flags.addTranche] : []),
    ...(flags.extend ? [{ kind: "extend" as const, endsAt: flags.extend }] : []),
    ...(flags.terminateEarly ? [{ kind: "terminate_early" as const, endsAt: flags.terminateEarly }] : []),
  ];
  const [only, ...rest] = given;
  if (!only || rest.length > 0) {
    throw new UsageError(
      `give exactly one of --upsize, --add-tranche, --extend or --terminate-early (got ${given.length})`,
    );
  }
  return only;
}
