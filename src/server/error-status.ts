/** The one table from error code to HTTP status. */
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ErrorCode } from "../shared/errors.js";

export const ERROR_STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  SITE_NOT_FOUND: 404,
  NODE_NOT_FOUND: 404,
  TENANT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  GPU_MODEL_NOT_FOUND: 404,
  SITE_EXISTS: 409,
  TENANT_EXISTS: 409,
  INTERNAL: 500,
};
