/**
 * Test support: runs the CLI in-process with captured stdout/stderr, as a script would see it.
 * @module
 */
import { Writable } from "node:stream";
import type { TextStream } from "../../src/cli/cli-io.js";
import { run } from "../../src/cli/main.js";

/** A stream that keeps what was written; `isTTY` makes progress bars draw into it. */
function captureStream(isTTY = false): TextStream & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      done();
    },
  });
  return Object.assign(stream, { isTTY, columns: 100, text: () => chunks.join("") });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliTarget {
  /** Server URL and key, passed as LEASEHOLD_SERVER and LEASEHOLD_API_KEY. */
  url?: string;
  key?: string;
  /** Extra or replacing environment variables. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Pretend stderr is a terminal, so progress bars draw. */
  tty?: boolean;
}

export async function runCli(argv: string[], target: CliTarget = {}): Promise<CliResult> {
  const stdout = captureStream();
  const stderr = captureStream(target.tty);
  const code = await run(argv, {
    stdout,
    stderr,
    env: { LEASEHOLD_SERVER: target.url, LEASEHOLD_API_KEY: target.key, ...target.env },
    cwd: target.cwd ?? process.cwd(),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
