// Bundles the server, the CLI and the dashboard into dist/ with esbuild (well under a second), and
// generates the wire contract's types from the routes when they changed (see contract.mjs).
import { cp, mkdir, rm } from "node:fs/promises";
import { build } from "esbuild";
import { generateContract } from "./contract.mjs";

const watch = process.argv.includes("--watch");
await rm("dist", { recursive: true, force: true });
await mkdir("dist/web/assets", { recursive: true });

const node = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
};
await Promise.all([
  // The bundles import the generated types only as types, which esbuild erases: no ordering needed.
  generateContract(),
  build({ ...node, entryPoints: { server: "src/server/main.ts", cli: "src/cli/main.ts" }, outdir: "dist" }),
  build({
    entryPoints: { app: "web/src/main.ts" },
    outdir: "dist/web/assets",
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify: !watch,
    sourcemap: true,
    logLevel: "warning",
  }),
  cp("web/index.html", "dist/web/index.html"),
  cp("web/styles.css", "dist/web/assets/styles.css"),
]);
