/**
 * `npm start`: the server with the built-in demo on embedded PostgreSQL (or DATABASE_URL).
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { LeaseholdError } from "../shared/errors.js";
import { compose } from "./compose.js";
import { loadConfig } from "./config.js";

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig(process.env);
  const logger = pino({ level: config.LOG_LEVEL, base: undefined });
  const webRoot = join(dirname(fileURLToPath(import.meta.url)), "web");
  const composed = await compose(config, logger, webRoot);
  const server = serve({ fetch: composed.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const base = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${info.port}`;
    const lines = [
      "",
      `Leasehold ${composed.db.dialect === "pglite" ? "on embedded PostgreSQL (PGlite)" : "on PostgreSQL"} is ready in ${Math.round(performance.now() - started)} ms`,
      composed.demo
        ? `  demo loaded: ${composed.demo.gpus.toLocaleString("en-US")} GPUs on ${composed.demo.nodes.toLocaleString("en-US")} nodes`
        : "",
      composed.newOperatorKey
        ? `  dashboard   ${base}/#key=${composed.newOperatorKey}`
        : `  dashboard   ${base}/`,
      `  API docs    ${base}/docs   (OpenAPI: ${base}/openapi.json)`,
      composed.newOperatorKey
        ? `  operator key (shown once, saved to ${composed.operatorKeyPath}):\n    ${composed.newOperatorKey}`
        : `  operator key: in ${composed.operatorKeyPath}`,
      "  CLI         npx leasehold sites list",
      "",
    ];
    process.stdout.write(`${lines.filter((l) => l !== "").join("\n")}\n`);
  });
  // Time acts on leases: tranches start, leases end. Every 15 s, and once now.
  const tick = () =>
    composed.leases.tick().catch((error: unknown) => logger.error({ err: error }, "lease tick failed"));
  void tick();
  const ticker = setInterval(tick, 15_000);
  const stop = () => {
    clearInterval(ticker);
    server.close();
    void composed.db.close().finally(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  if (error instanceof LeaseholdError) {
    process.stderr.write(`leasehold: ${error.code}: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `leasehold: failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
