/**
 * Bad requests derived from an operation's OpenAPI description, as fast-check arbitraries. Every
 * request carries at least one defect the server must refuse — a wrong type, an unknown field or
 * query parameter, a string or number past its documented bound, a character no text may hold, a
 * path id that names nothing, a body that is not JSON or comes with a wrong content type — and
 * noise elsewhere: unicode, huge numbers, another key or none.
 * @module
 */
import fc from "fast-check";
import { fillPath, type JsonSchema, type Operation } from "./openapi-operations.js";

export type KeyChoice = "operator" | "tenant" | "none" | "bogus";

export interface BadRequest {
  /** What makes the request bad, for the failure report. */
  defect: string;
  key: KeyChoice;
  method: string;
  /** Path and query string. */
  url: string;
  contentType?: string;
  body?: string;
}

/** Known-good values for path parameters by name (a real site, node, lease, tenant, key). */
export type PathValues = Record<string, string>;

type Resolve = (schema: JsonSchema) => JsonSchema;

const MAX_DEPTH = 8;

function typesOf(schema: JsonSchema, resolve: Resolve): Set<string> {
  const s = resolve(schema);
  const out = new Set<string>();
  if (Array.isArray(s.type)) for (const t of s.type) out.add(t);
  else if (s.type) out.add(s.type);
  for (const alt of [...(s.anyOf ?? []), ...(s.oneOf ?? [])])
    for (const t of typesOf(alt, resolve)) out.add(t);
  if (out.has("integer")) out.add("number");
  return out;
}

/** A value the schema plausibly accepts, so that one defect elsewhere is what the server meets. */
export function plausible(schema: JsonSchema, resolve: Resolve, depth = 0): unknown {
  const s = resolve(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.example !== undefined) return s.example;
  if (s.examples?.length) return s.examples[0];
  if (s.default !== undefined) return s.default;
  const alt = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].find((a) => !typesOf(a, resolve).has("null"));
  if (alt) return plausible(alt, resolve, depth);
  const types = typesOf(s, resolve);
  if (types.has("object") || s.properties) {
    if (depth > MAX_DEPTH) return {};
    const out: Record<string, unknown> = {};
    for (const name of s.required ?? []) {
      const property = s.properties?.[name];
      if (property) out[name] = plausible(property, resolve, depth + 1);
    }
    return out;
  }
  if (types.has("array")) {
    const items = s.items ? plausible(s.items, resolve, depth + 1) : "x";
    return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => items);
  }
  if (types.has("string")) {
    if (s.format === "date-time") return new Date(Date.now() + 86_400_000).toISOString();
    return "x".repeat(Math.max(1, s.minLength ?? 1));
  }
  if (types.has("number")) return s.minimum ?? (s.exclusiveMinimum ?? 0) + 1;
  if (types.has("boolean")) return false;
  return null;
}

/** A place in a plausible body: the path to it and its schema. */
interface Spot {
  path: Array<string | number>;
  schema: JsonSchema;
}

function spotsOf(schema: JsonSchema, value: unknown, resolve: Resolve, path: Spot["path"] = []): Spot[] {
  const s = resolve(schema);
  const here: Spot[] = [{ path, schema: s }];
  if (path.length > MAX_DEPTH) return here;
  if (Array.isArray(value) && s.items) {
    const items = s.items;
    return [...here, ...value.flatMap((item, i) => spotsOf(items, item, resolve, [...path, i]))];
  }
  if (value && typeof value === "object" && s.properties) {
    const properties = s.properties;
    return [
      ...here,
      ...Object.entries(value).flatMap(([name, item]) => {
        const property = properties[name];
        return property ? spotsOf(property, item, resolve, [...path, name]) : [];
      }),
    ];
  }
  return here;
}

function setAt(root: unknown, path: Spot["path"], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cursor = copy;
  for (const part of path.slice(0, -1)) cursor = cursor[part] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  cursor[last] = value;
  return copy;
}

/** Text with what no stored string may hold: a NUL, an unpaired surrogate, an escape sequence. */
const forbiddenText = fc
  .tuple(
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.constantFrom("\u0000", "\ud800", "\udc00", "\u001b[2J", "\u202e", "\u0007"),
    fc.string({ unit: "binary", maxLength: 12 }),
  )
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** The same for a query string, which carries no unpaired surrogate (it becomes U+FFFD on the way). */
const forbiddenQueryText = fc
  .tuple(
    fc.string({ unit: "grapheme", maxLength: 12 }),
    fc.constantFrom("\u0000", "\u001b[2J", "\u202e", "\u0007", "\u0085"),
  )
  .map(([a, bad]) => `${a}${bad}`);

/** Noise that may or may not be valid: unicode of every kind, long strings, odd spellings. */
const noisyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "..",
    "../../etc/passwd",
    "null",
    "0",
    "-1",
    "1e400",
    "true",
    "%00",
    "ＡＢＣ",
    "🚀🔥",
  ),
  fc.nat({ max: 70_000 }).map((n) => "x".repeat(n)),
);

const hugeNumbers = fc.constantFrom(
  1e308,
  -1e308,
  2 ** 53 + 1,
  -(2 ** 63),
  2 ** 64,
  1.5,
  -1,
  0,
  Number.MIN_VALUE,
);

/** A JSON value of a type `allowed` does not contain. */
function wrongTypeValue(allowed: Set<string>): fc.Arbitrary<unknown> | undefined {
  const candidates: Array<[string, fc.Arbitrary<unknown>]> = [
    ["string", noisyText],
    ["number", hugeNumbers],
    ["boolean", fc.boolean()],
    ["null", fc.constant(null)],
    ["array", fc.array(fc.oneof(noisyText, hugeNumbers), { maxLength: 3 })],
    ["object", fc.dictionary(fc.string({ maxLength: 8 }), noisyText, { maxKeys: 3 })],
  ];
  const wrong = candidates.filter(([type]) => !allowed.has(type)).map(([, arb]) => arb);
  return allowed.size && wrong.length ? fc.oneof(...wrong) : undefined;
}

/** The values a spot's schema refuses for certain, with a label for each. */
function defectsAt(spot: Spot, resolve: Resolve): Array<fc.Arbitrary<[string, unknown]>> {
  const s = spot.schema;
  const types = typesOf(s, resolve);
  const where = spot.path.join(".") || "(body)";
  const out: Array<fc.Arbitrary<[string, unknown]>> = [];
  const wrong = wrongTypeValue(types);
  if (wrong) out.push(wrong.map((v) => [`wrong type at ${where}`, v]));
  if (types.has("string") && !types.has("null")) {
    out.push(forbiddenText.map((v) => [`forbidden character at ${where}`, v]));
    if (s.maxLength !== undefined) {
      const max = s.maxLength;
      out.push(
        fc.integer({ min: 1, max: 5000 }).map((n) => [`over maxLength at ${where}`, "y".repeat(max + n)]),
      );
    }
    if (s.enum)
      out.push(noisyText.filter((t) => !s.enum?.includes(t)).map((v) => [`not in enum at ${where}`, v]));
  }
  if (types.has("number") && !types.has("string")) {
    if (s.maximum !== undefined) out.push(fc.constant([`over maximum at ${where}`, s.maximum + 1e12]));
    if (s.minimum !== undefined) out.push(fc.constant([`under minimum at ${where}`, s.minimum - 1e12]));
    if (types.has("integer") && !Array.isArray(s.type) && s.type === "integer")
      out.push(fc.constant([`fraction for an integer at ${where}`, 1.5]));
  }
  if ((types.has("object") || s.properties) && s.additionalProperties === false) {
    out.push(
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 12 }), noisyText)
        .filter(([name]) => !(name in (s.properties ?? {})))
        .map(([name, v]) => [`unknown field "${name}" at ${where}`, { [name]: v }]),
    );
  }
  return out;
}

/** A plausible body with one certain defect, and perhaps noise in another field. */
function badBodies(op: Operation, resolve: Resolve): fc.Arbitrary<Pick<BadRequest, "defect" | "body">> {
  const schema = op.bodySchema ?? {};
  const base = plausible(schema, resolve);
  const spots = spotsOf(schema, base, resolve);
  const mutations = spots.flatMap((spot) =>
    defectsAt(spot, resolve).map((arb) =>
      arb.map(([defect, value]) => {
        // An unknown field joins the object; every other defect replaces the value.
        const isField = defect.startsWith("unknown field");
        const current = spot.path.reduce<unknown>(
          (node, part) => (node as Record<string | number, unknown>)[part],
          base,
        );
        const next = isField ? { ...(current as object), ...(value as object) } : value;
        return { defect, body: JSON.stringify(setAt(base, spot.path, next)) };
      }),
    ),
  );
  const raw = fc.oneof(
    fc.constant({ defect: "an empty body", body: "" }),
    fc
      .string({ unit: "grapheme", maxLength: 30 })
      .filter((t) => {
        try {
          JSON.parse(t);
          return false;
        } catch {
          return true;
        }
      })
      .map((t) => ({ defect: "a body that is not JSON", body: t })),
    fc.constantFrom('{"a":', "[1,2", '{"a":1}}', "\u0000", "\ufeff{}").map((t) => ({
      defect: "truncated or broken JSON",
      body: t,
    })),
  );
  return mutations.length ? fc.oneof(raw, ...mutations) : raw;
}

/** A path id that names nothing: unicode, oversized, traversal, a prefix without a body. */
const strangeId = fc.oneof(
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).map((t) => `zz${t}`),
  fc.string({ unit: "binary", minLength: 1, maxLength: 30 }).map((t) => `zz${t}`),
  fc.integer({ min: 129, max: 6000 }).map((n) => "z".repeat(n)),
  fc.constantFrom(
    "...",
    "%2e%2e",
    "lse_",
    "tnt_",
    "key_",
    "-1",
    "0",
    "1e400",
    "zz\u0000",
    "zz\ud800",
    "zz/zz",
  ),
);

/** A value that a declared query parameter refuses for certain. */
function badQueryValue(schema: JsonSchema, resolve: Resolve): fc.Arbitrary<string> | undefined {
  const s = resolve(schema);
  const types = typesOf(s, resolve);
  if (s.enum) return noisyText.filter((t) => !s.enum?.map(String).includes(t));
  if (types.has("integer") || types.has("number")) {
    const out = ["abc", "", "1e400", "NaN", "Infinity", "0x10", "1 000"];
    if (types.has("integer")) out.push("1.5");
    if (s.maximum !== undefined) out.push(String(s.maximum + 1), "99999999999999999999999");
    if (s.minimum !== undefined) out.push(String(s.minimum - 1), "-99999999999999999999999");
    return fc.constantFrom(...out);
  }
  if (types.has("boolean")) return fc.constantFrom("yes", "2", "", "TRUE!", "🚀");
  if (types.has("string")) {
    const out: Array<fc.Arbitrary<string>> = [forbiddenQueryText];
    if (s.maxLength !== undefined) out.push(fc.constant("q".repeat(s.maxLength + 1)));
    if (s.format === "date-time")
      out.push(noisyText.filter((t) => Number.isNaN(Date.parse(t)) || t.length < 5));
    return fc.oneof(...out);
  }
  return undefined;
}

const badContentTypes = fc.constantFrom(
  "text/plain",
  "application/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=zz",
  "application/octet-stream",
  "application/json-patch+json",
  "",
);

/**
 * Bad requests for `op`. Path parameters take `good` values unless the path is the defect; the
 * body is plausible unless it is the defect, so each request meets exactly the check it tests.
 */
export function badRequests(op: Operation, resolve: Resolve, good: PathValues): fc.Arbitrary<BadRequest> {
  const pathParams = op.parameters.filter((p) => p.in === "path");
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const requiredQuery = new URLSearchParams();
  for (const p of queryParams.filter((q) => q.required))
    requiredQuery.set(p.name, String(plausible(p.schema, resolve)));
  const bodyType = op.bodyTypes.includes("application/json") ? "application/json" : op.bodyTypes[0];
  const plausibleBody =
    op.bodyTypes.length === 0
      ? undefined
      : bodyType === "application/json"
        ? JSON.stringify(plausible(op.bodySchema ?? {}, resolve))
        : "";
  const url = (values: PathValues, query: URLSearchParams) => {
    const q = query.toString();
    return `${fillPath(op.path, values)}${q ? `?${q}` : ""}`;
  };
  type Defect = Omit<BadRequest, "key" | "method">;
  const defects: Array<fc.Arbitrary<Defect>> = [];

  defects.push(
    fc
      .tuple(fc.string({ minLength: 1, maxLength: 16 }), noisyText)
      .filter(([name]) => !queryParams.some((p) => p.name === name))
      .map(([name, value]) => {
        const query = new URLSearchParams(requiredQuery);
        query.append(name, value);
        return {
          defect: `unknown query parameter "${name}"`,
          url: url(good, query),
          contentType: bodyType,
          body: plausibleBody,
        };
      }),
  );
  for (const p of queryParams) {
    const bad = badQueryValue(p.schema, resolve);
    if (!bad) continue;
    defects.push(
      bad.map((value) => {
        const query = new URLSearchParams(requiredQuery);
        query.set(p.name, value);
        return {
          defect: `bad query ${p.name}=${JSON.stringify(value).slice(0, 60)}`,
          url: url(good, query),
          contentType: bodyType,
          body: plausibleBody,
        };
      }),
    );
  }
  for (const p of pathParams) {
    defects.push(
      strangeId.map((id) => ({
        defect: `path ${p.name}=${JSON.stringify(id).slice(0, 60)}`,
        url: url({ ...good, [p.name]: id }, requiredQuery),
        contentType: bodyType,
        body: plausibleBody,
      })),
    );
  }
  if (op.bodyTypes.length === 0 && ["POST", "PATCH", "PUT"].includes(op.method)) {
    defects.push(
      fc
        .tuple(
          badContentTypes.filter((t) => t !== ""),
          noisyText,
        )
        .map(([type, body]) => ({
          defect: `a ${type} body where none is taken`,
          url: url(good, requiredQuery),
          contentType: type,
          body: body || "x",
        })),
    );
  }
  if (op.bodyTypes.length > 0) {
    if (bodyType === "application/json") {
      defects.push(
        badBodies(op, resolve).map(({ defect, body }) => ({
          defect,
          url: url(good, requiredQuery),
          contentType: "application/json",
          body,
        })),
      );
    }
    defects.push(
      badContentTypes
        .filter((t) => !op.bodyTypes.includes(t))
        .map((type) => ({
          defect: `content type "${type}"`,
          url: url(good, requiredQuery),
          contentType: type,
          body: plausibleBody ?? "",
        })),
    );
  }
  const keys: fc.Arbitrary<KeyChoice> = fc.constantFrom(
    "operator",
    "operator",
    "operator",
    "tenant",
    "none",
    "bogus",
  );
  return fc.tuple(fc.oneof(...defects), keys).map(([defect, key]) => ({ ...defect, key, method: op.method }));
}
