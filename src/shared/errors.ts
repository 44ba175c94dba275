/**
 * The closed set of error codes, and the one error type that carries them. The HTTP status of each
 * code lives in one table (server/error-status.ts); the CLI prints the same code.
 * @module
 */

export const ERROR_CODES = [
  "VALIDATION_FAILED",
  "UNKNOWN_QUERY_PARAMETER",
  "MALFORMED_JSON",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "ROUTE_NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "SITE_NOT_FOUND",
  "NODE_NOT_FOUND",
  "TENANT_NOT_FOUND",
  "API_KEY_NOT_FOUND",
  "GPU_MODEL_NOT_FOUND",
  "LEASE_NOT_FOUND",
  "LEASE_AMBIGUOUS",
  "DEAL_NOT_FOUND",
  "DEAL_EXISTS",
  "SITE_EXISTS",
  "TENANT_EXISTS",
  "LEASE_EXISTS",
  "SITE_HAS_LEASES",
  "LEASE_UNPLACEABLE",
  "INVALID_TRANSITION",
  "NOTICE_TOO_SHORT",
  "RATE_LIMITED",
  "IDEMPOTENCY_KEY_REUSED",
  "IDEMPOTENCY_KEY_IN_USE",
  "INVALID_DUMP",
  "RESTORE_TARGET_NOT_EMPTY",
  "TEMPLATE_NOT_APPLICABLE",
  "LIMIT_PLAN_NOT_FOUND",
  "LIMIT_SET_NOT_FOUND",
  "NO_LIMIT_PLANS",
  "INVOICE_NOT_FOUND",
  "INVOICE_ISSUED",
  "INVOICE_PERIOD_OPEN",
  "NOTHING_TO_INVOICE",
  "SCENARIO_NOT_FOUND",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One problem with one input field: where it is, what is wrong, and the bound it broke. */
export interface FieldIssue {
  /** Path into the input, e.g. `sites[0].nodes[1042].gpuCount`. */
  field: string;
  message: string;
  /** The limit that was broken, e.g. `>= 1`, `one of healthy|degraded|failed|maintenance`. */
  bound?: string;
}

/** An expected failure with a stable code; everything else is a bug and renders as INTERNAL. */
export class LeaseholdError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[];
  /** What an ambiguous reference may mean, each an unambiguous reference (e.g. `tenant/name`). */
  readonly candidates: string[];

  constructor(code: ErrorCode, message: string, issues: FieldIssue[] = [], candidates: string[] = []) {
    super(message);
    this.name = "LeaseholdError";
    this.code = code;
    this.issues = issues;
    this.candidates = candidates;
  }
}

/** A VALIDATION_FAILED error whose message leads with the first issue (and counts the rest). */
export function validationError(issues: FieldIssue[]): LeaseholdError {
  const first = issues[0];
  const head = first ? first.message : "invalid input";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return new LeaseholdError("VALIDATION_FAILED", `${head}${more}`, issues);
}

/** Renders a path like ["sites", 0, "nodes", 3, "gpuCount"] as `sites[0].nodes[3].gpuCount`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || "(body)";
}
