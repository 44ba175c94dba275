import { describe, expect, it } from "vitest";
import {
  actorText,
  type EventFacts,
  eventSentence,
  instantText,
  type VersionFacts,
  versionSentence,
} from "./history-sentences.js";

const NAMES = {
  site: (id: string) => ({ site_1: "colossus-1" })[id] ?? id,
  node: (id: string) => ({ node_a: "h01-b001-r01-n1", node_b: "h01-b001-r02-n3" })[id] ?? id,
};
const AT = "2026-12-01T09:30:00.000Z";
const OPERATOR = "operator:bootstrap(key_01jd)";

const version = (kind: string, changes: VersionFacts["changes"] = [], n = 1): VersionFacts => ({
  version: n,
  kind,
  actor: OPERATOR,
  at: AT,
  reason: "",
  changes,
});
const event = (topic: string, payload: Record<string, unknown>): EventFacts => ({
  topic,
  createdAt: AT,
  payload,
});

describe("instantText and actorText", () => {
  it.each([
    ["2027-12-01T00:00:00.000Z", "1 Dec 2027"],
    ["2026-12-01T09:30:00.000Z", "1 Dec 2026 09:30 UTC"],
    ["not a date", "not a date"],
  ])("%s reads %s", (iso, expected) => expect(instantText(iso)).toBe(expected));

  it.each([
    [OPERATOR, "operator (bootstrap)"],
    ["operator", "operator"],
    ["tenant:lab-key(key_02)", "tenant (lab-key)"],
    ["system:clock", "the clock"],
  ])("%s reads %s", (actor, expected) => expect(actorText(actor)).toBe(expected));
});

describe("versionSentence", () => {
  it.each<[string, VersionFacts, string]>([
    ["create", version("create"), "Created as a draft by operator (bootstrap)"],
    [
      "reserve",
      version("reserve", [{ field: "siteId", from: null, to: "site_1" }]),
      "Reserved at colossus-1 by operator (bootstrap)",
    ],
    ["activate", { ...version("activate"), actor: "system:clock" }, "Active: the first tranche started"],
    [
      "extend",
      version("extend", [
        { field: "endsAt", from: "2027-12-01T00:00:00.000Z", to: "2028-03-01T00:00:00.000Z" },
      ]),
      "Extended by operator (bootstrap): end moved from 1 Dec 2027 to 1 Mar 2028",
    ],
    [
      "add_tranche",
      version("add_tranche", [
        { field: "lines.h100.gpuCount", from: 2048, to: 4096 },
        {
          field: "tranches.t2",
          from: null,
          to: { startsAt: "2027-01-01T00:00:00.000Z", gpusByLine: { h100: 2048 } },
        },
      ]),
      "Tranche added by operator (bootstrap): line h100 from 2,048 to 4,096 GPUs; tranche t2 added: 2,048 GPUs from 1 Jan 2027",
    ],
    [
      "cancel",
      version("cancel", [{ field: "status", from: "reserved", to: "cancelled" }]),
      "Cancelled by operator (bootstrap)",
    ],
  ])("%s", (_, v, expected) => expect(versionSentence(v, NAMES)).toBe(expected));
});

describe("eventSentence", () => {
  const versions = [
    version("create", [], 1),
    version("reserve", [{ field: "siteId", from: null, to: "site_1" }], 2),
  ];

  it.each<[string, EventFacts, string]>([
    [
      "lease.created",
      event("lease.created", { name: "rent-half" }),
      "Created as a draft by operator (bootstrap)",
    ],
    [
      "lease.reserved names the site and who reserved it",
      event("lease.reserved", { siteId: "site_1" }),
      "Reserved at colossus-1 by operator (bootstrap)",
    ],
    ["lease.activated", event("lease.activated", { at: AT }), "Active: the first tranche started"],
    [
      "tranche.activated",
      event("tranche.activated", {
        siteId: "site_1",
        tranche: "t1",
        line: "h100",
        gpuModel: "H100",
        gpus: 2048,
        pieces: [{}, {}],
      }),
      "Tranche t1 of 2,048 H100 started at colossus-1 across 2 blocks",
    ],
    [
      "lease.notice_given",
      event("lease.notice_given", { by: "operator", endsAt: "2027-03-01T00:00:00.000Z" }),
      "Notice given: ends 1 Mar 2027",
    ],
    ["lease.ended", event("lease.ended", { releasedNodes: 13750 }), "Ended; 13,750 nodes back to the house"],
    [
      "lease.shortfall_changed",
      event("lease.shortfall_changed", { gpuModel: "H100", missingGpus: 8 }),
      "Short of 8 H100 after node failures",
    ],
    [
      "a node replaced from the spare pool",
      event("allocation.node_replaced", {
        failedNodeId: "node_a",
        state: "failed",
        replacementNodeId: "node_b",
        level: "block",
        source: "spare",
        shortfallGpus: 0,
      }),
      "Node h01-b001-r01-n1 failed; replaced by h01-b001-r02-n3 from the spare pool in the same block",
    ],
    [
      "a node with no replacement",
      event("allocation.node_replaced", {
        failedNodeId: "node_a",
        state: "maintenance",
        replacementNodeId: null,
        level: null,
        source: null,
        shortfallGpus: 8,
      }),
      "Node h01-b001-r01-n1 went into maintenance; no replacement, the lease is short of 8 GPUs",
    ],
    ["an unknown topic reads as its topic", event("lease.unheard_of", {}), "lease.unheard_of"],
  ])("%s", (_, e, expected) => expect(eventSentence(e, versions, NAMES)).toBe(expected));

  it("an amendment names its version's actor and every change", () => {
    const amended = {
      ...version(
        "extend",
        [{ field: "endsAt", from: "2027-12-01T00:00:00.000Z", to: "2028-03-01T00:00:00.000Z" }],
        4,
      ),
      actor: "operator",
    };
    const e = event("lease.amended", { kind: "extend", version: 4, changes: amended.changes });
    expect(eventSentence(e, [...versions, amended], NAMES)).toBe(
      "Extended by operator: end moved from 1 Dec 2027 to 1 Mar 2028",
    );
  });
});
