/**
 * Every write carries the application's clock, never the database's: with the clock stopped at an
 * instant far from the real time, every timestamp of every row a fleet import, tenant and key
 * changes, a reserved lease, a node failure and its recovery write is that instant. On both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { h100SiteDoc } from "../../test/support/h100-site.js";
import type { Principal } from "../access/principal.js";
import { wireServices } from "../server/compose.js";
import type { Database } from "../store/sql-client.js";
import { ManualClock } from "./clock.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };
const AT = "2031-05-05T05:05:05.005Z";

/** Every timestamp column the use cases write. */
const STAMPS = [
  ["sites", "created_at"],
  ["nodes", "state_changed_at"],
  ["node_events", "at"],
  ["tenants", "created_at"],
  ["api_keys", "created_at"],
  ["api_keys", "revoked_at"],
  ["audit_log", "at"],
  ["leases", "created_at"],
  ["lease_versions", "at"],
  ["allocations", "since"],
  ["allocation_events", "at"],
  ["tranche_placements", "placed_at"],
  ["lease_shortfalls", "started_at"],
  ["lease_shortfalls", "ended_at"],
  ["outbox", "created_at"],
] as const;

describe.each(storeBackends())("one clock for every write ($name)", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  }, 60_000);
  afterAll(async () => db?.close());

  it("stamps every row with the application's time", async () => {
    const { access, imports, leases, nodeStates } = wireServices(db, {
      clock: new ManualClock(AT),
      spares: { nodesPerBlock: 0 },
    });
    await imports.import(
      h100SiteDoc("clock", { halls: 1, blocksPerHall: 1, racksPerBlock: 1, nodesPerRack: 2 }, 5),
      { replace: false, actor: "test" },
    );
    const tenant = await access.createTenant(operator, "lab");
    const { record } = await access.createKey(operator, { name: "lab", role: "tenant", tenant: tenant.id });
    await access.revokeKey(operator, record.id);
    const lease = await leases.create(
      operator,
      {
        name: "whole",
        tenant: "lab",
        sites: ["clock"],
        lines: [{ key: "gpu", gpuModel: "H100", gpuCount: 16, pricePerGpuHour: "2" }],
        startsAt: AT,
        endsAt: "2031-12-01T00:00:00Z",
      },
      { reserve: true },
    );
    expect(lease.createdAt).toBe(AT);
    // No spare: the lease runs short, then is made whole again.
    const change = { reason: "XID 79", actor: "test" };
    await nodeStates.apply("clock", ["r111-n1"], { ...change, state: "failed" });
    await nodeStates.apply("clock", ["r111-n1"], { ...change, state: "healthy" });

    for (const [table, column] of STAMPS) {
      const rows = await db.query<{ at: string | null }>(
        `SELECT to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM ${table} GROUP BY 1`,
      );
      expect(
        rows.map((r) => r.at),
        `${table}.${column}`,
      ).toEqual([AT]);
    }
  });
});
