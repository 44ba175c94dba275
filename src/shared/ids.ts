/**
 * Prefixed, time-sortable identifiers (`site_01J…`, `node_01J…`). One table of prefixes so an id
 * says what it names; the ULID part sorts by creation time.
 * @module
 */
import { monotonicFactory } from "ulid";

/** Every id prefix the product issues. Add new resources here, never inline. */
export const ID_PREFIXES = {
  site: "site",
  node: "node",
  tenant: "tnt",
  apiKey: "key",
  lease: "lse",
  request: "req",
  import: "imp",
  limitSet: "lset",
  agentKey: "agk",
  invoice: "inv",
  deal: "deal",
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

const nextUlid = monotonicFactory();

/** A new id of the given kind, e.g. `newId("site")` → `site_01JD…`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIXES[kind]}_${nextUlid().toLowerCase()}`;
}

/** True when `id` looks like an id of `kind` (prefix and 26 Crockford base32 characters). */
export function isIdOf(kind: IdKind, id: string): boolean {
  return new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-hjkmnp-tv-z]{26}$`).test(id);
}
