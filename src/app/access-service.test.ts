import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import type { Principal } from "../access/principal.js";
import { LeaseholdError } from "../shared/errors.js";
import type { Database } from "../store/sql-client.js";
import { AccessService } from "./access-service.js";
import { systemClock } from "./clock.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };

describe.each(storeBackends())("AccessService on $name", (backend) => {
  let db: Database;
  let access: AccessService;
  beforeAll(async () => {
    db = await backend.open();
    access = new AccessService(db, systemClock);
  });
  afterAll(async () => db.close());

  it("issues the bootstrap operator key once and authenticates it", async () => {
    const key = await access.bootstrapOperatorKey();
    expect(key).toMatch(/^lh_op_[0-9A-Za-z]{32}$/);
    expect(await access.bootstrapOperatorKey()).toBeUndefined();
    expect(await access.authenticate(key ?? "")).toMatchObject({ role: "operator", keyName: "bootstrap" });
  });

  it("stores only a key's hash and prefix, never the key itself", async () => {
    const { key, record } = await access.createKey(operator, { name: "ci", role: "operator" });
    const rows = await db.query<Record<string, unknown>>("SELECT * FROM api_keys WHERE id = $1", [record.id]);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(record.prefix).toBe(key.slice(0, 10));
  });

  it("scopes a tenant key to its own tenant's rows", async () => {
    const a = await access.createTenant(operator, "lab-a");
    const b = await access.createTenant(operator, "lab-b");
    const { key } = await access.createKey(operator, { name: "a-key", role: "tenant", tenant: "lab-a" });
    await access.createKey(operator, { name: "b-key", role: "tenant", tenant: b.id });
    const principal = await access.authenticate(key);
    expect(principal).toMatchObject({ role: "tenant", tenantId: a.id });
    if (!principal) return;
    expect((await access.tenants(principal)).map((t) => t.name)).toEqual(["lab-a"]);
    expect((await access.keys(principal)).map((k) => k.name)).toEqual(["a-key"]);
    await expect(access.tenant(principal, b.id)).rejects.toThrow(LeaseholdError);
    const bKey = (await access.keys(operator)).find((k) => k.name === "b-key");
    await expect(access.revokeKey(principal, bKey?.id ?? "")).rejects.toMatchObject({
      code: "API_KEY_NOT_FOUND",
    });
  });

  it("stops authenticating a key once it is revoked, and audits the revocation", async () => {
    const { key, record } = await access.createKey(operator, { name: "temp", role: "operator" });
    const revoked = await access.revokeKey(operator, record.id);
    expect(revoked.revokedAt).not.toBeNull();
    expect(await access.authenticate(key)).toBeUndefined();
    const audit = await db.query<{ action: string }>(
      "SELECT action FROM audit_log WHERE subject = $1 ORDER BY id",
      [record.id],
    );
    expect(audit.map((r) => r.action)).toEqual(["api_key.created", "api_key.revoked"]);
  });

  it("refuses a second tenant of the same name and writes nothing", async () => {
    const [before] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log");
    await expect(access.createTenant(operator, "lab-a")).rejects.toMatchObject({ code: "TENANT_EXISTS" });
    expect(await db.query("SELECT count(*)::int AS n FROM audit_log")).toEqual([before]);
  });

  it.each(["", "lh_op_short", `lh_xx_${"a".repeat(32)}`, `lh_op_${"a".repeat(32)}`])(
    "does not authenticate %j",
    async (key) => {
      expect(await access.authenticate(key)).toBeUndefined();
    },
  );
});
