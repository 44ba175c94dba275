import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeBackends } from "../../test/support/databases.js";
import type { Principal } from "../access/principal.js";
import { testLease } from "../allocation/lease-fixture.js";
import { newId } from "../shared/ids.js";
import { saveLease, tenantAndSiteNames } from "../store/lease-repository.js";
import type { Database } from "../store/sql-client.js";
import { AccessService } from "./access-service.js";
import { systemClock } from "./clock.js";
import { resolveLease } from "./lease-ref.js";

const operator: Principal = { role: "operator", keyId: "key_test", keyName: "test" };

describe.each(storeBackends())("resolveLease on $name", (backend) => {
  let db: Database;
  const ids: Record<string, string> = {};
  const tenants: Record<string, string> = {};

  beforeAll(async () => {
    db = await backend.open();
    const access = new AccessService(db, systemClock);
    for (const name of ["lab-a", "lab-b"]) tenants[name] = (await access.createTenant(operator, name)).id;
    for (const [tenant, name] of [
      ["lab-a", "gpu-pool"],
      ["lab-b", "gpu-pool"],
      ["lab-b", "batch-pool"],
    ] as const) {
      const id = newId("lease");
      const lease = {
        ...testLease({ id, tenantId: tenants[tenant] ?? "", tranches: { "2027-01-01T00:00:00.000Z": 8 } }),
        name,
        status: "draft" as const,
        siteId: null,
        siteIds: [],
      };
      await saveLease(db, lease, {
        kind: "created",
        actor: "operator:test",
        at: "2026-12-01T00:00:00.000Z",
        reason: "",
        changes: [],
      });
      ids[`${tenant}/${name}`] = id;
    }
  });
  afterAll(async () => db.close());

  const all = { tenantId: null };

  it("resolves an id, a unique name, and tenant/name with the tenant by name or id", async () => {
    expect((await resolveLease(db, all, ids["lab-b/gpu-pool"] ?? "")).id).toBe(ids["lab-b/gpu-pool"]);
    expect((await resolveLease(db, all, "batch-pool")).id).toBe(ids["lab-b/batch-pool"]);
    expect((await resolveLease(db, all, "lab-a/gpu-pool")).id).toBe(ids["lab-a/gpu-pool"]);
    expect((await resolveLease(db, all, `${tenants["lab-b"]}/gpu-pool`)).id).toBe(ids["lab-b/gpu-pool"]);
  });

  it("refuses a name two tenants share, listing both as tenant/name", async () => {
    await expect(resolveLease(db, all, "gpu-pool")).rejects.toMatchObject({
      code: "LEASE_AMBIGUOUS",
      candidates: ["lab-a/gpu-pool", "lab-b/gpu-pool"],
    });
  });

  it("resolves a tenant's bare name among its own leases, and never finds another tenant's", async () => {
    const a = { tenantId: tenants["lab-a"] ?? "" };
    expect((await resolveLease(db, a, "gpu-pool")).id).toBe(ids["lab-a/gpu-pool"]);
    await expect(resolveLease(db, a, "lab-b/batch-pool")).rejects.toMatchObject({
      code: "LEASE_NOT_FOUND",
      message: "no lease with id or name lab-b/batch-pool",
    });
    await expect(resolveLease(db, a, ids["lab-b/batch-pool"] ?? "")).rejects.toMatchObject({
      code: "LEASE_NOT_FOUND",
    });
  });

  it("names the closest leases of a misspelled reference", async () => {
    await expect(resolveLease(db, all, "batch-pol")).rejects.toMatchObject({
      message: "no lease with id or name batch-pol; did you mean batch-pool?",
    });
  });

  it("finds tenant names by id", async () => {
    const names = await tenantAndSiteNames(db, [tenants["lab-a"] ?? "", "tnt_unknown"]);
    expect([...names.entries()]).toEqual([[tenants["lab-a"], "lab-a"]]);
  });
});
