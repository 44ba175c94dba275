/**
 * Amendments: the only way a signed lease changes. Upsize a line (a new tranche delivering more
 * GPUs), add a tranche of a new line, extend the term, or terminate early with notice. Each is
 * applied purely and yields the new terms plus a readable diff for the lease's history.
 * @module
 */
import type { GpuCatalogue } from "../fleet/gpu-model.js";
import { type LeaseLine, type LeaseTerms, leaseStartsAt } from "./lease.js";
import { latestEndOfTerm, MAX_TERM_YEARS } from "./lease-term.js";

export type Amendment =
  | { kind: "upsize"; line: string; gpus: number; startsAt: string }
  | { kind: "add_tranche"; startsAt: string; gpusByLine: Record<string, number>; newLines?: LeaseLine[] }
  | { kind: "extend"; endsAt: string }
  | { kind: "terminate_early"; endsAt: string };

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export type AmendmentResult =
  | { ok: true; terms: LeaseTerms; changes: FieldChange[] }
  | { ok: false; field: string; message: string; bound?: string };

function refuse(field: string, message: string, bound?: string): AmendmentResult {
  return { ok: false, field, message, ...(bound ? { bound } : {}) };
}

/**
 * Applies an amendment effective no earlier than `now`: new tranches cannot start in the past,
 * the term cannot end before now, and an extension keeps it within MAX_TERM_YEARS of its start.
 */
export function applyAmendment(
  terms: LeaseTerms,
  a: Amendment,
  now: string,
  catalogue: GpuCatalogue,
): AmendmentResult {
  switch (a.kind) {
    case "upsize": {
      const line = terms.lines.find((l) => l.key === a.line);
      if (!line)
        return refuse(
          "line",
          `no line ${a.line} in this lease`,
          `one of ${terms.lines.map((l) => l.key).join("|")}`,
        );
      return applyAmendment(
        terms,
        { kind: "add_tranche", startsAt: a.startsAt, gpusByLine: { [a.line]: a.gpus } },
        now,
        catalogue,
      );
    }
    case "add_tranche": {
      const startsAt = new Date(a.startsAt).toISOString();
      if (startsAt < now)
        return refuse(
          "startsAt",
          `a new tranche cannot start in the past (${startsAt} < ${now})`,
          `>= ${now}`,
        );
      if (startsAt >= terms.endsAt)
        return refuse(
          "startsAt",
          `a new tranche must start before the lease ends at ${terms.endsAt}`,
          `< ${terms.endsAt}`,
        );
      if (terms.tranches.some((t) => t.startsAt === startsAt)) {
        return refuse(
          "startsAt",
          `a tranche already starts at ${startsAt}; tranches may not overlap`,
          "distinct start times",
        );
      }
      const taken = terms.lines.find((l) => a.newLines?.some((n) => n.key === l.key));
      if (taken)
        return refuse(`newLines.${taken.key}`, `the lease already has a line ${taken.key}`, "unique");
      for (const line of a.newLines ?? []) {
        if (!catalogue.has(line.gpuModel)) {
          return refuse(
            `newLines.${line.key}.gpuModel`,
            `unknown GPU model ${line.gpuModel}`,
            `one of ${[...catalogue.keys()].join("|")}`,
          );
        }
        if (!a.gpusByLine[line.key]) {
          return refuse(
            `newLines.${line.key}`,
            `new line ${line.key} must be delivered by this tranche`,
            "gpus for every new line",
          );
        }
      }
      // A new line starts empty; its tranche delivers it.
      const nextLines = [...terms.lines, ...(a.newLines ?? []).map((l) => ({ ...l, gpuCount: 0 }))].map(
        (l) => ({ ...l }),
      );
      const lines = nextLines;
      const changes: FieldChange[] = [];
      for (const [key, gpus] of Object.entries(a.gpusByLine)) {
        const line = nextLines.find((l) => l.key === key);
        if (!line)
          return refuse(`gpusByLine.${key}`, `no line ${key}`, `one of ${lines.map((l) => l.key).join("|")}`);
        const size = catalogue.get(line.gpuModel)?.gpusPerNode;
        if (!size) return refuse(`gpusByLine.${key}`, `unknown GPU model ${line.gpuModel}`);
        if (!Number.isInteger(gpus) || gpus <= 0 || gpus % size !== 0) {
          return refuse(
            `gpusByLine.${key}`,
            `gpus must be a positive multiple of ${size} for ${line.gpuModel} (got ${gpus})`,
            `multiple of ${size}`,
          );
        }
        const before = line.gpuCount;
        line.gpuCount = before + gpus;
        changes.push({ field: `lines.${key}.gpuCount`, from: before, to: line.gpuCount });
      }
      // The first free `tN`: after terminate_early drops tranches, `t${length + 1}` may still be in use.
      const used = new Set(terms.tranches.map((t) => t.key));
      let n = terms.tranches.length + 1;
      while (used.has(`t${n}`)) n++;
      const key = `t${n}`;
      changes.push({ field: `tranches.${key}`, from: null, to: { startsAt, gpusByLine: a.gpusByLine } });
      const tranches = [...terms.tranches, { key, startsAt, gpusByLine: a.gpusByLine }].sort((x, y) =>
        x.startsAt.localeCompare(y.startsAt),
      );
      return { ok: true, terms: { ...terms, lines: nextLines, tranches }, changes };
    }
    case "extend": {
      const endsAt = new Date(a.endsAt).toISOString();
      if (endsAt <= terms.endsAt)
        return refuse(
          "endsAt",
          `extend needs a later end than ${terms.endsAt} (got ${endsAt})`,
          `> ${terms.endsAt}`,
        );
      const startsAt = leaseStartsAt(terms);
      const latest = startsAt ? latestEndOfTerm(startsAt) : undefined;
      if (latest && endsAt > latest)
        return refuse(
          "endsAt",
          `the term can run at most ${MAX_TERM_YEARS} years from the start ${startsAt}, to ${latest} (got ${endsAt})`,
          `<= ${latest}`,
        );
      return {
        ok: true,
        terms: { ...terms, endsAt },
        changes: [{ field: "endsAt", from: terms.endsAt, to: endsAt }],
      };
    }
    case "terminate_early": {
      const endsAt = new Date(a.endsAt).toISOString();
      const earliest = new Date(Date.parse(now) + terms.noticePeriodDays * 86_400_000).toISOString();
      if (endsAt < earliest) {
        return refuse(
          "endsAt",
          `with ${terms.noticePeriodDays} days' notice the lease can end at ${earliest} at the earliest (got ${endsAt})`,
          `>= ${earliest}`,
        );
      }
      if (endsAt >= terms.endsAt)
        return refuse(
          "endsAt",
          `terminate early needs an end before ${terms.endsAt} (got ${endsAt})`,
          `< ${terms.endsAt}`,
        );
      // Tranches that would start after the new end are dropped, and the lines shrink with them.
      const tranches = terms.tranches.filter((t) => t.startsAt < endsAt);
      const firstStart = [...terms.tranches].map((t) => t.startsAt).sort()[0];
      if (tranches.length === 0 && firstStart !== undefined)
        return refuse(
          "endsAt",
          `the lease would end before its first tranche starts at ${firstStart}; cancel it instead (got ${endsAt})`,
          `> ${firstStart}`,
        );
      const lines = terms.lines.map((l) => ({
        ...l,
        gpuCount: tranches.reduce((n, t) => n + (t.gpusByLine[l.key] ?? 0), 0),
      }));
      const changes: FieldChange[] = [{ field: "endsAt", from: terms.endsAt, to: endsAt }];
      if (tranches.length !== terms.tranches.length)
        changes.push({ field: "tranches", from: terms.tranches.length, to: tranches.length });
      return { ok: true, terms: { ...terms, endsAt, tranches, lines }, changes };
    }
  }
}
