/**
 * Parses a JSON or YAML document, and when it does not parse says where: the first syntax error
 * only (later ones are usually echoes of it), with its line and column.
 * @module
 */
import { parseDocument, parse as parseYaml, YAMLParseError } from "yaml";

export type DocumentFormat = "json" | "yaml";

export type ParsedDocument =
  | { ok: true; value: unknown }
  | { ok: false; message: string; line?: number; column?: number };

/** Where YAML's parser first stumbles in `text` (JSON is YAML too), or undefined. */
function firstSyntaxError(text: string): { message: string; line?: number; column?: number } | undefined {
  const error = parseDocument(text, { prettyErrors: false }).errors[0];
  if (!error) return undefined;
  const at = error.linePos?.[0];
  return { message: headline(error.message), ...(at ? { line: at.line, column: at.col } : {}) };
}

/** The first line of a parser's message, without its trailing "at line L, column C:". */
function headline(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "").trim();
}

export function parseDocumentText(text: string, format: DocumentFormat): ParsedDocument {
  try {
    return { ok: true, value: format === "json" ? JSON.parse(text) : parseYaml(text) };
  } catch (error) {
    const located = firstSyntaxError(text);
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      return {
        ok: false,
        message: headline(error.message),
        ...(at ? { line: at.line, column: at.col } : {}),
      };
    }
    const raw = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(raw)?.[1];
    // V8 quotes the whole text in some messages: keep the part before the quote.
    const message = headline(raw.replace(/ in JSON at position \d+.*$/s, "").replace(/, ".*$/s, ""));
    if (offset !== undefined) return { ok: false, message, ...lineAndColumn(text, Number(offset)) };
    return located?.line !== undefined
      ? {
          ok: false,
          message,
          line: located.line,
          ...(located.column === undefined ? {} : { column: located.column }),
        }
      : { ok: false, message };
  }
}

/** The 1-based line and column of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: offset - lastBreak };
}

/** "line 4, column 3" when known. */
export function describePosition(parsed: { line?: number; column?: number }): string | undefined {
  if (parsed.line === undefined) return undefined;
  return parsed.column === undefined ? `line ${parsed.line}` : `line ${parsed.line}, column ${parsed.column}`;
}
