/**
 * A real Leasehold server for tests: the same composition as `npm start`, on a fresh PGlite (or
 * a given database), listening on a free loopback port.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import type { Clock } from "../../src/app/clock.js";
import { assemble, type Composed } from "../../src/server/compose.js";
import type { RequestLimitRates } from "../../src/server/request-limits.js";
import type { Database } from "../../src/store/sql-client.js";
import { openTestPglite } from "./databases.js";

export interface TestServer extends Composed {
  url: string;
  operatorKey: string;
  dataDir: string;
  /** Creates a tenant and a tenant key; returns the tenant id and key. */
  tenantKey(name: string): Promise<{ tenantId: string; key: string }>;
  close(): Promise<void>;
}

export async function startTestServer(
  options: { demo?: boolean; db?: Database; clock?: Clock; rates?: RequestLimitRates } = {},
): Promise<TestServer> {
  const db = options.db ?? (await openTestPglite());
  const dataDir = mkdtempSync(join(tmpdir(), "leasehold-srv-"));
  const composed = await assemble(db, {
    demo: options.demo ?? false,
    dataDir,
    logger: pino({ level: "silent" }),
    webRoot: resolve("dist/web"),
    ...(options.clock ? { clock: options.clock } : {}),
    // Tests send far more than a person would; the limits' own tests pass small rates.
    rates: options.rates ?? {
      failedAuthPerMinute: 100_000,
      quotesPerMinute: 100_000,
      importsPerMinute: 100_000,
    },
  });
  if (!composed.newOperatorKey) throw new Error("test server expected a fresh database");
  const server = serve({ fetch: composed.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((r) => server.once("listening", () => r()));
  const { port } = server.address() as AddressInfo;
  const operatorKey = composed.newOperatorKey;
  return {
    ...composed,
    url: `http://127.0.0.1:${port}`,
    operatorKey,
    dataDir,
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
    },
  };
}
