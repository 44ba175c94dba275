/**
 * Free text that PostgreSQL can store as it was sent and that is safe to show on an operator's
 * terminal: no NUL character (text columns refuse it), no unpaired UTF-16 surrogate (jsonb refuses
 * it; text would silently replace it), and no control character but tab and newline (an escape
 * sequence in a tenant's notice reason would otherwise reach the operator's terminal), nor the
 * invisible bidirectional overrides that make text read differently from what it holds.
 * @module
 */
import { z } from "zod";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** C0 controls but tab and newline, DEL, C1 controls, and the bidirectional embedding/override/isolate marks. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A string schema that refuses control characters and unpaired surrogates, reported as `format plain-text`. */
export function plainText() {
  return z.stringFormat("plain-text", (text) => !CONTROL.test(text) && !LONE_SURROGATE.test(text));
}
