/**
 * Who is calling: an operator (the site owner's staff) or one tenant. Every tenant-owned read and
 * write is filtered through `tenantScope`, so a tenant key can only ever reach its own rows.
 * @module
 */

/**
 * The roles an API key can have. A `checker` key belongs to one tenant and may only check and
 * settle usage limits (what a tenant's gateway holds); an `agent` principal is a node's agent,
 * which may only report for its own node (agent keys are issued per node, not as API keys).
 */
export const ROLES = ["operator", "tenant", "checker"] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { role: "operator"; keyId: string; keyName: string }
  | { role: "tenant"; keyId: string; keyName: string; tenantId: string }
  | { role: "checker"; keyId: string; keyName: string; tenantId: string }
  | { role: "agent"; keyId: string; keyName: string; siteId: string; nodeId: string };

/**
 * The tenant whose rows a principal may touch: the tenant's own id, or `null` for an operator,
 * who sees every tenant. Repositories of tenant-owned tables take this value, never a raw id.
 */
export type TenantScope = { tenantId: string | null };

export function tenantScope(principal: Principal): TenantScope {
  switch (principal.role) {
    case "operator":
      return { tenantId: null };
    case "tenant":
    case "checker":
      return { tenantId: principal.tenantId };
    case "agent":
      // An agent reads no tenant's rows; a scope no tenant id can match.
      return { tenantId: "" };
  }
}

/** The actor recorded in audit logs and node events. */
export function actorOf(principal: Principal): string {
  return `${principal.role}:${principal.keyName}(${principal.keyId})`;
}

/** An operator's key as it appears in recorded text: `operator:<name>(<id>)`. */
const OPERATOR_ACTOR = /operator:[^\s()]*\([^)\s]*\)/g;

/**
 * Recorded text (an actor, a reason) as `viewer` may see it: a tenant sees "operator" where the
 * operator's staff acted, never which of their keys; operators see it as recorded.
 */
export function asSeenBy(viewer: Principal, text: string): string {
  return viewer.role !== "operator" ? text.replace(OPERATOR_ACTOR, "operator") : text;
}
