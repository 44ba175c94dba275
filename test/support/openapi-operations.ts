/**
 * The operations of an OpenAPI document as tests walk them: method, path, who may call it, its
 * parameters and its request body's schema with every `$ref` resolvable. A route added later is
 * in the list without editing the tests that walk it.
 * @module
 */

/** The part of JSON Schema the request generators read. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
}

export interface Parameter {
  in: "path" | "query" | "header" | "cookie";
  name: string;
  required?: boolean;
  schema: JsonSchema;
}

export interface Operation {
  method: string;
  /** The OpenAPI path, with `{name}` for each path parameter. */
  path: string;
  access: "operator" | "tenant" | "checker" | "agent" | "public";
  parameters: Parameter[];
  /** The media types the request body may have; empty when the route takes none. */
  bodyTypes: string[];
  bodySchema?: JsonSchema;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        "x-leasehold-access": Operation["access"];
        parameters?: Parameter[];
        requestBody?: { content: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Every operation of `doc`, in the document's order. */
export function operationsOf(doc: unknown): Operation[] {
  const { paths } = doc as OpenApiDocument;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => {
      const content = op.requestBody?.content ?? {};
      return {
        method: method.toUpperCase(),
        path,
        access: op["x-leasehold-access"],
        parameters: op.parameters ?? [],
        bodyTypes: Object.keys(content),
        bodySchema: content["application/json"]?.schema,
      };
    }),
  );
}

/** Follows `$ref`s (and a lone `allOf`) into `doc`'s components until a schema with content. */
export function resolver(doc: unknown): (schema: JsonSchema) => JsonSchema {
  const schemas = (doc as OpenApiDocument).components?.schemas ?? {};
  const resolve = (schema: JsonSchema): JsonSchema => {
    if (schema.$ref) {
      const target = schemas[schema.$ref.replace("#/components/schemas/", "")];
      if (!target) throw new Error(`unresolvable ${schema.$ref}`);
      return resolve(target);
    }
    if (schema.allOf?.length === 1 && schema.allOf[0]) return resolve(schema.allOf[0]);
    return schema;
  };
  return resolve;
}

/**
 * Percent-encodes `text`; an unpaired surrogate, which has no UTF-8, goes as the bytes it would
 * have had (invalid UTF-8), as a hostile client could send.
 */
function encodeSegment(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join("");
    } else out += encodeURIComponent(char);
  }
  return out;
}

/** `path` with each `{name}` replaced by `values[name]`, URI-encoded. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => encodeSegment(values[name] ?? "x"));
}
