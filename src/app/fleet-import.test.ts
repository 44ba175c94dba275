import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import type { FleetDocumentInput } from "../fleet/fleet-document.js";
import { LeaseholdError } from "../shared/errors.js";
import type { Database, SqlClient } from "../store/sql-client.js";
import { systemClock } from "./clock.js";
import { FleetImports, type ImportOptions, type ImportProgress } from "./fleet-import.js";

const importFleet = (db: SqlClient, raw: unknown, options: ImportOptions) =>
  new FleetImports(db, systemClock).import(raw, options);

type SiteInput = FleetDocumentInput["sites"][number];

/** A site of `nodes` H100 nodes, 8 per rack. */
function site(name: string, nodes: number, extra: Partial<SiteInput> = {}): SiteInput {
  return {
    name,
    pue: 1.2,
    electricityUsdPerMwh: "67.00",
    powerSources: [{ kind: "grid", installedMw: 50, permittedMw: 50 }],
    topologyLevels: ["hall", "rack", "node"],
    nodes: Array.from({ length: nodes }, (_, i) => ({
      name: `n${i}`,
      path: `hall-1/rack-${Math.floor(i / 8)}`,
      gpuModel: "H100",
      gpuCount: 8,
    })),
    ...extra,
  };
}

interface Counts {
  sites: number;
  nodes: number;
  audit: number;
  gpuModels: number;
}

async function counts(db: SqlClient): Promise<Counts> {
  const [row] = await db.query<Counts>(
    `SELECT (SELECT count(*)::int FROM sites) AS sites, (SELECT count(*)::int FROM nodes) AS nodes,
       (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM gpu_models) AS "gpuModels"`,
  );
  if (!row) throw new Error("no counts");
  return row;
}

async function refusal(work: Promise<unknown>): Promise<LeaseholdError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof LeaseholdError) return error;
    throw error;
  }
  throw new Error("expected the import to be refused");
}

/** A client whose `nth` statement matching `pattern` fails, as a dropped connection or full disk would. */
function failingOn(db: SqlClient, pattern: RegExp, nth: number): SqlClient {
  let seen = 0;
  const wrap = (client: SqlClient): SqlClient => ({
    dialect: client.dialect,
    async query<T extends object>(text: string, params?: readonly unknown[]): Promise<T[]> {
      if (pattern.test(text) && ++seen === nth) throw new Error("injected write failure");
      return client.query<T>(text, params);
    },
    exec: (script) => client.exec(script),
    transaction: (work) => client.transaction((tx) => work(wrap(tx))),
  });
  return wrap(db);
}

const options = { replace: false, actor: "operator:test" };

describe.each(storeBackends())("FleetImports on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => db.close());

  it("writes every site, its nodes and one audit entry per site", async () => {
    const before = await counts(db);
    const result = await importFleet(db, { sites: [site("alpha", 40), site("beta", 9)] }, options);
    expect(result.nodes).toBe(49);
    expect(result.gpus).toBe(392);
    expect(result.sites.map((s) => [s.name, s.nodes, s.gpus, s.replaced])).toEqual([
      ["alpha", 40, 320, false],
      ["beta", 9, 72, false],
    ]);
    expect(await counts(db)).toEqual({
      ...before,
      sites: before.sites + 2,
      nodes: before.nodes + 49,
      audit: before.audit + 2,
    });
    const audit = await db.query<{ action: string; subject: string; actor: string }>(
      "SELECT action, subject, actor FROM audit_log ORDER BY id DESC LIMIT 2",
    );
    expect(audit.map((a) => a.subject).sort()).toEqual(result.sites.map((s) => s.id).sort());
    expect(audit.every((a) => a.action === "site.imported" && a.actor === "operator:test")).toBe(true);
  });

  it("changes nothing when one node among hundreds is bad, and names that node", async () => {
    const before = await counts(db);
    const bad = site("gamma", 600);
    const nodes = bad.nodes ?? [];
    nodes[317] = { name: "n317", path: "hall-1/rack-39", gpuModel: "H100", gpuCount: 9 };
    const error = await refusal(importFleet(db, { sites: [site("delta", 10), bad] }, options));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.issues).toEqual([
      expect.objectContaining({ field: "sites[1].nodes[317].gpuCount", bound: "<= 8" }),
    ]);
    expect(await counts(db)).toEqual(before);
  });

  it("refuses a site that already exists without replace, even after writing a new one", async () => {
    const before = await counts(db);
    const error = await refusal(importFleet(db, { sites: [site("epsilon", 5), site("alpha", 3)] }, options));
    expect(error.code).toBe("SITE_EXISTS");
    expect(error.issues[0]?.field).toBe("sites[1].name");
    expect(await counts(db)).toEqual(before);
  });

  it("replaces an existing site and its nodes when asked to", async () => {
    const before = await counts(db);
    const result = await importFleet(
      db,
      { sites: [site("alpha", 3, { pue: 1.5 })] },
      { ...options, replace: true },
    );
    expect(result.sites[0]?.replaced).toBe(true);
    const rows = await db.query<{ nodes: number; pue: number }>(
      "SELECT count(n.id)::int AS nodes, s.pue FROM sites s LEFT JOIN nodes n ON n.site_id = s.id WHERE s.name = 'alpha' GROUP BY s.pue",
    );
    expect(rows).toEqual([{ nodes: 3, pue: 1.5 }]);
    expect(await counts(db)).toEqual({ ...before, nodes: before.nodes - 40 + 3, audit: before.audit + 1 });
    const [last] = await db.query<{ action: string }>(
      "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1",
    );
    expect(last?.action).toBe("site.replaced");
  });

  it("rolls everything back when a write fails midway, including GPU models the file declared", async () => {
    const before = await counts(db);
    const doc = {
      gpuModels: [{ name: "MI300X", vendor: "AMD", memoryGb: 192, powerKwPerGpu: 1.3, gpusPerNode: 8 }],
      sites: [site("zeta", 20), site("eta", 20)],
    };
    await expect(importFleet(failingOn(db, /INSERT INTO nodes/, 2), doc, options)).rejects.toThrow(
      "injected write failure",
    );
    expect(await counts(db)).toEqual(before);
  });

  it("rolls back the first 10,000-row chunk when the second fails", async () => {
    const before = await counts(db);
    const doc = { sites: [site("theta", 20_001)] };
    const seen: ImportProgress[] = [];
    await expect(
      importFleet(failingOn(db, /INSERT INTO nodes/, 2), doc, {
        ...options,
        onProgress: (p) => seen.push(p),
      }),
    ).rejects.toThrow("injected write failure");
    expect(seen.map((p) => p.phase)).toEqual(["validated", "writing"]);
    expect(await counts(db)).toEqual(before);
  });

  it("reports progress in order: validated, each chunk written, committed", async () => {
    const seen: ImportProgress[] = [];
    await importFleet(db, { sites: [site("iota", 20_001)] }, { ...options, onProgress: (p) => seen.push(p) });
    expect(seen).toEqual([
      { phase: "validated", sites: 1, nodes: 20_001 },
      { phase: "writing", written: 10_000, total: 20_001 },
      { phase: "writing", written: 20_000, total: 20_001 },
      { phase: "writing", written: 20_001, total: 20_001 },
      { phase: "committed", written: 20_001, total: 20_001 },
    ]);
  });
});
