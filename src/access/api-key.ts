/**
 * API key format and hashing. A key is `lh_<role>_<32 base62 characters>`; only its SHA-256 is
 * stored, with a short prefix to recognise it in listings. Keys carry ~190 bits of randomness,
 * so a fast hash is enough (no password stretching needed).
 * @module
 */
import { createHash } from "node:crypto";
import type { Role } from "./principal.js";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_LENGTH = 32;

/** Builds a key from random bytes (at least 32); the caller supplies the randomness. */
/** The tag a key's text carries after `lh_`, so a leaked key says what it can do. */
const KEY_TAGS: Record<Role, string> = { operator: "op", tenant: "tn", checker: "ck" };

export function formatApiKey(role: Role, random: Uint8Array): string {
  if (random.length < SECRET_LENGTH)
    throw new RangeError(`need ${SECRET_LENGTH} random bytes, got ${random.length}`);
  let secret = "";
  for (let i = 0; i < SECRET_LENGTH; i++) secret += ALPHABET[(random[i] ?? 0) % ALPHABET.length];
  return `lh_${KEY_TAGS[role]}_${secret}`;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The part of a key shown in listings: `lh_op_AbCd`. */
export function keyPrefix(key: string): string {
  return key.slice(0, 10);
}

/**
 * A node agent's key: `lh_ag_<32 base62 characters>`. Issued per node, not as an API key; it
 * authenticates as that node's `agent` principal and can do nothing but report.
 */
export function formatAgentKey(random: Uint8Array): string {
  return `lh_ag_${formatApiKey("operator", random).slice("lh_op_".length)}`;
}

export function looksLikeAgentKey(key: string): boolean {
  return /^lh_ag_[0-9A-Za-z]{32}$/.test(key);
}

export function looksLikeApiKey(key: string): boolean {
  return /^lh_(op|tn|ck)_[0-9A-Za-z]{32}$/.test(key);
}
