/**
 * Backup and restore through the API: a dump of a server with a site, tenants and a placed lease
 * restores into a fresh server (on PostgreSQL when the run has one) that then answers the same.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPostgres } from "../support/databases.js";
import { h100SiteDoc } from "../support/h100-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

const DUMP = "application/x-leasehold-dump";
let source: TestServer;
let tenantKey: string;
let dump: string;

const call = (server: TestServer, path: string, init: RequestInit = {}, key = server.operatorKey) =>
  server.app.request(path, { ...init, headers: { authorization: `Bearer ${key}`, ...init.headers } });
const json = async <T>(server: TestServer, path: string, key?: string) => {
  const response = await call(server, path, {}, key);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
};
const restore = (server: TestServer, body: string, key?: string) =>
  call(server, "/v1/admin/restore", { method: "POST", body, headers: { "content-type": DUMP } }, key);

beforeAll(async () => {
  source = await startTestServer();
  const doc = h100SiteDoc(
    "backup-site",
    { halls: 1, blocksPerHall: 4, racksPerBlock: 4, nodesPerRack: 8 },
    50,
  );
  const post = (path: string, body: unknown) =>
    call(source, path, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });
  expect((await post("/v1/fleet/import", doc)).status).toBe(200);
  tenantKey = (await source.tenantKey("frontier-lab")).key;
  const lease = await post("/v1/leases?reserve=true", {
    name: "half",
    tenant: "frontier-lab",
    sites: ["backup-site"],
    lines: [{ key: "h100", gpuModel: "H100", gpuCount: 512, pricePerGpuHour: "2.10" }],
    startsAt: new Date().toISOString(),
    endsAt: "2030-01-01T00:00:00Z",
    isolation: "block",
  });
  expect(lease.status).toBe(201);
  const response = await call(source, "/v1/admin/dump");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe(DUMP);
  dump = await response.text();
});
afterAll(async () => source?.close());

describe("a dump restored into a fresh server", () => {
  let target: TestServer;
  beforeAll(async () => {
    const db = await openTestPostgres().catch(() => undefined);
    target = await startTestServer(db ? { db } : {});
  });
  afterAll(async () => target?.close());

  it("answers with the same leases, allocations and nodes, and the old keys work beside the new", async () => {
    const response = await restore(target, dump);
    expect(response.status).toBe(200);
    const { rows } = (await response.json()) as { rows: Record<string, number> };
    expect(rows.nodes).toBe(128);
    for (const path of [
      "/v1/leases",
      "/v1/leases/half",
      "/v1/leases/half/allocation",
      "/v1/sites/backup-site",
      "/v1/sites/backup-site/nodes?limit=1000",
      "/v1/tenants",
    ]) {
      expect(await json(target, path), path).toEqual(await json(source, path));
    }
    expect(await json(target, "/v1/leases", tenantKey)).toEqual(await json(source, "/v1/leases", tenantKey));
    expect(await json(target, "/v1/leases", source.operatorKey)).toEqual(await json(source, "/v1/leases"));
  });

  it("refuses to restore over data", async () => {
    const again = await restore(target, dump);
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("RESTORE_TARGET_NOT_EMPTY");
  });
});

describe("a restore that cannot be done", () => {
  let target: TestServer;
  beforeAll(async () => {
    target = await startTestServer();
  });
  afterAll(async () => target?.close());

  it.each([
    ["truncated", () => dump.slice(0, Math.floor(dump.length / 2))],
    ["missing its end line", () => dump.trimEnd().split("\n").slice(0, -1).join("\n")],
    ["not a dump", () => '{"sites": []}\n'],
  ])("(%s) answers 400 INVALID_DUMP and leaves the server empty", async (_why, body) => {
    const response = await restore(target, body());
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("INVALID_DUMP");
    expect(await json<{ sites: unknown[] }>(target, "/v1/sites")).toEqual({ sites: [], nextCursor: null });
    expect(await json<{ tenants: unknown[] }>(target, "/v1/tenants")).toEqual({
      tenants: [],
      nextCursor: null,
    });
  });

  it("is the operator's: a tenant key gets 403 for the dump and the restore", async () => {
    expect((await call(source, "/v1/admin/dump", {}, tenantKey)).status).toBe(403);
    expect((await restore(source, dump, tenantKey)).status).toBe(403);
  });
});
