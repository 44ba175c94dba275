import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import { MIGRATIONS, migrate } from "./migrate.js";
import type { Database } from "./sql-client.js";

describe.each(storeBackends())("migrations on $name", (backend) => {
  let db: Database;
  beforeAll(async () => {
    db = await backend.open();
  });
  afterAll(async () => db.close());

  it("records every migration once and applies nothing on a second run", async () => {
    const rows = await db.query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id");
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(db)).toEqual([]);
  });

  it("rolls a failed transaction back so nothing is half-written", async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query(
          "INSERT INTO tenants (id, name, created_at) VALUES ('tnt_x', 'rolled-back', '2027-01-01T00:00:00Z')",
        );
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const rows = await db.query("SELECT 1 FROM tenants WHERE name = 'rolled-back'");
    expect(rows).toHaveLength(0);
  });
});
