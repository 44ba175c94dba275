/**
 * The server the HTTP limits bench loads: `npm start`'s composition on a fresh PGlite with one
 * tenant, a checker key and an API tier published in memory; prints `{url, key}` once listening.
 * With `FLOOR=1` it is the floor instead: a bare node:http server answering a small JSON body.
 * @module
 */
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { MemoryLimits } from "../src/limits/memory-limits.js";
import { assemble } from "../src/server/compose.js";
import { openPglite } from "../src/store/pglite-database.js";

if (process.env.FLOOR === "1") {
  const body = JSON.stringify({ granted: true, reservationId: null, limits: [] });
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(body));
  });
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as AddressInfo;
    console.log(JSON.stringify({ url: `http://127.0.0.1:${port}`, key: "none" }));
  });
} else {
  const dir = mkdtempSync(join(tmpdir(), "leasehold-limits-bench-"));
  const limits = new MemoryLimits();
  const composed = await assemble(await openPglite(join(dir, "pgdata")), {
    demo: false,
    dataDir: dir,
    logger: pino({ level: "silent" }),
    webRoot: resolve("dist/web"),
    limits,
    rates: { failedAuthPerMinute: 1_000_000, quotesPerMinute: 1_000_000, importsPerMinute: 1_000_000 },
  });
  const operator = { role: "operator" as const, keyId: "bench", keyName: "bench" };
  const tenant = await composed.access.createTenant(operator, "lab");
  const { key } = await composed.access.createKey(operator, {
    name: "gateway",
    role: "checker",
    tenant: tenant.id,
  });
  const huge = 1e15;
  limits.publish(tenant.id, [
    {
      plan: "tier-4",
      modelClass: "large",
      limits: [
        { dimension: "requests", window: "minute", limit: huge },
        { dimension: "input_tokens", window: "minute", limit: huge },
        { dimension: "output_tokens", window: "minute", limit: huge },
      ],
    },
  ]);
  const server = serve({ fetch: composed.app.fetch, port: 0, hostname: "127.0.0.1" });
  server.once("listening", () => {
    const { port } = server.address() as AddressInfo;
    console.log(JSON.stringify({ url: `http://127.0.0.1:${port}`, key }));
  });
}
