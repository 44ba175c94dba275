import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Lease } from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** What a caller may do to a lease is the server's answer, in the lease itself. */

let server: TestServer;
let tenant: { tenantId: string; key: string };

const DAY_MS = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString();

const actions = async (key: string) => {
  const { data } = await server.api(key).GET("/v1/leases/{lease}", { params: { path: { lease: "small" } } });
  return data?.lease.allowedActions;
};

beforeAll(async () => {
  server = await startTestServer();
  const nodes = Array.from({ length: 16 }, (_, i) => ({
    name: `n${i + 1}`,
    path: `r${Math.floor(i / 8) + 1}`,
  }));
  expect((await importSmallSite(server, "lab", nodes, 5)).status).toBe(200);
  tenant = await server.tenantKey("frontier-lab");
});
afterAll(async () => server?.close());

describe("allowed actions", () => {
  let lease: Lease | undefined;

  it("offers an operator reserve, amend and cancel on a draft, and its tenant nothing", async () => {
    const created = await server.api().POST("/v1/leases", {
      params: { query: { reserve: "false" } },
      body: {
        name: "small",
        tenant: "frontier-lab",
        sites: ["lab"],
        lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.00" }],
        startsAt: inDays(30),
        endsAt: inDays(90),
      },
    });
    lease = created.data?.lease;
    expect(lease?.allowedActions).toEqual(["reserve", "amend", "cancel"]);
    expect(await actions(tenant.key)).toEqual([]);
  });

  it("offers notice to both sides once reserved, and cancel to the operator until it starts", async () => {
    const reserved = await server.api().POST("/v1/leases/{lease}/reserve", {
      params: { path: { lease: "small" } },
    });
    expect(reserved.data?.lease.allowedActions).toEqual(["amend", "give_notice", "cancel"]);
    expect(await actions(tenant.key)).toEqual(["give_notice"]);
  });

  it("offers nothing once cancelled", async () => {
    const cancelled = await server.api().POST("/v1/leases/{lease}/cancel", {
      params: { path: { lease: "small" } },
      body: { reason: "changed plans" },
    });
    expect(cancelled.data?.lease).toMatchObject({ status: "cancelled", allowedActions: [] });
    expect(await actions(server.operatorKey)).toEqual([]);
  });
});
