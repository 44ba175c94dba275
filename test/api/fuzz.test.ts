import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/shared/errors.js";
import { type BadRequest, badRequests, type PathValues } from "../support/bad-requests.js";
import { changedTables, databaseDigest } from "../support/database-digest.js";
import { type JsonSchema, type Operation, operationsOf, resolver } from "../support/openapi-operations.js";
import { importSmallSite } from "../support/small-site.js";
import { startTestServer, type TestServer } from "../support/test-server.js";

/** Bad requests per operation: about 40 operations × 25 stays well under a minute; FUZZ_RUNS for more. */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 25);

let server: TestServer;
let doc: unknown;
let operations: Operation[];
let tenantKey: string;
let good: PathValues;

beforeAll(async () => {
  server = await startTestServer();
  expect((await importSmallSite(server, "memphis", ["n1", "n2"], 10)).status).toBe(200);
  const a = await server.tenantKey("lab-a");
  tenantKey = a.key;
  const operator = { role: "operator" as const, keyId: "test", keyName: "test" };
  const second = await server.access.createKey(operator, {
    name: "lab-a-ci",
    role: "tenant",
    tenant: a.tenantId,
  });
  const lease = await server.leases.create(
    operator,
    {
      name: "a-lease",
      tenant: a.tenantId,
      sites: ["memphis"],
      lines: [{ key: "h100", gpuModel: "H100", gpuCount: 8, pricePerGpuHour: "2.00" }],
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    },
    { reserve: false },
  );
  good = {
    site: "memphis",
    node: "n1",
    lease: lease.id,
    tenant: a.tenantId,
    id: second.record.id,
    template: "rent-half",
  };
  doc = await (await server.app.request("/openapi.json")).json();
  operations = operationsOf(doc);
});
afterAll(async () => server?.close());

/** Sends `request` in process; a drift from the contract throws, and is reported as a failure. */
async function send(request: BadRequest): Promise<Response> {
  const keys = { operator: server.operatorKey, tenant: tenantKey, bogus: "lh_op_not-a-key", none: undefined };
  const key = keys[request.key];
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (request.contentType !== undefined) headers["content-type"] = request.contentType;
  return server.app.request(request.url, {
    method: request.method,
    headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
}

/** What is wrong with the answer to a bad request, if anything. */
async function problemWith(response: Response): Promise<string | undefined> {
  if (response.status >= 500) return `answered ${response.status}: ${await response.text()}`;
  if (response.status < 400) return `accepted with ${response.status}`;
  const text = await response.text();
  try {
    const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
    if (!ERROR_CODES.includes(code as (typeof ERROR_CODES)[number]))
      return `answered ${response.status} without an error code: ${text.slice(0, 200)}`;
  } catch {
    return `answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  return undefined;
}

const describeRequest = (r: BadRequest) =>
  `${r.key} key, ${r.defect}: ${r.method} ${r.url.slice(0, 160)} ${r.contentType ?? ""} ${(r.body ?? "").slice(0, 200)}`;

/** Where a string or number a request takes has no upper bound in the contract. */
function unbounded(
  schema: JsonSchema,
  resolve: (s: JsonSchema) => JsonSchema,
  at: string,
  depth = 0,
): string[] {
  const s = resolve(schema);
  if (depth > 12) return [];
  const types = new Set(Array.isArray(s.type) ? s.type : s.type ? [s.type] : []);
  const out: string[] = [];
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])])
    out.push(...unbounded(alt, resolve, at, depth + 1));
  const fixed = s.enum !== undefined || s.const !== undefined;
  if (types.has("string") && !fixed && s.maxLength === undefined && !s.format && !s.pattern)
    out.push(`${at}: a string without maxLength`);
  if ((types.has("number") || types.has("integer")) && !fixed && s.maximum === undefined)
    out.push(`${at}: a number without maximum`);
  for (const [name, property] of Object.entries(s.properties ?? {}))
    out.push(...unbounded(property, resolve, `${at}.${name}`, depth + 1));
  if (s.items) out.push(...unbounded(s.items, resolve, `${at}[]`, depth + 1));
  return out;
}

describe("bad input on every route of /openapi.json", () => {
  it("bounds every string and number a request takes, so no value is too long or too large to store", () => {
    const resolve = resolver(doc);
    const found = operations.flatMap((op) => [
      ...op.parameters.flatMap((p) =>
        unbounded(p.schema, resolve, `${op.method} ${op.path} ${p.in} ${p.name}`),
      ),
      ...(op.bodySchema ? unbounded(op.bodySchema, resolve, `${op.method} ${op.path} body`) : []),
    ]);
    expect(found).toEqual([]);
  });

  it("answers every bad request with a 4xx and an error code, never a 5xx, and writes nothing", async () => {
    expect(operations.length).toBeGreaterThan(30);
    const resolve = resolver(doc);
    const failures: string[] = [];
    let sent = 0;
    for (const op of operations) {
      const label = `${op.method} ${op.path}`;
      const before = await databaseDigest(server.db);
      const result = await fc.check(
        fc.asyncProperty(badRequests(op, resolve, good), async (request) => {
          sent++;
          const problem = await problemWith(await send(request));
          if (problem) throw new Error(problem);
        }),
        { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
      );
      if (result.failed) {
        const [request] = result.counterexample ?? [];
        const error =
          result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance;
        failures.push(
          `${label}: ${String(error).slice(0, 400)}\n    ${request ? describeRequest(request) : ""}`,
        );
      }
      const changed = changedTables(before, await databaseDigest(server.db));
      if (changed.length) failures.push(`${label}: a refused request changed ${changed.join(", ")}`);
    }
    expect(sent).toBeGreaterThan(operations.length * RUNS_PER_OPERATION * 0.9);
    expect(failures, failures.join("\n")).toEqual([]);
  }, 120_000);
});
