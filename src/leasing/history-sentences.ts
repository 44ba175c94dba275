/**
 * A lease's history in words: each version ("Reserved at colossus-1 by operator (bootstrap)") and
 * each outbox event ("Tranche t1 of 2,048 H100 started at colossus-1") as one sentence a person
 * reads, from the recorded fields. Ids are named through `HistoryNames`.
 * @module
 */

/** Names for the ids the history records; an unknown id stays as it is. */
export interface HistoryNames {
  site(id: string): string;
  node(id: string): string;
}

export interface VersionFacts {
  version: number;
  kind: string;
  actor: string;
  at: string;
  reason: string;
  changes: ReadonlyArray<{ field: string; from: unknown; to: unknown }>;
}

export interface EventFacts {
  topic: string;
  createdAt: string;
  payload: Record<string, unknown>;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "1 Dec 2027", with the time ("1 Dec 2027 14:30 UTC") unless it is midnight UTC. */
export function instantText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  const hh = String(d.getUTCHours()).padStart(2, "0");
  const mm = String(d.getUTCMinutes()).padStart(2, "0");
  return hh === "00" && mm === "00" && d.getUTCSeconds() === 0 ? day : `${day} ${hh}:${mm} UTC`;
}

/** "operator:ops(key_…)" → "operator (ops)"; "operator" as a tenant sees it stays; "system:clock" → "the clock". */
export function actorText(actor: string): string {
  const key = /^(operator|tenant):([^()]*)\(/.exec(actor);
  if (key) return key[2] ? `${key[1]} (${key[2]})` : (key[1] ?? actor);
  if (actor === "system:clock") return "the clock";
  return actor.replace(/^system:/, "");
}

const count = (n: unknown) => (typeof n === "number" ? n.toLocaleString("en-US") : String(n));
const text = (v: unknown) => (typeof v === "string" ? v : "");

function valueText(v: unknown): string {
  if (typeof v === "string" && /^\d{4}-\d\d-\d\dT/.test(v)) return instantText(v);
  if (typeof v === "number") return count(v);
  if (v === null || v === undefined) return "none";
  if (typeof v === "object" && "startsAt" in v && "gpusByLine" in v) {
    const gpus = Object.values(v.gpusByLine as Record<string, number>).reduce((s, n) => s + n, 0);
    return `${count(gpus)} GPUs from ${instantText(text(v.startsAt))}`;
  }
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** One change in words: "end moved from 1 Dec 2027 to 1 Mar 2028". */
export function changeSentence(change: VersionFacts["changes"][number], names: HistoryNames): string {
  const { field, from, to } = change;
  if (field === "endsAt") return `end moved from ${valueText(from)} to ${valueText(to)}`;
  if (field === "siteId") return `placed at ${names.site(text(to))}`;
  if (field === "status") return `status ${valueText(from)} → ${valueText(to)}`;
  if (field === "tranches") return `tranches ${valueText(from)} → ${valueText(to)}`;
  const tranche = /^tranches\.(.+)$/.exec(field);
  if (tranche) return `tranche ${tranche[1]} added: ${valueText(to)}`;
  const line = /^lines\.(.+)\.gpuCount$/.exec(field);
  if (line) return `line ${line[1]} from ${valueText(from)} to ${valueText(to)} GPUs`;
  return `${field} from ${valueText(from)} to ${valueText(to)}`;
}

const KIND_VERBS: Record<string, string> = {
  create: "Created as a draft",
  activate: "Active",
  end: "Ended",
  notice: "Notice given",
  cancel: "Cancelled",
  extend: "Extended",
  terminate_early: "Terminated early",
  upsize: "Upsized",
  add_tranche: "Tranche added",
};

/** A version as a sentence: what happened, where, by whom, and what it changed. */
export function versionSentence(v: VersionFacts, names: HistoryNames): string {
  const by = ` by ${actorText(v.actor)}`;
  if (v.kind === "reserve") {
    const site = v.changes.find((c) => c.field === "siteId");
    return `Reserved${site ? ` at ${names.site(text(site.to))}` : ""}${by}`;
  }
  if (v.kind === "activate") return `Active: the first tranche started`;
  if (v.kind === "end") return `Ended: ${v.reason}`;
  const verb = KIND_VERBS[v.kind] ?? `Amended (${v.kind})`;
  const changes = v.changes.filter((c) => c.field !== "status").map((c) => changeSentence(c, names));
  return `${verb}${by}${changes.length ? `: ${changes.join("; ")}` : ""}`;
}

/** The version an event was written with: the amendment it names, else the same kind at the same moment. */
const TOPIC_KINDS: Record<string, string> = {
  "lease.created": "create",
  "lease.reserved": "reserve",
  "lease.notice_given": "notice",
  "lease.cancelled": "cancel",
};

function versionOf(event: EventFacts, versions: readonly VersionFacts[]): VersionFacts | undefined {
  const number = event.payload.version;
  if (typeof number === "number") return versions.find((v) => v.version === number);
  const kind = TOPIC_KINDS[event.topic];
  const at = Date.parse(event.createdAt);
  return kind ? versions.find((v) => v.kind === kind && Date.parse(v.at) === at) : undefined;
}

const LEFT_SERVICE: Record<string, string> = {
  failed: "failed",
  degraded: "was degraded",
  maintenance: "went into maintenance",
};

const SOURCES: Record<string, string> = { spare: " from the spare pool", house: " from house work" };

/** An outbox event as a sentence, naming the actor from the version written with it when there is one. */
export function eventSentence(
  event: EventFacts,
  versions: readonly VersionFacts[],
  names: HistoryNames,
): string {
  const p = event.payload;
  const version = versionOf(event, versions);
  const by = version ? ` by ${actorText(version.actor)}` : "";
  switch (event.topic) {
    case "lease.created":
      return `Created as a draft${by}`;
    case "lease.reserved":
      return `Reserved at ${names.site(text(p.siteId))}${by}`;
    case "lease.activated":
      return "Active: the first tranche started";
    case "lease.amended": {
      const kind = text(p.kind);
      const verb = kind === "upsize" || kind === "add_tranche" ? "Amended" : (KIND_VERBS[kind] ?? "Amended");
      const changes = Array.isArray(p.changes)
        ? (p.changes as VersionFacts["changes"]).map((c) => changeSentence(c, names))
        : [];
      return `${verb}${by}${changes.length ? `: ${changes.join("; ")}` : ""}`;
    }
    case "lease.notice_given":
      return `Notice given${by}: ends ${instantText(text(p.endsAt))}`;
    case "lease.cancelled":
      return `Cancelled${by}${text(p.reason) ? `: ${text(p.reason)}` : ""}`;
    case "lease.ended":
      return `Ended; ${count(p.releasedNodes)} nodes back to the house`;
    case "lease.shortfall_changed":
      return p.missingGpus === 0
        ? `No longer short of ${text(p.gpuModel)}`
        : `Short of ${count(p.missingGpus)} ${text(p.gpuModel)} after node failures`;
    case "tranche.activated": {
      const site = text(p.siteId) ? ` at ${names.site(text(p.siteId))}` : "";
      const blocks = Array.isArray(p.pieces) ? p.pieces.length : 0;
      const across = blocks > 0 ? ` across ${count(blocks)} block${blocks === 1 ? "" : "s"}` : "";
      return `Tranche ${text(p.tranche)} of ${count(p.gpus)} ${text(p.gpuModel)} started${site}${across}`;
    }
    case "tranche.unplaced":
      return `Tranche ${text(p.tranche)} could not be placed: ${text(p.message) || text(p.reason)}`;
    case "allocation.node_replaced": {
      const failed = `Node ${names.node(text(p.failedNodeId))} ${LEFT_SERVICE[text(p.state)] ?? "left service"}`;
      if (typeof p.replacementNodeId === "string") {
        const from = SOURCES[text(p.source)] ?? "";
        const within = text(p.level) ? ` in the same ${text(p.level)}` : "";
        return `${failed}; replaced by ${names.node(p.replacementNodeId)}${from}${within}`;
      }
      return `${failed}; no replacement, the lease is short of ${count(p.shortfallGpus)} GPUs`;
    }
    default:
      return event.topic;
  }
}
