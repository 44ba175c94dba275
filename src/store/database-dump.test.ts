import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { systemClock } from "../app/clock.js";
import { FleetImports } from "../app/fleet-import.js";
import { DumpError, dumpDatabase, holdsData, restoreDatabase } from "./database-dump.js";
import type { Database } from "./sql-client.js";

const AT = "2026-12-01T00:00:00.000Z";

async function dump(db: Database): Promise<string[]> {
  const lines: string[] = [];
  await dumpDatabase(db, AT, async (text) => {
    lines.push(...text.split("\n").filter((l) => l !== ""));
  });
  return lines;
}

async function* linesOf(lines: readonly string[]): AsyncIterable<string> {
  yield* lines;
}

/** The data lines of a dump, in a stable order (the header carries the dialect and time). */
const rowsOf = (lines: readonly string[]) => lines.filter((l) => !l.startsWith("# ")).sort();

const backends = storeBackends();

describe.each(
  backends.flatMap((from) => backends.map((to) => ({ from, to, name: `${from.name} to ${to.name}` }))),
)("a dump from $name", ({ from, to }) => {
  let source: Database;
  let target: Database;
  beforeAll(async () => {
    [source, target] = await Promise.all([from.open(), to.open()]);
    await new FleetImports(source, systemClock).import(
      {
        sites: [
          {
            name: "dump-site",
            pue: 1.2,
            electricityUsdPerMwh: "67.123456",
            powerSources: [
              { kind: "grid", installedMw: 10, permittedMw: 10 },
              { kind: "battery", installedMw: 5, permittedMw: 5, energyMwh: 20 },
            ],
            topologyLevels: ["rack", "node"],
            nodes: Array.from({ length: 2500 }, (_, i) => ({
              name: `n${i}`,
              path: `r${Math.floor(i / 8)}`,
              gpuModel: "H100",
              gpuCount: 8,
              state: i % 97 === 0 ? "failed" : "healthy",
            })),
          },
        ],
      },
      { replace: false, actor: "test" },
    );
    await source.query("INSERT INTO tenants (id, name, created_at) VALUES ('tnt_1', 'lab', $1)", [AT]);
    await source.query(
      "INSERT INTO audit_log (actor, action, subject, detail, at) VALUES ('k', 'x', 's', '{\"big\": 9007199254740993}', $1)",
      [AT],
    );
  });
  afterAll(async () => Promise.all([source?.close(), target?.close()]));

  it("restores every row exactly, bigints and all, and ids continue after the restored ones", async () => {
    const lines = await dump(source);
    expect(lines[0]).toMatch(/^# \{"format":"leasehold-dump"/);
    expect(lines.at(-1)).toMatch(/^# \{"end":true/);
    expect(await holdsData(target)).toBe(false);
    await target.transaction((tx) => restoreDatabase(tx, linesOf(lines), { keep: [] }));
    expect(rowsOf(await dump(target))).toEqual(rowsOf(lines));
    expect(await holdsData(target)).toBe(true);
    const [row] = await target.query<{ big: string }>(
      "SELECT (detail->>'big') AS big FROM audit_log WHERE action = 'x'",
    );
    expect(row?.big).toBe("9007199254740993");
    const [next] = await target.query<{ id: string }>(
      "INSERT INTO audit_log (actor, action, subject, detail, at) VALUES ('k', 'y', 's', '{}', $1) RETURNING id::text",
      [AT],
    );
    const [max] = await target.query<{ id: string }>(
      "SELECT max(id)::text AS id FROM audit_log WHERE action <> 'y'",
    );
    expect(BigInt(next?.id ?? 0)).toBeGreaterThan(BigInt(max?.id ?? 0));
  });

  it("a truncated dump is refused and changes nothing", async () => {
    const lines = await dump(source);
    const before = rowsOf(await dump(target));
    await expect(
      target.transaction((tx) => restoreDatabase(tx, linesOf(lines.slice(0, -3)), { keep: [] })),
    ).rejects.toThrow(DumpError);
    expect(rowsOf(await dump(target))).toEqual(before);
  });
});
