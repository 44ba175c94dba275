/**
 * A real Leasehold server for tests: the same composition as `npm start`, on a fresh PGlite (or
 * a given database), listening on a free loopback port. Every answer it gives a test, in process
 * (`server.app.request`, `server.api()`) or over HTTP (the CLI, the browser, fetch), is checked
 * against its own /openapi.json: a drift fails the test (in process) or becomes a 500 naming it.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import createClient, { type Client } from "openapi-fetch";
import { pino } from "pino";
import type { SparePolicy } from "../../src/allocation/spare-pool.js";
import type { Clock } from "../../src/app/clock.js";
import type { StoreFailurePolicy } from "../../src/app/limit-checks.js";
import type { paths } from "../../src/contract/generated/api.js";
import type { PublishedLimits } from "../../src/limits/limit-set.js";
import type { LimitStore } from "../../src/limits/limit-store.js";
import type { EnergySource } from "../../src/metering/energy-source.js";
import { assemble, type Composed } from "../../src/server/compose.js";
import { openApiDocument } from "../../src/server/openapi-document.js";
import type { RequestLimitRates } from "../../src/server/request-limits.js";
import type { Database } from "../../src/store/sql-client.js";
import { ContractCheck, checkedFetch, type Fetch } from "./contract-check.js";
import { openTestPglite } from "./databases.js";

export interface TestServer extends Composed {
  url: string;
  operatorKey: string;
  dataDir: string;
  /** Creates a tenant and a tenant key; returns the tenant id and key. */
  tenantKey(name: string): Promise<{ tenantId: string; key: string }>;
  /** The contract's typed client, in process, calling with `key` (default: the operator key). */
  api(key?: string): Client<paths>;
  /** What drifted from the contract in answers over HTTP; close() fails when there is any. */
  drifts: string[];
  close(): Promise<void>;
}

export async function startTestServer(
  options: {
    demo?: boolean;
    db?: Database;
    clock?: Clock;
    rates?: RequestLimitRates;
    /** The usage limits in force (the limit checks' tests set their own). */
    limits?: PublishedLimits;
    limitStore?: LimitStore;
    limitFailure?: StoreFailurePolicy;
    spares?: SparePolicy;
    energy?: EnergySource;
  } = {},
): Promise<TestServer> {
  const db = options.db ?? (await openTestPglite());
  const dataDir = mkdtempSync(join(tmpdir(), "leasehold-srv-"));
  const composed = await assemble(db, {
    demo: options.demo ?? false,
    dataDir,
    logger: pino({ level: "silent" }),
    webRoot: resolve("dist/web"),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.limitStore ? { limitStore: options.limitStore } : {}),
    ...(options.limitFailure ? { limitFailure: options.limitFailure } : {}),
    ...(options.spares ? { spares: options.spares } : {}),
    ...(options.energy ? { energy: options.energy } : {}),
    // Tests send far more than a person would; the limits' own tests pass small rates.
    rates: options.rates ?? {
      failedAuthPerMinute: 100_000,
      quotesPerMinute: 100_000,
      importsPerMinute: 100_000,
    },
  });
  if (!composed.newOperatorKey) throw new Error("test server expected a fresh database");
  const contract = new ContractCheck(openApiDocument(composed.app, "test"));
  const drifts: string[] = [];
  const inProcess = checkedFetch(
    contract,
    async (request) => composed.app.fetch(request),
    (problems) => {
      throw new Error(`the answer drifted from the contract:\n${problems.join("\n")}`);
    },
  );
  const overHttp = (request: Request, env: unknown) =>
    checkedFetch(
      contract,
      async (r) => composed.app.fetch(r, env),
      (problems) => {
        drifts.push(...problems);
        const message = `the answer drifted from the contract: ${problems.join("; ")}`;
        return Response.json({ error: { code: "INTERNAL", message, requestId: "test" } }, { status: 500 });
      },
    )(request);
  // `server.app.request(path, init)` as Hono has it, with every answer checked.
  const request = (input: string | URL | Request, init?: RequestInit) =>
    inProcess(
      input instanceof Request
        ? new Request(input, init)
        : new Request(new URL(String(input), "http://localhost"), init),
    );
  const app = new Proxy(composed.app, {
    get: (target, property, receiver) =>
      property === "request" ? request : Reflect.get(target, property, receiver),
  });
  const server = serve({ fetch: overHttp, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const { port } = server.address() as AddressInfo;
  const operatorKey = composed.newOperatorKey;
  return {
    ...composed,
    app,
    url: `http://127.0.0.1:${port}`,
    operatorKey,
    dataDir,
    drifts,
    api(key = operatorKey) {
      const fetch: Fetch = inProcess;
      return createClient<paths>({
        baseUrl: "http://localhost",
        headers: { authorization: `Bearer ${key}` },
        fetch,
      });
    },
    async tenantKey(name) {
      const operator = { role: "operator" as const, keyId: "test", keyName: "test" };
      const tenant = await composed.access.createTenant(operator, name);
      const { key } = await composed.access.createKey(operator, {
        name: `${name}-key`,
        role: "tenant",
        tenant: tenant.id,
      });
      return { tenantId: tenant.id, key };
    },
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (drifts.length) throw new Error(`answers drifted from the contract:\n${drifts.join("\n")}`);
    },
  };
}
