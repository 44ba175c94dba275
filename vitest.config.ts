import { defineConfig } from "vitest/config";

/**
 * Tests by cost. `unit`: pure code, no database, no server (seconds). `store`: use cases and
 * repositories on PGlite and PostgreSQL. `api`: the HTTP API and the CLI against running servers.
 * `browser`: the dashboard in headless Chromium. `npx vitest --project unit` runs one of them.
 */
const all = ["src/**/*.test.ts", "test/**/*.test.ts", "web/**/*.test.ts", "bench/**/*.test.ts"];
const store = ["src/app/**/*.test.ts", "src/store/**/*.test.ts"];
const api = ["test/api/**/*.test.ts", "test/cli/**/*.test.ts", "test/crash/**/*.test.ts"];
const browser = ["test/dashboard*.test.ts"];
const databases = { globalSetup: ["test/support/global-setup.ts"] };

export default defineConfig({
  test: {
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/support/summary-reporter-entry.ts"],
    projects: [
      {
        extends: true,
        test: { name: "unit", include: all, exclude: [...store, ...api, ...browser], isolate: false },
      },
      { extends: true, test: { name: "store", include: store, ...databases } },
      { extends: true, test: { name: "api", include: api, ...databases } },
      { extends: true, test: { name: "browser", include: browser, ...databases } },
    ],
  },
});
