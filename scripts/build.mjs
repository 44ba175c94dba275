// Bundles the server, the CLI and the dashboard into dist/ with esbuild (well under a second).
import { cp, mkdir, rm } from "node:fs/promises";
import { build } from "esbuild";

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
