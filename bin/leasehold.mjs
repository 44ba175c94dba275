#!/usr/bin/env node
// The `leasehold` command: runs the bundled CLI, building it first on a fresh checkout.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
if (!existsSync(cli)) execFileSync(process.execPath, [join(root, "scripts", "build.mjs")], { cwd: root, stdio: "inherit" });
await import(pathToFileURL(cli).href);
