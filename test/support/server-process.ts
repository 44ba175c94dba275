/**
 * `npm start`'s server as a real child process (dist/server.js), for what only a process shows:
 * the banner as printed, its log lines, signals and restarts on the same data.
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";

export interface ServerProcess {
  process: ChildProcess;
  /** Every stdout line so far (the banner and pino's JSON lines). */
  stdout: string[];
  stderr: string[];
  /** The dashboard's base URL as the banner printed it. */
  url: string;
  /** Parsed JSON log lines so far. */
  logs(): Array<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal's name) once the process ended and its output was read. */
  exited: Promise<number | string>;
}

/** Starts dist/server.js on a free port with `env` added; resolves once the banner is printed. */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--enable-source-maps", "dist/server.js"], {
    env: { ...process.env, PORT: "0", LEASEHOLD_DEMO: "none", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  // "close", not "exit": it comes once the process ended and its output was read to the end.
  const exited = new Promise<number | string>((resolve) =>
    child.once("close", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const lines = (into: string[]) => {
    let pending = "";
    return (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      into.push(...parts);
    };
  };
  child.stdout.on("data", lines(stdout));
  child.stderr.on("data", lines(stderr));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server not ready in ${timeoutMs} ms: ${stderr.join("\n")}`)),
      timeoutMs,
    );
    const poll = setInterval(() => {
      const line = stdout.find((l) => l.trimStart().startsWith("dashboard"));
      const found = line?.match(/(http:\/\/[^/\s]+)/)?.[1];
      if (found) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(found);
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it was ready: ${stderr.join("\n")}`));
    });
  });
  return {
    process: child,
    stdout,
    stderr,
    url,
    exited,
    logs: () =>
      stdout.flatMap((l) => {
        if (!l.startsWith("{")) return [];
        try {
          return [JSON.parse(l) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
  };
}
