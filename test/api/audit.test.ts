import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditPage, ErrorBody, SiteDetail } from "../../src/contract/generated/api.js";
import { runCli } from "../support/cli-harness.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
const headers = () => ({ authorization: `Bearer ${server.operatorKey}`, "content-type": "application/json" });
const audit = async (query: string) => {
  const res = await server.app.request(`/v1/audit${query}`, { headers: headers() });
  expect(res.status).toBe(200);
  return (await res.json()) as AuditPage;
};

beforeAll(async () => {
  server = await startTestServer();
  await importSmallSite(server, "lab", ["a", "b"]);
  await server.app.request("/v1/sites/lab/nodes/a", {
    method: "PATCH",
    headers: headers(),
    body: JSON.stringify({ state: "failed", reason: "XID 79" }),
  });
});
afterAll(async () => server?.close());

describe("the audit log", () => {
  it("records who changed a node's state, newest first, filtered by subject", async () => {
    const site = (await (
      await server.app.request("/v1/sites/lab", { headers: headers() })
    ).json()) as SiteDetail;
    const { entries } = await audit(`?subject=${site.site.id}`);
    expect(entries.map((e) => e.action)).toEqual(["node.state", "site.imported"]);
    expect(entries[0]?.actor).toMatch(/^operator:bootstrap/);
    expect(entries[0]?.detail).toMatchObject({ to: "failed", reason: "XID 79" });
  });

  it("pages with nextCursor until the oldest entry, and the last page has none", async () => {
    const first = await audit("?limit=1");
    expect(first.entries).toHaveLength(1);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await audit(`?limit=1&cursor=${first.nextCursor}`);
    expect(second.entries[0]?.id).toBeLessThan(first.entries[0]?.id ?? 0);
    const all = await audit("?limit=1000");
    expect(all.nextCursor).toBeNull();
    const last = await audit(`?limit=${all.entries.length}`);
    expect(last.nextCursor).toBeNull();
  });

  it("keeps numeric order past entry 9, newest first, and pages by number", async () => {
    for (let i = 0; i < 12; i++) {
      await server.app.request("/v1/sites/lab/nodes/b", {
        method: "PATCH",
        headers: headers(),
        body: JSON.stringify({ state: i % 2 ? "healthy" : "maintenance", reason: `round ${i}` }),
      });
    }
    const { entries, nextCursor } = await audit("?limit=12");
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(ids[0]).toBeGreaterThanOrEqual(14);
    const oldest = ids[ids.length - 1] ?? 0;
    const older = await audit(`?limit=3&cursor=${nextCursor}`);
    expect(older.entries.map((e) => e.id)).toEqual([0, 1, 2].map((k) => oldest - 1 - k));
  });

  it("is for operators only", async () => {
    const { key } = await server.tenantKey("lab-tenant");
    const res = await server.app.request("/v1/audit", { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
  });

  it("refuses a limit above 1000 with the bound", async () => {
    const res = await server.app.request("/v1/audit?limit=5000", { headers: headers() });
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as ErrorBody;
    expect(error.issues?.[0]).toMatchObject({ field: "limit", bound: "<= 1000" });
  });

  it("is shown by `leasehold audit`", async () => {
    const { code, stdout } = await runCli(["audit", "--limit", "100"], {
      url: server.url,
      key: server.operatorKey,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/node\.state/);
    expect(stdout).toMatch(/site\.imported/);
  });
});
