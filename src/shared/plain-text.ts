/**
 * Free text that PostgreSQL can store as it was sent: no NUL character (text columns refuse it)
 * and no unpaired UTF-16 surrogate (jsonb refuses it; text would silently replace it).
 * @module
 */
import { z } from "zod";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A string schema that refuses NUL and unpaired surrogates, reported as `format plain-text`. */
export function plainText() {
  return z.stringFormat("plain-text", (text) => !text.includes("\u0000") && !LONE_SURROGATE.test(text));
}
