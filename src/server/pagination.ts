/**
 * The one pagination convention of every list route: `limit` (default 100, at most 1000) and
 * `cursor` in, `nextCursor` out (null on the last page). A cursor is opaque to clients: the last
 * row's sort key and id, base64url-encoded JSON, so pages stay stable while rows are inserted.
 * @module
 */
import { z } from "@hono/zod-openapi";
import { LeaseholdError } from "../shared/errors.js";
import { type KeysetPosition, keysetPage } from "../shared/keyset-page.js";

export const PAGE_LIMITS = { default: 100, max: 1000 } as const;

/**
 * A whole number in a query string, in decimal digits only: `limit=0x10`, `1e2` or ` 5` are
 * refused rather than read as 16, 100 or 5, and digits past a safe integer never reach the database.
 */
export function queryInteger(bounds: { min: number; max: number }) {
  return z.preprocess(
    (value) => (typeof value === "string" && /^-?\d{1,15}$/.test(value) ? Number(value) : value),
    z.number().int().min(bounds.min).max(bounds.max),
  );
}

export const PageQuery = {
  limit: queryInteger({ min: 1, max: PAGE_LIMITS.max })
    .default(PAGE_LIMITS.default)
    .openapi({
      param: { name: "limit", in: "query" },
      example: 100,
      description: `At most this many (default ${PAGE_LIMITS.default}, at most ${PAGE_LIMITS.max})`,
    }),
  cursor: z
    .string()
    .max(2048)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" }, description: "The nextCursor of the previous page" }),
};

export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Decodes a cursor and checks its shape; a forged or stale cursor is a 400, not a 500. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw new LeaseholdError("VALIDATION_FAILED", "cursor is not one this server issued", [
      {
        field: "cursor",
        message: "cursor must be the nextCursor of a previous page",
        bound: "issued cursor",
      },
    ]);
  }
}

/** `nextCursor` of a list answer. */
export const NextCursor = z
  .string()
  .nullable()
  .openapi({ description: "Pass as `cursor` for the next page; null on the last page" });

const PositionSchema = z.object({ key: z.string(), id: z.string() });

/** One page of `rows` (held in memory) in (sort key, id) order, with the cursor of the next page. */
export function listPage<T>(
  rows: readonly T[],
  positionOf: (row: T) => KeysetPosition,
  query: { limit: number; cursor?: string | undefined },
): { rows: T[]; nextCursor: string | null } {
  const after = query.cursor ? decodeCursor(query.cursor, PositionSchema) : undefined;
  const page = keysetPage(rows, positionOf, { limit: query.limit, after });
  return { rows: page.rows, nextCursor: page.next ? encodeCursor(page.next) : null };
}

const IdCursor = z.object({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

/** The row id a cursor over an id-ordered log (audit entries, node moves) continues from. */
export function idAfter(cursor: string | undefined): number | undefined {
  return cursor ? decodeCursor(cursor, IdCursor).id : undefined;
}

/** The cursor after `rows` when one more row than `limit` was read, and the page itself. */
export function idPage<T extends { id: number }>(
  rows: T[],
  limit: number,
): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: rows.length > limit && last ? encodeCursor({ id: last.id }) : null };
}
