import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ErrorBody } from "../../src/contract/generated/api.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** A misspelled site or tenant name: 404 with the closest names the caller may see. */

let server: TestServer;
let rival: { tenantId: string; key: string };

const call = async (key: string, method: string, path: string, body?: unknown) => {
  const res = await server.app.request(path, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const { error } = (await res.json()) as ErrorBody;
  return [res.status, error.code, error.message];
};
const op = (method: string, path: string, body?: unknown) => call(server.operatorKey, method, path, body);

const leaseRequest = (tenant: string, site: string) => ({
  name: "gpu-pool",
  tenant,
  sites: [site],
  lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.50" }],
  startsAt: "2027-01-01T00:00:00Z",
  endsAt: "2028-01-01T00:00:00Z",
  noticePeriodDays: 30,
});

beforeAll(async () => {
  server = await startTestServer();
  expect((await importSmallSite(server, "lab-east", ["n1"])).status).toBe(200);
  expect((await importSmallSite(server, "lab-west", ["n1"])).status).toBe(200);
  await server.tenantKey("frontier-lab");
  rival = await server.tenantKey("rival-lab");
});
afterAll(async () => server?.close());

describe("did you mean", () => {
  it.each([
    ["GET", "/v1/sites/lab-est"],
    ["GET", "/v1/sites/lab-est/availability"],
    ["GET", "/v1/sites/lab-est/allocation-map"],
    ["GET", "/v1/leases?site=lab-est"],
  ])("%s %s names the closest site", async (method, path) => {
    expect(await op(method, path)).toEqual([
      404,
      "SITE_NOT_FOUND",
      "no site with id or name lab-est; did you mean lab-east or lab-west?",
    ]);
  });

  it("names the closest site and tenant of a lease request", async () => {
    expect(await op("POST", "/v1/leases", leaseRequest("frontier-lb", "lab-east"))).toEqual([
      404,
      "TENANT_NOT_FOUND",
      "no tenant with id or name frontier-lb; did you mean frontier-lab?",
    ]);
    expect(await op("POST", "/v1/leases", leaseRequest("frontier-lab", "lab-wst"))).toEqual([
      404,
      "SITE_NOT_FOUND",
      "no site with id or name lab-wst; did you mean lab-west or lab-east?",
    ]);
  });

  it("names the closest tenant to the operator", async () => {
    expect(await op("GET", "/v1/tenants/rivl-lab")).toEqual([
      404,
      "TENANT_NOT_FOUND",
      "no tenant with id or name rivl-lab; did you mean rival-lab?",
    ]);
  });

  it("never names another tenant to a tenant key", async () => {
    expect(await call(rival.key, "GET", "/v1/tenants/frontier-lb")).toEqual([
      404,
      "TENANT_NOT_FOUND",
      "no tenant with id or name frontier-lb",
    ]);
    expect(await call(rival.key, "GET", "/v1/tenants/rivl-lab")).toEqual([
      404,
      "TENANT_NOT_FOUND",
      "no tenant with id or name rivl-lab; did you mean rival-lab?",
    ]);
  });

  it("suggests nothing when no name is close", async () => {
    expect(await op("GET", "/v1/sites/colossus-1")).toEqual([
      404,
      "SITE_NOT_FOUND",
      "no site with id or name colossus-1",
    ]);
  });
});
