/**
 * `leasehold db dump -f FILE` and `leasehold db restore FILE`: the whole database as a logical dump,
 * through the server (so it works for the embedded database, which one process owns, and for
 * PostgreSQL alike), with the bytes moved shown as they go.
 * @module
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rename, rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Readable } from "node:stream";
import { Command } from "commander";
import { UsageError } from "../cli-errors.js";
import type { CliIo } from "../cli-io.js";
import { type CommandContext, contextOf } from "../context.js";
import { formatCount, renderTable } from "../output.js";
import { createProgress } from "../progress.js";

/** The dump's media type (see the server's /v1/admin/dump). */
const DUMP_TYPE = "application/x-leasehold-dump";

function renderRows(rows: Record<string, number>): string {
  return renderTable(
    [
      { header: "TABLE", value: (r: [string, number]) => r[0] },
      { header: "ROWS", value: (r: [string, number]) => r[1] },
    ],
    Object.entries(rows),
  );
}

/** Counts the rows per table of a dump's end line (`# {"end":true,"rows":{…}}`). */
function rowsOfEndLine(tail: string): Record<string, number> | undefined {
  const line = tail.trimEnd().split("\n").pop() ?? "";
  if (!line.startsWith("# ")) return undefined;
  try {
    const meta = JSON.parse(line.slice(2)) as { end?: boolean; rows?: Record<string, number> };
    return meta.end === true ? meta.rows : undefined;
  } catch {
    return undefined;
  }
}

async function dump(ctx: CommandContext, file: string): Promise<void> {
  const path = resolve(ctx.io.cwd, file);
  const partial = `${path}.partial`;
  const body = await ctx.call((api) => api.GET("/v1/admin/dump", { parseAs: "stream" as const }));
  const progress = createProgress(ctx.io.stderr);
  progress.phase("dumping", 1, "bytes");
  let bytes = 0;
  let tail = "";
  const out = createWriteStream(partial, { mode: 0o600 });
  try {
    for await (const chunk of Readable.fromWeb(
      body as import("node:stream/web").ReadableStream<Uint8Array>,
    )) {
      const buffer = chunk as Buffer;
      bytes += buffer.byteLength;
      tail = (tail + buffer.toString("utf8")).slice(-65_536);
      if (!out.write(buffer)) await new Promise<void>((r) => out.once("drain", () => r()));
      progress.update(bytes);
    }
    await new Promise<void>((done, fail) =>
      out.end((error?: Error | null) => (error ? fail(error) : done())),
    );
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  progress.stop(true);
  const rows = rowsOfEndLine(tail);
  if (!rows) {
    await rm(partial, { force: true });
    throw new UsageError(
      "the dump stopped before its end line (the server failed while dumping): nothing was written",
    );
  }
  // Only a complete dump takes the file's name.
  await rename(partial, path);
  ctx.io.stderr.write(`wrote ${formatCount(bytes)} bytes to ${file}\n`);
  ctx.emit({ file: path, bytes, rows }, (p) => renderRows(p.rows));
}

async function restore(ctx: CommandContext, file: string): Promise<void> {
  const path = resolve(ctx.io.cwd, file);
  const size = await stat(path).then(
    (s) => s.size,
    () => {
      throw new UsageError(`cannot read dump ${file}: no such file`);
    },
  );
  const progress = createProgress(ctx.io.stderr);
  progress.phase("restoring", size, "bytes");
  let sent = 0;
  const source = createReadStream(path);
  source.on("data", (chunk) => {
    sent += chunk.length;
    progress.update(sent);
  });
  const result = await ctx.call((api) =>
    api.POST("/v1/admin/restore", {
      body: Readable.toWeb(source) as unknown as string,
      bodySerializer: (b: unknown) => b as BodyInit,
      headers: { "content-type": DUMP_TYPE },
      // A streamed body needs half-duplex fetch.
      duplex: "half",
    } as never),
  );
  progress.stop(true);
  const { rows } = result as { rows: Record<string, number> };
  ctx.emit(result, () => renderRows(rows));
}

export function dbCommand(io: CliIo): Command {
  const db = new Command("db").description("Back up and restore the whole database through the server");
  db.command("dump")
    .description("Write a consistent dump of every table to a file (operator key)")
    .requiredOption("-f, --file <path>", "where to write the dump")
    .action(async (options: { file: string }, command: Command) =>
      dump(contextOf(command, io), options.file),
    );
  db.command("restore")
    .description("Restore a dump into a server that holds no sites, tenants or leases yet (operator key)")
    .argument("<file>", "a dump written by `leasehold db dump`")
    .action(async (file: string, _options, command: Command) => restore(contextOf(command, io), file));
  return db;
}
