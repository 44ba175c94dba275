import { describe, expect, it } from "vitest";
import type { SqlClient } from "../store/sql-client.js";
import { withBlockersNamed } from "./blocking-leases.js";

/** A database the tenant's answer must never need: naming other tenants' leases is for operators. */
const noDb = new Proxy({} as SqlClient, {
  get() {
    throw new Error("read the database for a tenant");
  },
});

describe("withBlockersNamed", () => {
  const tenant = { role: "tenant" as const, keyId: "k", keyName: "lab-b-key", tenantId: "tnt_b" };
  it("tells a tenant only that another tenant's lease is in the way, and drops the ids", async () => {
    const named = await withBlockersNamed(noDb, tenant, [], {
      message: "no room",
      blockingLeaseIds: ["lse_a"],
    });
    expect(named).toEqual({ message: "no room (kept by another tenant's lease)" });
  });
  it("leaves a refusal with no blocking lease as it was", async () => {
    expect(await withBlockersNamed(noDb, tenant, [], { message: "no power", blockingLeaseIds: [] })).toEqual({
      message: "no power",
    });
  });
});
