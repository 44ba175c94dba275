/**
 * The headless Chromium the dashboard tests drive, and the operator's view of the API beside it.
 * @module
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { expect } from "vitest";
import type { TestServer } from "./test-server.js";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Throws unless `npm run build` has written the dashboard the test server serves (dist/web). */
export function requireBuiltDashboard(): void {
  if (!existsSync("dist/web/assets/app.js")) throw new Error("dashboard not built: run npm run build first");
}

/** Launches the system Chromium (/usr/bin/chromium), headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * A JSON call to `server`'s API with its operator key that expects `status` (200 unless given)
 * and returns the body.
 */
export function operatorApi(server: () => TestServer) {
  return async <T>(path: string, init: RequestInit = {}, status = 200): Promise<T> => {
    const response = await fetch(`${server().url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${server().operatorKey}`, "content-type": "application/json" },
    });
    expect(response.status, `${init.method ?? "GET"} ${path}`).toBe(status);
    return (await response.json()) as T;
  };
}
