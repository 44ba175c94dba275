/**
 * Opaque keyset cursors: the last row's sort key, base64url-encoded JSON.
 * @module
 */
import { z } from "@hono/zod-openapi";
import { LeaseholdError } from "../shared/errors.js";

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
    .openapi({ param: { name: "limit", in: "query" }, example: 100 }),
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
