/**
 * Test support: checks every answer the tests get against the contract. An answer must be listed
 * for its operation and status in /openapi.json, in the media type it was sent as, and its body must
 * match the schema there (Ajv, JSON Schema 2020-12), objects closed: a field the contract does not
 * name is drift too. Answers to no operation (unknown routes, wrong methods) must be the error body;
 * the static files of the dashboard and the docs are no part of the API and pass unchecked.
 * @module
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Literal segments: the more, the more specific (`/v1/leases/quote` before `/v1/leases/{lease}`). */
  literals: number;
}

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** `#/components/schemas/Site` in `document`. */
function resolve(document: JsonObject, ref: string): Json | undefined {
  let at: Json | undefined = document;
  for (const token of ref.replace(/^#\//, "").split("/")) {
    if (!isObject(at)) return undefined;
    at = at[token.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return at;
}

/**
 * The document with every object schema closed: `allOf` of objects merged into one object, and
 * `additionalProperties: false` wherever an object lists its properties and says nothing else.
 */
function closeObjects(document: JsonObject): JsonObject {
  const flatten = (schema: Json): Json => {
    if (!isObject(schema) || !Array.isArray(schema.allOf)) return schema;
    const members = schema.allOf.map((m) =>
      flatten(isObject(m) && typeof m.$ref === "string" ? (resolve(document, m.$ref) ?? m) : m),
    );
    if (!members.every((m) => isObject(m) && isObject(m.properties))) return schema;
    const { allOf: _, ...rest } = schema;
    const objects = members as JsonObject[];
    return {
      ...rest,
      type: "object",
      properties: Object.assign({}, ...objects.map((m) => m.properties)),
      required: [...new Set(objects.flatMap((m) => (Array.isArray(m.required) ? m.required : [])))],
    };
  };
  const close = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(close);
    if (!isObject(node)) return node;
    const flat = flatten(node);
    if (!isObject(flat)) return flat;
    const out: JsonObject = Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, close(v)]));
    if (isObject(out.properties) && out.additionalProperties === undefined) out.additionalProperties = false;
    return out;
  };
  return close(document) as JsonObject;
}

/** A JSON pointer into the document as a URI fragment Ajv resolves. */
const pointer = (...tokens: string[]) =>
  `contract#/${tokens.map((t) => encodeURIComponent(t.replaceAll("~", "~0").replaceAll("/", "~1"))).join("/")}`;

const mediaTypeOf = (contentType: string | null) =>
  (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

export class ContractCheck {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly operations: Operation[];

  private readonly document: JsonObject;

  /** `document`: an OpenAPI 3.1 document, as /openapi.json serves it. */
  constructor(document: object) {
    this.document = JSON.parse(JSON.stringify(document)) as JsonObject;
    this.ajv.addSchema(closeObjects(this.document), "contract");
    const paths = isObject(this.document.paths) ? this.document.paths : {};
    this.operations = Object.entries(paths).flatMap(([template, methods]) =>
      Object.keys(isObject(methods) ? methods : {}).map((method) => {
        const segments = template.split("/");
        const body = segments.map((s) =>
          s.startsWith("{") ? "[^/]+" : s.replace(/[.*+?^$()|[\]\\]/g, "\\$&"),
        );
        return {
          method,
          template,
          pattern: new RegExp(`^${body.join("/")}$`),
          literals: segments.filter((s) => !s.startsWith("{")).length,
        };
      }),
    );
  }

  /** The documented operation a request reaches, if any. */
  private operationOf(method: string, path: string): Operation | undefined {
    return this.operations
      .filter((op) => op.method === method.toLowerCase() && op.pattern.test(path))
      .sort((a, b) => b.literals - a.literals)[0];
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    return validate;
  }

  /** Why `value` does not match the schema at `ref`; empty when it does. */
  private problems(ref: string, value: unknown): string[] {
    const validate = this.validator(ref);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => {
      const extra = e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : "";
      return `${e.instancePath || "(body)"} ${e.message ?? e.keyword}${extra}`;
    });
  }

  /**
   * The schema an answer's body (or, for NDJSON, each line) must match; or why there is none; or
   * `undefined` for a file the server serves outside the API (the dashboard's, the docs' assets).
   */
  schemaOf(
    method: string,
    path: string,
    status: number,
    contentType: string | null,
  ): { ref: string; label: string } | { problem: string } | undefined {
    const media = mediaTypeOf(contentType);
    const op = this.operationOf(method, path);
    if (!op && !path.startsWith("/v1/") && status < 400) return undefined;
    if (!op) {
      const ref = pointer("components", "schemas", "ErrorBody");
      return media === "application/json"
        ? { ref, label: `${method} ${path} (no operation)` }
        : { problem: `${method} ${path} is no documented operation and answered ${status} as "${media}"` };
    }
    const label = `${method} ${op.template} → ${status}`;
    const paths = isObject(this.document.paths) ? this.document.paths : {};
    const item = paths[op.template];
    const operation = isObject(item) ? item[op.method] : undefined;
    const responses = isObject(operation) ? operation.responses : undefined;
    const response = isObject(responses) ? responses[String(status)] : undefined;
    if (!isObject(response)) {
      const listed = Object.keys(isObject(responses) ? responses : {}).join(", ");
      return { problem: `${label}: the contract lists no ${status} for this operation (it lists ${listed})` };
    }
    const content = isObject(response.content) ? response.content : {};
    if (!isObject(content[media])) {
      return {
        problem: `${label}: answered as "${media}", the contract has ${Object.keys(content).join(", ")}`,
      };
    }
    return {
      ref: pointer("paths", op.template, op.method, "responses", String(status), "content", media, "schema"),
      label,
    };
  }

  /** Why a parsed body (or one NDJSON line) drifts from the schema at `ref`; empty when it matches. */
  check(schema: { ref: string; label: string }, value: unknown): string[] {
    return this.problems(schema.ref, value).map((p) => `${schema.label}: ${p}`);
  }
}

/** A fetch-like function, as Hono's app.fetch and openapi-fetch use. */
export type Fetch = (request: Request) => Promise<Response>;

/**
 * Answers as `send` gives them, after checking each against the contract; `onDrift` decides what a
 * drifted answer becomes (it may throw). NDJSON bodies are checked line by line as they stream.
 */
export function checkedFetch(
  contract: ContractCheck,
  send: Fetch,
  onDrift: (problems: string[], response: Response) => Response,
): Fetch {
  return async (request) => {
    const response = await send(request);
    const { pathname } = new URL(request.url);
    const method = request.method;
    if (method === "HEAD" || response.status === 204 || response.status >= 500) return response;
    const schema = contract.schemaOf(method, pathname, response.status, response.headers.get("content-type"));
    if (!schema) return response;
    if ("problem" in schema) return onDrift([schema.problem], response);
    const media = mediaTypeOf(response.headers.get("content-type"));
    const init = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (media === "application/x-ndjson" && response.body) {
      return new Response(response.body.pipeThrough(checkedLines(contract, schema)), init);
    }
    const text = await response.text();
    let value: unknown = text;
    if (media.endsWith("json")) {
      try {
        value = JSON.parse(text);
      } catch {
        return onDrift(
          [`${schema.label}: the body is not JSON: ${text.slice(0, 80)}`],
          new Response(text, init),
        );
      }
    }
    const problems = contract.check(schema, value);
    return problems.length ? onDrift(problems, new Response(text, init)) : new Response(text, init);
  };
}

/** Passes an NDJSON stream through, failing it at the first line that drifts from `schema`. */
function checkedLines(contract: ContractCheck, schema: { ref: string; label: string }) {
  const decoder = new TextDecoder();
  let pending = "";
  const checkLine = (line: string, controller: TransformStreamDefaultController<Uint8Array>) => {
    if (!line.trim()) return;
    const problems = contract.check(schema, JSON.parse(line));
    if (problems.length)
      controller.error(new Error(`the answer drifted from the contract:\n${problems.join("\n")}`));
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) checkLine(line, controller);
      controller.enqueue(chunk);
    },
    flush(controller) {
      checkLine(pending + decoder.decode(), controller);
    },
  });
}
