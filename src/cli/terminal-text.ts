/**
 * Text from the server shown on a terminal: control characters (an escape sequence, a carriage
 * return, a bidirectional override) are printed as visible escapes instead of acting on the
 * terminal. The server refuses them in free text; this guards what was stored before it did.
 * @module
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every control character but tab and newline written as `\u{…}`; `inCell` escapes those too. */
export function terminalSafe(text: string, inCell = false): string {
  const escaped = text.replace(UNSAFE, (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`);
  return inCell ? escaped.replaceAll("\t", "\\t").replaceAll("\n", "\\n") : escaped;
}
