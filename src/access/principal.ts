/**
 * Who is calling: an operator (the site owner's staff) or one tenant. Every tenant-owned read and
 * write is filtered through `tenantScope`, so a tenant key can only ever reach its own rows.
 * @module
 */

export const ROLES = ["operator", "tenant"] as const;
export type Role = (typeof ROLES)[number];

export type Principal =
  | { role: "operator"; keyId: string; keyName: string }
  | { role: "tenant"; keyId: string; keyName: string; tenantId: string };

/**
 * The tenant whose rows a principal may touch: the tenant's own id, or `null` for an operator,
 * who sees every tenant. Repositories of tenant-owned tables take this value, never a raw id.
 */
export type TenantScope = { tenantId: string | null };

export function tenantScope(principal: Principal): TenantScope {
  return { tenantId: principal.role === "tenant" ? principal.tenantId : null };
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
  return viewer.role === "tenant" ? text.replace(OPERATOR_ACTOR, "operator") : text;
}
