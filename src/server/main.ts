/**
 * `npm start`: the server with the built-in demo on embedded PostgreSQL (or DATABASE_URL). Builds
 * every site's allocation engine before it listens. Logs its start and its stop; on SIGTERM or SIGINT it stops taking connections, lets the requests in
 * flight and a running lease tick finish, closes the database and exits.
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "@hono/node-server";
import { pino } from "pino";
import { LeaseholdError } from "../shared/errors.js";
import { startBanner } from "./banner.js";
import { compose, VERSION } from "./compose.js";
import { loadConfig } from "./config.js";

/** How long a stop waits for requests in flight before it exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig(process.env);
  const logger = pino({ level: config.LOG_LEVEL, base: undefined });
  const webRoot = join(dirname(fileURLToPath(import.meta.url)), "web");
  const composed = await compose(config, logger, webRoot);
  // Every site's allocation engine is built before the server takes requests, so the first lease
  // after a start is placed on a warm engine instead of waiting for the build.
  const warming = performance.now();
  const warmed = await composed.engines.warm(composed.db);
  const warmMs = Math.round(performance.now() - warming);
  const server = serve({ fetch: composed.app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
    const base = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${info.port}`;
    const readyMs = performance.now() - started;
    logger.info(
      {
        version: VERSION,
        port: info.port,
        host: config.HOST,
        database: composed.db.dialect,
        readyMs: Math.round(readyMs),
        enginesWarmed: warmed,
        warmMs,
      },
      "started",
    );
    process.stdout.write(
      startBanner({
        dialect: composed.db.dialect,
        readyMs,
        base,
        ...(composed.demo ? { demo: composed.demo } : {}),
        ...(composed.newOperatorKey ? { newOperatorKey: composed.newOperatorKey } : {}),
        operatorKeyPath: composed.operatorKeyPath,
        dataDir: config.LEASEHOLD_DATA_DIR,
        cwd: process.cwd(),
      }),
    );
  });
  // Time acts on leases: tranches start, leases end. Every 15 s, and once now.
  let ticking: Promise<unknown> = Promise.resolve();
  const tick = () => {
    ticking = composed.leases
      .tick()
      .then(() => composed.limitEvents.run())
      .then(() => composed.idempotency.purge())
      .catch((error: unknown) => logger.error({ err: error }, "lease tick failed"));
  };
  tick();
  const ticker = setInterval(tick, 15_000);
  // Limit sets other servers publish reach this server's limiter within a couple of seconds.
  const limitsPoll = setInterval(() => {
    composed.publishedLimits
      .poll()
      .catch((error: unknown) => logger.error({ err: error }, "published limits poll failed"));
  }, 2_000);
  // Nodes whose agent went quiet are failed within a second of passing the policy's limit.
  composed.healthMonitor.start(1_000, (error) => logger.error({ err: error }, "health sweep failed"));
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "stopping: finishing requests in flight");
    clearInterval(ticker);
    clearInterval(limitsPoll);
    void composed.healthMonitor.stop();
    const forced = setTimeout(() => {
      logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, "requests still in flight at the deadline: exiting");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    server.close(() => {
      void ticking
        .then(() => composed.db.close())
        .then(
          () => {
            logger.info("stopped");
            process.exit(0);
          },
          (error: unknown) => {
            logger.error({ err: error }, "closing the database failed");
            process.exit(1);
          },
        );
    });
    // Keep-alive connections with no request in flight would hold the close open.
    if ("closeIdleConnections" in server) server.closeIdleConnections();
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
