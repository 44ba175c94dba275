/**
 * The `leasehold` CLI entry: `run(argv, io)` for tests and embedding, and the process wiring
 * when this module is the program (dist/cli.js loaded by bin/leasehold.mjs).
 * @module
 */
import { realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIo } from "./cli-io.js";
import { outputFormatIn } from "./output.js";
import { buildProgram } from "./program.js";
import { reportError } from "./report-error.js";

/**
 * Runs one command line (without `node` and the script) and resolves to the exit code:
 * 0 ok, 1 API/validation/connection error, 2 usage error. Never calls process.exit.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const format = outputFormatIn(argv);
  try {
    await buildProgram(io, format).parseAsync([...argv], { from: "user" });
    return 0;
  } catch (error) {
    return reportError(error, io.stderr, format);
  }
}

/** True when node was started on this file or on bin/leasehold.mjs (directly or through a symlink). */
function isProgramEntry(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    const started = realpathSync(script);
    const self = fileURLToPath(import.meta.url);
    return started === self || started === join(dirname(self), "..", "bin", "leasehold.mjs");
  } catch {
    return false;
  }
}

if (isProgramEntry()) {
  // A closed pipe (`leasehold nodes list --all | head`) is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(0);
    throw error;
  });
  process.exitCode = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
