import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApiKey, ErrorBody } from "../../src/contract/generated/api.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

let server: TestServer;
let revokedKey: string;

const SITE = {
  name: "memphis",
  pue: 1.2,
  electricityUsdPerMwh: "67.00",
  powerSources: [{ kind: "grid", installedMw: 10, permittedMw: 10 }],
  topologyLevels: ["hall", "rack", "node"],
  nodes: [
    { name: "n1", path: "hall-1/rack-1", gpuModel: "H100", gpuCount: 8 },
    { name: "n2", path: "hall-1/rack-1", gpuModel: "H100", gpuCount: 8 },
  ],
};

interface Call {
  method?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  /** The API key to send; `null` sends none. Defaults to the operator key. */
  key?: string | null;
}

function call(path: string, { method = "GET", body, headers = {}, key }: Call = {}) {
  const auth: Record<string, string> =
    key === null ? {} : { authorization: `Bearer ${key ?? server.operatorKey}` };
  return server.app.request(path, { method, body, headers: { ...auth, ...headers } });
}

const json = (method: string, value: unknown, headers: Record<string, string> = {}): Call => ({
  method,
  body: typeof value === "string" ? value : JSON.stringify(value),
  headers: { "content-type": "application/json", ...headers },
});

/** Rows a refused request must never change. */
async function snapshot() {
  return server.db.query(
    `SELECT (SELECT count(*) FROM sites) AS sites, (SELECT coalesce(sum(version), 0) FROM sites) AS versions,
       (SELECT count(*) FROM nodes) AS nodes, (SELECT count(*) FROM nodes WHERE state <> 'healthy') AS unhealthy,
       (SELECT count(*) FROM node_events) AS events, (SELECT count(*) FROM audit_log) AS audit,
       (SELECT count(*) FROM tenants) AS tenants, (SELECT count(*) FROM api_keys) AS keys,
       (SELECT count(*) FROM gpu_models) AS models`,
  );
}

const post = (value: unknown) => json("POST", value);
const patch = (value: unknown) => json("PATCH", value);

let before: unknown;

beforeAll(async () => {
  server = await startTestServer();
  expect((await call("/v1/fleet/import", json("POST", { sites: [SITE] }))).status).toBe(200);
  expect((await call("/v1/tenants", json("POST", { name: "frontier-lab" }))).status).toBe(201);
  const created = await call("/v1/api-keys", json("POST", { name: "old", role: "operator" }));
  const { key, apiKey } = (await created.json()) as { key: string; apiKey: ApiKey };
  revokedKey = key;
  expect((await call(`/v1/api-keys/${apiKey.id}`, { method: "DELETE" })).status).toBe(200);
  before = await snapshot();
});
afterAll(async () => server?.close());

const node = "/v1/sites/memphis/nodes/n1";
const huge = "x".repeat(1024 * 1024 + 1);

const CASES: Array<[string, string, Call, number, string, string?]> = [
  ["malformed JSON", "/v1/tenants", post("{name:"), 400, "MALFORMED_JSON", "(body)"],
  ["malformed JSON on a PATCH", node, patch('{"state": "failed",'), 400, "MALFORMED_JSON", "(body)"],
  ["an empty JSON body", "/v1/tenants", post(""), 400, "MALFORMED_JSON", "(body)"],
  ["a body that is not an object", "/v1/tenants", post("[1]"), 400, "VALIDATION_FAILED", "(body)"],
  ["a number where a string belongs", "/v1/tenants", post({ name: 5 }), 400, "VALIDATION_FAILED", "name"],
  ["a missing required field", node, patch({ state: "failed" }), 400, "VALIDATION_FAILED", "reason"],
  [
    "an unknown body field",
    "/v1/tenants",
    post({ name: "x", admin: true }),
    400,
    "VALIDATION_FAILED",
    "admin",
  ],
  [
    "an unknown query field",
    "/v1/sites/memphis/nodes?colour=red",
    {},
    400,
    "UNKNOWN_QUERY_PARAMETER",
    "colour",
  ],
  [
    "a query parameter on a route that takes none",
    "/v1/whoami?verbose=1",
    {},
    400,
    "UNKNOWN_QUERY_PARAMETER",
    "verbose",
  ],
  ["limit=0", "/v1/nodes?limit=0", {}, 400, "VALIDATION_FAILED", "limit"],
  ["limit=5000", "/v1/nodes?limit=5000", {}, 400, "VALIDATION_FAILED", "limit"],
  ["a limit that is not a number", "/v1/nodes?limit=ten", {}, 400, "VALIDATION_FAILED", "limit"],
  ["a fractional limit", "/v1/nodes?limit=1.5", {}, 400, "VALIDATION_FAILED", "limit"],
  ["an unknown state filter", "/v1/nodes?state=on-fire", {}, 400, "VALIDATION_FAILED", "state"],
  [
    "an unknown node state",
    node,
    patch({ state: "exploded", reason: "x" }),
    400,
    "VALIDATION_FAILED",
    "state",
  ],
  [
    "an unknown key role",
    "/v1/api-keys",
    post({ name: "k", role: "root" }),
    400,
    "VALIDATION_FAILED",
    "role",
  ],
  ["an empty reason", node, patch({ state: "failed", reason: "" }), 400, "VALIDATION_FAILED", "reason"],
  [
    "a NUL in a reason",
    node,
    patch({ state: "failed", reason: "a\u0000b" }),
    400,
    "VALIDATION_FAILED",
    "reason",
  ],
  ["a NUL in a site reference", "/v1/sites/memphis%00", {}, 400, "VALIDATION_FAILED", "site"],
  ["a NUL in a path filter", "/v1/nodes?path=hall-1%00", {}, 400, "VALIDATION_FAILED", "path"],
  ["a forged cursor", "/v1/nodes?cursor=not-a-cursor", {}, 400, "VALIDATION_FAILED", "cursor"],
  [
    "a tenant key without a tenant",
    "/v1/api-keys",
    post({ name: "k", role: "tenant" }),
    400,
    "VALIDATION_FAILED",
    "tenant",
  ],
  [
    "an operator key bound to a tenant",
    "/v1/api-keys",
    post({ name: "k", role: "operator", tenant: "frontier-lab" }),
    400,
    "VALIDATION_FAILED",
    "tenant",
  ],
  [
    "a bad replace flag",
    "/v1/fleet/import?replace=maybe",
    post({ sites: [SITE] }),
    400,
    "VALIDATION_FAILED",
    "replace",
  ],
  [
    "an import with a bad node",
    "/v1/fleet/import",
    post({ sites: [{ ...SITE, name: "x", nodes: [{ ...SITE.nodes[0], gpuCount: 9 }] }] }),
    400,
    "VALIDATION_FAILED",
    "sites[0].nodes[0].gpuCount",
  ],
  ["an empty import body", "/v1/fleet/import", post(""), 400, "MALFORMED_JSON", "(body)"],
  [
    "malformed YAML",
    "/v1/fleet/import",
    { method: "POST", body: "sites: [", headers: { "content-type": "application/yaml" } },
    400,
    "MALFORMED_JSON",
    "(body)",
  ],
  [
    "an import of an existing site",
    "/v1/fleet/import",
    post({ sites: [SITE] }),
    409,
    "SITE_EXISTS",
    "sites[0].name",
  ],
  ["a tenant that exists", "/v1/tenants", post({ name: "frontier-lab" }), 409, "TENANT_EXISTS", "name"],
  [
    "a body without a content type",
    "/v1/tenants",
    { method: "POST", body: new TextEncoder().encode('{"name":"y"}') },
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    "Content-Type",
  ],
  [
    "a text/plain body",
    node,
    { method: "PATCH", body: "{}", headers: { "content-type": "text/plain" } },
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    "Content-Type",
  ],
  [
    "a CSV import",
    "/v1/fleet/import",
    { method: "POST", body: "a,b", headers: { "content-type": "text/csv" } },
    415,
    "UNSUPPORTED_MEDIA_TYPE",
    "Content-Type",
  ],
  [
    "a PATCH body over 1 MiB",
    node,
    patch({ state: "failed", reason: huge }),
    413,
    "PAYLOAD_TOO_LARGE",
    "(body)",
  ],
  [
    "an import declaring more than 64 MiB",
    "/v1/fleet/import",
    json("POST", "{}", { "content-length": String(65 * 1024 * 1024) }),
    413,
    "PAYLOAD_TOO_LARGE",
    "(body)",
  ],
  ["an unknown route", "/v1/no-such-route", {}, 404, "ROUTE_NOT_FOUND"],
  ["a missing API docs asset", "/docs/assets/no-such-file.js", {}, 404, "ROUTE_NOT_FOUND"],
  ["a missing dashboard asset", "/assets/no-such-file.js", {}, 404, "ROUTE_NOT_FOUND"],
  ["an unknown method on a known path", "/v1/sites", { method: "DELETE" }, 405, "METHOD_NOT_ALLOWED"],
  ["an unknown site", "/v1/sites/nowhere", {}, 404, "SITE_NOT_FOUND"],
  [
    "a state change on an unknown site",
    "/v1/sites/nowhere/nodes/n1",
    patch({ state: "failed", reason: "x" }),
    404,
    "SITE_NOT_FOUND",
  ],
  ["an unknown node", "/v1/sites/memphis/nodes/n9", {}, 404, "NODE_NOT_FOUND"],
  [
    "a state change on an unknown node",
    "/v1/sites/memphis/nodes/n9",
    patch({ state: "failed", reason: "x" }),
    404,
    "NODE_NOT_FOUND",
  ],
  ["an export of an unknown site", "/v1/fleet/export?site=nowhere", {}, 404, "SITE_NOT_FOUND"],
  ["an unknown tenant", "/v1/tenants/nobody", {}, 404, "TENANT_NOT_FOUND"],
  [
    "a key for an unknown tenant",
    "/v1/api-keys",
    post({ name: "k", role: "tenant", tenant: "nobody" }),
    404,
    "TENANT_NOT_FOUND",
  ],
  ["revoking an unknown key", "/v1/api-keys/key_nope", { method: "DELETE" }, 404, "API_KEY_NOT_FOUND"],
  ["a missing key", "/v1/sites", { key: null }, 401, "UNAUTHENTICATED"],
  ["a missing key on a write", "/v1/tenants", { ...post({ name: "z" }), key: null }, 401, "UNAUTHENTICATED"],
  ["a well-formed but unknown key", "/v1/sites", { key: `lh_op_${"A".repeat(32)}` }, 401, "UNAUTHENTICATED"],
  ["a malformed key", "/v1/sites", { key: "hunter2" }, 401, "UNAUTHENTICATED"],
  ["a missing key on /metrics", "/metrics", { key: null }, 401, "UNAUTHENTICATED"],
];

describe("refused requests", () => {
  it.each(CASES)(
    "answer %s with the documented error body",
    async (_why, path, init, status, code, field) => {
      const res = await call(path, init);
      const body = (await res.json()) as ErrorBody;
      expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
      expect(body.error.message).not.toBe("");
      expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
      expect(body.error.requestId).toMatch(/^req_/);
      if (field) expect(body.error.issues?.[0]?.field).toBe(field);
    },
  );

  it("refuse a revoked key", async () => {
    const res = await call("/v1/sites", { key: revokedKey });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe("UNAUTHENTICATED");
  });

  it("write nothing: sites, nodes, events, audit log, tenants and keys are as they were", async () => {
    expect(await snapshot()).toEqual(before);
  });
});

describe("refused requests over a real connection", () => {
  const send = (path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${server.operatorKey}`,
        "content-type": "application/json",
        ...init.headers,
      },
    });

  it.each<[string, string, RequestInit, number, string]>([
    ["malformed JSON", "/v1/tenants", { method: "POST", body: "{" }, 400, "MALFORMED_JSON"],
    ["an out-of-range limit", "/v1/sites/memphis/nodes?limit=5000", {}, 400, "VALIDATION_FAILED"],
    ["a wrong key", "/v1/sites", { headers: { authorization: "Bearer lh_tn_nope" } }, 401, "UNAUTHENTICATED"],
    ["an unknown route", "/v2/sites", {}, 404, "ROUTE_NOT_FOUND"],
    [
      "an unsupported content type",
      "/v1/tenants",
      { method: "POST", body: "x", headers: { "content-type": "text/plain" } },
      415,
      "UNSUPPORTED_MEDIA_TYPE",
    ],
  ])("answer %s as JSON with the right status", async (_why, path, init, status, code) => {
    const res = await send(path, init);
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await res.json()) as ErrorBody).error.code).toBe(code);
  });

  // Last in the file: the server answers before reading the whole body and then drops the connection.
  it("answer a streamed 2 MiB PATCH with 413 and change nothing", async () => {
    const body = JSON.stringify({ state: "failed", reason: "x".repeat(2 * 1024 * 1024) });
    const res = await send(node, { method: "PATCH", body });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe("PAYLOAD_TOO_LARGE");
    expect(await snapshot()).toEqual(before);
  });
});
