/**
 * The lease lifecycle: draft → reserved (capacity held) → active (from the first tranche) →
 * ending (notice given) → ended; or cancelled before it starts. Each transition is a pure function
 * that answers with the next lease or a refusal saying why.
 * @module
 */
import type { FieldIssue } from "../shared/errors.js";
import type { Lease, LeaseStatus } from "./lease.js";
import { HOLDING_STATUSES, holdsCapacity, leaseStartsAt } from "./lease.js";

export type Transition =
  | { kind: "reserve"; siteId: string }
  | { kind: "activate"; at: string }
  | { kind: "give_notice"; at: string; endsAt?: string }
  | { kind: "end"; at: string }
  | { kind: "cancel" };

export type TransitionResult =
  | { ok: true; lease: Lease }
  | {
      ok: false;
      reason: "INVALID_TRANSITION" | "NOTICE_TOO_SHORT" | "VALIDATION_FAILED";
      message: string;
      /** The input field that broke a bound, when the refusal is about one. */
      issue?: FieldIssue;
    };

const ALLOWED: Record<Transition["kind"], readonly LeaseStatus[]> = {
  reserve: ["draft"],
  activate: ["reserved"],
  give_notice: ["reserved", "active"],
  end: HOLDING_STATUSES,
  cancel: ["draft", "reserved"],
};

/** Each transition as a phrase that reads "cannot … a lease that is ended". */
const VERB: Record<Transition["kind"], string> = {
  reserve: "reserve",
  activate: "activate",
  give_notice: "give notice on",
  end: "end",
  cancel: "cancel",
};

const DAY_MS = 86_400_000;

/** The earliest a lease may end if notice is given at `at`. */
export function earliestEndWithNotice(lease: Pick<Lease, "noticePeriodDays">, at: string): string {
  return new Date(Date.parse(at) + lease.noticePeriodDays * DAY_MS).toISOString();
}

export function applyTransition(lease: Lease, t: Transition): TransitionResult {
  if (!ALLOWED[t.kind].includes(lease.status)) {
    return {
      ok: false,
      reason: "INVALID_TRANSITION",
      message: `cannot ${VERB[t.kind]} a lease that is ${lease.status} (allowed from ${ALLOWED[t.kind].join(", ")})`,
    };
  }
  switch (t.kind) {
    case "reserve":
      return { ok: true, lease: { ...lease, status: "reserved", siteId: t.siteId } };
    case "activate":
      if (t.at < leaseStartsAt(lease)) {
        return {
          ok: false,
          reason: "INVALID_TRANSITION",
          message: `the lease starts at ${leaseStartsAt(lease)}, not before`,
        };
      }
      return { ok: true, lease: { ...lease, status: "active" } };
    case "give_notice": {
      const earliest = earliestEndWithNotice(lease, t.at);
      // Normalised so the string comparisons below compare instants, as amendments do.
      const wanted = t.endsAt === undefined ? earliest : new Date(t.endsAt).toISOString();
      if (t.endsAt !== undefined && wanted > lease.endsAt) {
        const message = `notice cannot move the end later: endsAt must be at most the lease's end ${lease.endsAt} (got ${wanted})`;
        return {
          ok: false,
          reason: "VALIDATION_FAILED",
          message,
          issue: { field: "endsAt", message, bound: `<= ${lease.endsAt}` },
        };
      }
      if (wanted < earliest) {
        const message = `with ${lease.noticePeriodDays} days' notice given at ${t.at} the lease can end at ${earliest} at the earliest (asked ${wanted})`;
        return {
          ok: false,
          reason: "NOTICE_TOO_SHORT",
          message,
          issue: { field: "endsAt", message, bound: `>= ${earliest}` },
        };
      }
      // biome-ignore lint/complexity/useMathMinMax: ISO instants compare as strings; Math.min would give NaN
      const endsAt = wanted < lease.endsAt ? wanted : lease.endsAt;
      return { ok: true, lease: { ...lease, status: "ending", noticeGivenAt: t.at, endsAt } };
    }
    case "end": {
      // biome-ignore lint/complexity/useMathMinMax: ISO instants compare as strings; Math.min would give NaN
      const endsAt = t.at < lease.endsAt ? t.at : lease.endsAt;
      return { ok: true, lease: { ...lease, status: "ended", endsAt } };
    }
    case "cancel":
      return { ok: true, lease: { ...lease, status: "cancelled" } };
  }
}

/** The time-driven transitions due at `now`: a reserved lease activates, a lease past its end ends. */
export function dueTransition(lease: Lease, now: string): Transition | undefined {
  if (holdsCapacity(lease.status) && now >= lease.endsAt) {
    return { kind: "end", at: lease.endsAt };
  }
  if (lease.status === "reserved" && now >= leaseStartsAt(lease))
    return { kind: "activate", at: leaseStartsAt(lease) };
  return undefined;
}

/** What a caller can ask of a lease: the lifecycle's requests and amendments. */
export const LEASE_ACTIONS = ["reserve", "amend", "give_notice", "cancel"] as const;
export type LeaseAction = (typeof LEASE_ACTIONS)[number];

/** Amendments change a lease until it is over. */
const AMENDABLE: readonly LeaseStatus[] = ["draft", "reserved", "active", "ending"];

/** A tenant may only give notice on its own lease; every other change is the operator's. */
const BY_ROLE: Record<"operator" | "tenant", readonly LeaseAction[]> = {
  operator: LEASE_ACTIONS,
  tenant: ["give_notice"],
};

/**
 * The actions a caller in `role` may take on a lease in `status` now, in LEASE_ACTIONS order.
 * Clients offer exactly these; the server still checks each request when it comes.
 */
export function allowedActions(status: LeaseStatus, role: string): LeaseAction[] {
  if (role !== "operator" && role !== "tenant") return [];
  const fits: Record<LeaseAction, boolean> = {
    reserve: ALLOWED.reserve.includes(status),
    amend: AMENDABLE.includes(status),
    give_notice: ALLOWED.give_notice.includes(status),
    cancel: ALLOWED.cancel.includes(status),
  };
  return LEASE_ACTIONS.filter((action) => fits[action] && BY_ROLE[role].includes(action));
}
