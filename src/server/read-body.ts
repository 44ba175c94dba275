/**
 * Reads a request body as JSON or YAML within a byte limit, turning every way it can be wrong
 * into a stable error code.
 * @module
 */
import type { Context } from "hono";
import { describePosition, parseDocumentText } from "../shared/document-text.js";
import { LeaseholdError } from "../shared/errors.js";
import { jsonTextDepth, MAX_NESTING, valueDepth } from "../shared/nesting.js";

/**
 * Request bodies are bounded before they are read. A fleet file is ~107 bytes a node in JSON (the
 * 30,272-node demo is 3.2 MB), so 64 MiB holds about 600,000 nodes: twenty demo sites at once.
 */
export const BODY_LIMITS = { defaultBytes: 1024 * 1024, importBytes: 64 * 1024 * 1024 } as const;

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}

/** Bodies already read, by request: the idempotency check and the route read the same text. */
const bodies = new WeakMap<Request, Promise<string>>();

/** Reads the raw body once, refusing more than `limitBytes` (by Content-Length, or while streaming). */
export function readBodyText(c: Context, limitBytes: number): Promise<string> {
  let text = bodies.get(c.req.raw);
  if (!text) {
    text = readStream(c, limitBytes);
    bodies.set(c.req.raw, text);
  }
  return text;
}

async function readStream(c: Context, limitBytes: number): Promise<string> {
  const declared = Number(c.req.header("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limitBytes) throw tooLarge(declared, limitBytes);
  const reader = c.req.raw.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel();
      throw tooLarge(size, limitBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function tooLarge(size: number, limitBytes: number): LeaseholdError {
  return new LeaseholdError(
    "PAYLOAD_TOO_LARGE",
    `request body must be <= ${mib(limitBytes)} (got ${mib(size)}+)`,
    [{ field: "(body)", message: "request body too large", bound: `<= ${limitBytes} bytes` }],
  );
}

/** A body that nests deeper than MAX_NESTING: refused before anything walks it recursively. */
export function tooDeep(format: "JSON" | "YAML"): LeaseholdError {
  return new LeaseholdError(
    "MALFORMED_JSON",
    `request body nests deeper than ${MAX_NESTING} levels of arrays and objects`,
    [{ field: "(body)", message: `${format} nested too deep`, bound: `nesting <= ${MAX_NESTING}` }],
  );
}

/** Parses a JSON or YAML document according to the request's Content-Type. */
export async function readDocument(c: Context, limitBytes: number): Promise<unknown> {
  const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const isJson = type === "application/json";
  const isYaml = type === "application/yaml" || type === "application/x-yaml" || type === "text/yaml";
  if (!isJson && !isYaml) {
    throw new LeaseholdError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Type must be application/json or application/yaml (got "${type || "none"}")`,
      [
        {
          field: "Content-Type",
          message: "unsupported media type",
          bound: "application/json | application/yaml",
        },
      ],
    );
  }
  const text = await readBodyText(c, limitBytes);
  if (isJson && jsonTextDepth(text) > MAX_NESTING) throw tooDeep("JSON");
  const parsed = parseDocumentText(text, isJson ? "json" : "yaml");
  if (!parsed.ok) {
    const where = describePosition(parsed);
    const format = isJson ? "JSON" : "YAML";
    throw new LeaseholdError(
      "MALFORMED_JSON",
      `request body is not valid ${format}${where ? ` at ${where}` : ""}: ${parsed.message}`,
      [{ field: "(body)", message: where ? `${where}: ${parsed.message}` : parsed.message, bound: format }],
    );
  }
  const doc = parsed.value;
  if (valueDepth(doc) > MAX_NESTING) throw tooDeep(isJson ? "JSON" : "YAML");
  return doc;
}

/**
 * Reads a JSON body for a route that hands it to a use case unvalidated (the use case validates
 * and names the fields); an empty or malformed body is MALFORMED_JSON.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  // The /v1 middleware has bounded its size and depth and cached the text.
  const text = await c.req.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new LeaseholdError("MALFORMED_JSON", `request body is not valid JSON: ${detail}`, [
      { field: "(body)", message: detail, bound: "JSON" },
    ]);
  }
}

/** A `true`/`false` query parameter; absent is false, anything else a 400 naming it. */
export function booleanQuery(name: string, value: string | undefined): boolean {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new LeaseholdError("VALIDATION_FAILED", `${name} must be true or false (got "${value}")`, [
    { field: name, message: `${name} must be true or false`, bound: "true|false" },
  ]);
}
