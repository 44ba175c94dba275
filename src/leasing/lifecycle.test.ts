import { describe, expect, it } from "vitest";
import { LEASE_STATUSES, type Lease, type LeaseStatus } from "./lease.js";
import {
  allowedActions,
  applyTransition,
  dueTransition,
  earliestEndWithNotice,
  type LeaseAction,
  type Transition,
} from "./lifecycle.js";

const START = "2026-05-01T00:00:00.000Z";
const SECOND_TRANCHE = "2026-05-15T00:00:00.000Z";
const END = "2029-05-31T00:00:00.000Z";

function lease(status: LeaseStatus, changes: Partial<Lease> = {}): Lease {
  return {
    id: "lse_1",
    name: "rent-all",
    tenantId: "tnt_lab",
    siteIds: ["site_colossus"],
    lines: [
      { key: "h100", gpuModel: "H100", gpuCount: 16, price: { kind: "monthly_fee", microsPerMonth: 1n } },
    ],
    // Listed out of order: the lease starts at its earliest tranche, not its first listed one.
    tranches: [
      { key: "t2", startsAt: SECOND_TRANCHE, gpusByLine: { h100: 8 } },
      { key: "t1", startsAt: START, gpusByLine: { h100: 8 } },
    ],
    endsAt: END,
    noticePeriodDays: 90,
    rampDiscounts: [],
    commitment: null,
    sla: null,
    isolation: "site",
    placement: { policy: "packed" },
    status,
    siteId: status === "draft" ? null : "site_colossus",
    noticeGivenAt: null,
    version: 1,
    createdAt: "2026-04-01T00:00:00.000Z",
    ...changes,
  };
}

const reserve: Transition = { kind: "reserve", siteId: "site_colossus" };
const activate: Transition = { kind: "activate", at: START };
const giveNotice: Transition = { kind: "give_notice", at: "2026-06-01T00:00:00.000Z" };
const end: Transition = { kind: "end", at: END };
const cancel: Transition = { kind: "cancel" };

describe("applyTransition", () => {
  it.each<[LeaseStatus, Transition, LeaseStatus | "refused"]>([
    ["draft", reserve, "reserved"],
    ["draft", activate, "refused"],
    ["draft", giveNotice, "refused"],
    ["draft", end, "refused"],
    ["draft", cancel, "cancelled"],
    ["reserved", reserve, "refused"],
    ["reserved", activate, "active"],
    ["reserved", giveNotice, "ending"],
    ["reserved", end, "ended"],
    ["reserved", cancel, "cancelled"],
    ["active", reserve, "refused"],
    ["active", activate, "refused"],
    ["active", giveNotice, "ending"],
    ["active", end, "ended"],
    ["active", cancel, "refused"],
    ["ending", reserve, "refused"],
    ["ending", activate, "refused"],
    ["ending", giveNotice, "refused"],
    ["ending", end, "ended"],
    ["ending", cancel, "refused"],
    ["ended", reserve, "refused"],
    ["ended", activate, "refused"],
    ["ended", giveNotice, "refused"],
    ["ended", end, "refused"],
    ["ended", cancel, "refused"],
    ["cancelled", reserve, "refused"],
    ["cancelled", activate, "refused"],
    ["cancelled", giveNotice, "refused"],
    ["cancelled", end, "refused"],
    ["cancelled", cancel, "refused"],
  ])("a %s lease given %o becomes %s", (from, t, to) => {
    const result = applyTransition(lease(from), t);
    if (to === "refused") {
      expect(result).toMatchObject({ ok: false, reason: "INVALID_TRANSITION" });
      expect(result.ok ? "" : result.message).toContain(`a lease that is ${from}`);
    } else {
      expect(result).toMatchObject({ ok: true, lease: { status: to } });
    }
  });

  it("says which states a refused transition is allowed from", () => {
    expect(applyTransition(lease("active"), cancel)).toEqual({
      ok: false,
      reason: "INVALID_TRANSITION",
      message: "cannot cancel a lease that is active (allowed from draft, reserved)",
    });
  });

  it("says notice cannot be given on a lease that has ended, in plain words", () => {
    expect(applyTransition(lease("ended"), giveNotice)).toEqual({
      ok: false,
      reason: "INVALID_TRANSITION",
      message: "cannot give notice on a lease that is ended (allowed from reserved, active)",
    });
  });

  it("records the site a lease is reserved at", () => {
    const result = applyTransition(lease("draft"), { kind: "reserve", siteId: "site_other" });
    expect(result.ok && result.lease.siteId).toBe("site_other");
  });

  it("refuses to activate a lease before its first tranche starts, naming the start", () => {
    expect(applyTransition(lease("reserved"), { kind: "activate", at: "2026-04-30T23:59:59.999Z" })).toEqual({
      ok: false,
      reason: "INVALID_TRANSITION",
      message: `the lease starts at ${START}, not before`,
    });
  });

  it("gives notice ending the lease exactly one notice period later by default", () => {
    const result = applyTransition(lease("active"), { kind: "give_notice", at: "2026-06-01T00:00:00.000Z" });
    expect(result).toMatchObject({
      ok: true,
      lease: {
        status: "ending",
        noticeGivenAt: "2026-06-01T00:00:00.000Z",
        endsAt: "2026-08-30T00:00:00.000Z",
      },
    });
  });

  it("accepts notice asking for an end later than the notice period", () => {
    const result = applyTransition(lease("active"), {
      kind: "give_notice",
      at: "2026-06-01T00:00:00.000Z",
      endsAt: "2026-12-01T00:00:00.000Z",
    });
    expect(result.ok && result.lease.endsAt).toBe("2026-12-01T00:00:00.000Z");
  });

  it("refuses notice that is too short, with the earliest possible end in the message", () => {
    const result = applyTransition(lease("active"), {
      kind: "give_notice",
      at: "2026-06-01T00:00:00.000Z",
      endsAt: "2026-08-29T23:59:59.999Z",
    });
    expect(result).toMatchObject({
      ok: false,
      reason: "NOTICE_TOO_SHORT",
      issue: { field: "endsAt", bound: ">= 2026-08-30T00:00:00.000Z" },
    });
    expect(result.ok ? "" : result.message).toContain("2026-08-30T00:00:00.000Z at the earliest");
  });

  it("compares a requested end written with an offset as the instant it names", () => {
    // 01:00 at +02:00 is 23:00 UTC the day before the earliest end.
    const tooShort = applyTransition(lease("active"), {
      kind: "give_notice",
      at: "2026-06-01T00:00:00.000Z",
      endsAt: "2026-08-30T01:00:00+02:00",
    });
    expect(tooShort).toMatchObject({ ok: false, reason: "NOTICE_TOO_SHORT" });
    const fine = applyTransition(lease("active"), {
      kind: "give_notice",
      at: "2026-06-01T00:00:00.000Z",
      endsAt: "2026-12-01T00:00:00Z",
    });
    expect(fine.ok && fine.lease.endsAt).toBe("2026-12-01T00:00:00.000Z");
  });

  it("ends at the lease's own end when the default notice period runs past it", () => {
    const nearEnd = applyTransition(lease("active"), { kind: "give_notice", at: "2029-04-01T00:00:00.000Z" });
    expect(nearEnd.ok && nearEnd.lease.endsAt).toBe(END);
  });

  it("refuses notice asking for an end after the lease's own end, naming that end as the bound", () => {
    const message = `notice cannot move the end later: endsAt must be at most the lease's end ${END} (got 2030-01-01T00:00:00.000Z)`;
    expect(
      applyTransition(lease("active"), {
        kind: "give_notice",
        at: "2026-06-01T00:00:00.000Z",
        endsAt: "2030-01-01T00:00:00Z",
      }),
    ).toEqual({
      ok: false,
      reason: "VALIDATION_FAILED",
      message,
      issue: { field: "endsAt", message, bound: `<= ${END}` },
    });
  });

  it("accepts notice asking for exactly the lease's own end", () => {
    const result = applyTransition(lease("active"), {
      kind: "give_notice",
      at: "2026-06-01T00:00:00.000Z",
      endsAt: END,
    });
    expect(result).toMatchObject({ ok: true, lease: { status: "ending", endsAt: END } });
  });

  it("ending a lease early records when it actually ended", () => {
    const result = applyTransition(lease("ending"), { kind: "end", at: "2026-08-30T00:00:00.000Z" });
    expect(result).toMatchObject({
      ok: true,
      lease: { status: "ended", endsAt: "2026-08-30T00:00:00.000Z" },
    });
  });

  it("does not change the lease it was given", () => {
    const before = lease("active");
    const copy = structuredClone(before);
    applyTransition(before, giveNotice);
    expect(before).toEqual(copy);
  });
});

describe("earliestEndWithNotice", () => {
  it.each([
    [90, "2026-06-01T00:00:00.000Z", "2026-08-30T00:00:00.000Z"],
    [0, "2026-06-01T12:34:56.789Z", "2026-06-01T12:34:56.789Z"],
    [30, "2027-02-15T00:00:00.000Z", "2027-03-17T00:00:00.000Z"],
    [1, "2028-02-28T06:00:00.000Z", "2028-02-29T06:00:00.000Z"],
  ])("with %i days' notice given at %s the lease can end at %s", (noticePeriodDays, at, earliest) => {
    expect(earliestEndWithNotice({ noticePeriodDays }, at)).toBe(earliest);
  });
});

describe("dueTransition", () => {
  it.each<[string, LeaseStatus, string, Transition | undefined]>([
    ["a reserved lease before its first tranche", "reserved", "2026-04-30T23:59:59.999Z", undefined],
    ["a reserved lease at its first tranche", "reserved", START, { kind: "activate", at: START }],
    [
      "a reserved lease after its first tranche",
      "reserved",
      "2026-06-01T00:00:00.000Z",
      { kind: "activate", at: START },
    ],
    [
      "a reserved lease whose whole term has passed",
      "reserved",
      "2030-01-01T00:00:00.000Z",
      { kind: "end", at: END },
    ],
    ["an active lease before its end", "active", "2029-05-30T23:59:59.999Z", undefined],
    ["an active lease at its end", "active", END, { kind: "end", at: END }],
    ["an active lease after its end", "active", "2030-01-01T00:00:00.000Z", { kind: "end", at: END }],
    ["an ending lease at its end", "ending", END, { kind: "end", at: END }],
    ["a draft after its start", "draft", "2026-06-01T00:00:00.000Z", undefined],
    ["a draft after its end", "draft", "2030-01-01T00:00:00.000Z", undefined],
    ["an ended lease", "ended", "2030-01-01T00:00:00.000Z", undefined],
    ["a cancelled lease", "cancelled", "2030-01-01T00:00:00.000Z", undefined],
  ])("for %s (%s) at %s is %o", (_name, status, now, due) => {
    expect(dueTransition(lease(status), now)).toEqual(due);
  });

  it("ends a lease given notice at the end the notice set", () => {
    const given = applyTransition(lease("active"), giveNotice);
    if (!given.ok) throw new Error(given.message);
    expect(dueTransition(given.lease, "2026-08-29T23:59:59.999Z")).toBeUndefined();
    const due = dueTransition(given.lease, "2026-08-30T00:00:00.000Z");
    expect(due).toEqual({ kind: "end", at: "2026-08-30T00:00:00.000Z" });
    const ended = due && applyTransition(given.lease, due);
    expect(ended).toMatchObject({ ok: true, lease: { status: "ended", endsAt: "2026-08-30T00:00:00.000Z" } });
  });

  it("a due activation is one applyTransition accepts", () => {
    const due = dueTransition(lease("reserved"), "2026-06-01T00:00:00.000Z");
    expect(due && applyTransition(lease("reserved"), due)).toMatchObject({
      ok: true,
      lease: { status: "active" },
    });
  });
});

describe("allowedActions", () => {
  it.each<[LeaseStatus, string[], string[]]>([
    ["draft", ["reserve", "amend", "cancel"], []],
    ["reserved", ["amend", "give_notice", "cancel"], ["give_notice"]],
    ["active", ["amend", "give_notice"], ["give_notice"]],
    ["ending", ["amend"], []],
    ["ended", [], []],
    ["cancelled", [], []],
  ])("offers an operator %s lease %j and its tenant %j", (status, operator, tenant) => {
    expect(allowedActions(status, "operator")).toEqual(operator);
    expect(allowedActions(status, "tenant")).toEqual(tenant);
  });

  it.each<[LeaseAction, Transition]>([
    ["reserve", reserve],
    ["give_notice", giveNotice],
    ["cancel", cancel],
  ])("offers %s exactly where the lifecycle accepts it", (action, transition) => {
    for (const status of LEASE_STATUSES) {
      const refused = applyTransition(lease(status), transition);
      const invalid = !refused.ok && refused.reason === "INVALID_TRANSITION";
      expect(allowedActions(status, "operator").includes(action), status).toBe(!invalid);
    }
  });
});
