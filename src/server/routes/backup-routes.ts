/**
 * /v1/admin/dump and /v1/admin/restore: the whole database as a logical dump, streamed both ways
 * (operator key). See store/database-dump.ts for the format.
 * @module
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { stream } from "hono/streaming";
import type { BackupService } from "../../app/backup-service.js";
import { LeaseholdError } from "../../shared/errors.js";
import type { AppEnv } from "../app-env.js";
import { operatorRoute } from "../auth.js";
import { tooLarge } from "../read-body.js";
import { errorResponses } from "../schemas.js";

/** The media type of a dump: lines of text (see store/database-dump.ts). */
export const DUMP_MEDIA_TYPE = "application/x-leasehold-dump";
/** Largest dump a restore reads: it streams, so this bounds time rather than memory. */
const RESTORE_LIMIT_BYTES = 8 * 1024 * 1024 * 1024;
/** Longest line a dump may have (one row). */
const LINE_LIMIT_BYTES = 64 * 1024 * 1024;

const RowsSchema = z.record(z.string(), z.number().int()).openapi({ description: "Rows per table" });

/** The request body as lines, read as it arrives, refusing more than the limits. */
async function* bodyLines(c: Context): AsyncIterable<string> {
  const reader = c.req.raw.body?.getReader();
  if (!reader) return;
  const decoder = new TextDecoder();
  let pending = "";
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > RESTORE_LIMIT_BYTES) {
      await reader.cancel();
      throw tooLarge(size, RESTORE_LIMIT_BYTES);
    }
    pending += decoder.decode(value, { stream: true });
    let newline = pending.indexOf("\n");
    while (newline >= 0) {
      yield pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      newline = pending.indexOf("\n");
    }
    if (pending.length > LINE_LIMIT_BYTES) {
      await reader.cancel();
      throw new LeaseholdError("INVALID_DUMP", `a line of the dump is longer than ${LINE_LIMIT_BYTES} bytes`);
    }
  }
  pending += decoder.decode();
  if (pending) yield pending;
}

export function backupRoutes(backups: BackupService) {
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(
    operatorRoute({
      method: "get",
      path: "/v1/admin/dump",
      tags: ["Admin"],
      summary: "Dump the whole database (a consistent snapshot) as lines of text",
      description:
        "Streams every table as one line per row, in foreign-key order, between a header line and an end " +
        "line that counts the rows. The same dump restores into PGlite or PostgreSQL. It holds key hashes: " +
        "keep it as safe as the database.",
      responses: {
        200: { description: "The dump", content: { [DUMP_MEDIA_TYPE]: { schema: z.string() } } },
        ...errorResponses(403),
      },
    }),
    (c) => {
      c.header("content-type", DUMP_MEDIA_TYPE);
      c.header("content-disposition", 'attachment; filename="leasehold.dump"');
      return stream(c, async (out) => {
        await backups.dump(c.get("principal"), async (text) => {
          await out.write(text);
        });
      }) as never;
    },
  );

  app.openapi(
    operatorRoute({
      method: "post",
      path: "/v1/admin/restore",
      tags: ["Admin"],
      summary: "Restore a dump into this server, all or nothing",
      description:
        "The server must hold no sites, tenants or leases yet (409 RESTORE_TARGET_NOT_EMPTY). A dump that is " +
        "truncated, from a newer schema, or not a dump answers 400 INVALID_DUMP and changes nothing. The keys " +
        "of this server keep working beside the restored ones.",
      request: { body: { required: true, content: { [DUMP_MEDIA_TYPE]: { schema: z.string() } } } },
      responses: {
        200: {
          description: "Restored",
          content: { "application/json": { schema: z.object({ rows: RowsSchema }) } },
        },
        ...errorResponses(400, 403, 409, 413, 415),
      },
    }),
    async (c) => {
      const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
      if (type !== DUMP_MEDIA_TYPE) {
        throw new LeaseholdError(
          "UNSUPPORTED_MEDIA_TYPE",
          `Content-Type must be ${DUMP_MEDIA_TYPE} (got "${type || "none"}")`,
          [{ field: "Content-Type", message: "unsupported media type", bound: DUMP_MEDIA_TYPE }],
        );
      }
      const rows = await backups.restore(c.get("principal"), bodyLines(c));
      return c.json({ rows }, 200);
    },
  );

  return app;
}
