/**
 * A throwaway `redis-server` for a test file or a bench: started on a free loopback port with no
 * persistence, stopped (and startable again on the same port, to test outages) on demand.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  /** A new client of this server (closed by `stop`). */
  client(): Redis;
  /** Stops the server (clients see it as unreachable); `start` brings it back empty on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server for good and closes every client. */
  close(): Promise<void>;
}

async function waitUntilReady(port: number): Promise<void> {
  const probe = new Redis({ port, host: "127.0.0.1", lazyConnect: true, retryStrategy: () => null });
  probe.on("error", () => {});
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  probe.disconnect();
  throw new Error(`redis-server did not answer on port ${port}`);
}

/** Starts `redis-server` (Debian's package) on a free port. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const clients: Redis[] = [];
  const launch = async () => {
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    await waitUntilReady(port);
  };
  const halt = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGKILL");
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    client() {
      const c = new Redis({ port, host: "127.0.0.1" });
      clients.push(c);
      return c;
    },
    stop: halt,
    start: launch,
    async close() {
      for (const c of clients) c.disconnect();
      await halt();
    },
  };
}
