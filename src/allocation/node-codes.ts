/** Numeric codes the engine keeps in typed arrays: node states, node owners and owner classes. */
import type { NodeState } from "../fleet/node.js";

/** Node states as stored in a `Uint8Array`; the order matches `NODE_STATES`. */
export const STATE_CODE = { healthy: 0, degraded: 1, failed: 2, maintenance: 3 } as const;
export const STATE_NAMES: readonly NodeState[] = ["healthy", "degraded", "failed", "maintenance"];
export const HEALTHY = STATE_CODE.healthy;

/**
 * Owners as stored in an `Int32Array`: a lease slot (>= 0) or one of these negative codes.
 * Invariants: a leased node is healthy and full; a spare is healthy and full; an unassigned node is
 * failed or under maintenance; every other node (healthy or degraded) belongs to the house.
 */
export const HOUSE = -1;
export const SPARE = -2;
export const UNASSIGNED = -3;

/** Owner classes for per-model accounting, indices into `model * CLASS_COUNT + class`. */
export const CLASS_HOUSE = 0;
export const CLASS_SPARE = 1;
export const CLASS_LEASED = 2;
export const CLASS_UNASSIGNED = 3;
export const CLASS_COUNT = 4;

export function ownerClass(owner: number): number {
  if (owner >= 0) return CLASS_LEASED;
  if (owner === HOUSE) return CLASS_HOUSE;
  return owner === SPARE ? CLASS_SPARE : CLASS_UNASSIGNED;
}

/** True for states that take a node out of service (it draws nothing and belongs to nobody). */
export function isOutOfService(state: number): boolean {
  return state === STATE_CODE.failed || state === STATE_CODE.maintenance;
}

/** Reads a typed-array slot; the engine only indexes inside bounds, so the fallback never applies. */
export function at(a: Int32Array | Uint8Array | Uint16Array | Float64Array, i: number): number {
  return a[i] ?? 0;
}

/** Adds `delta` to a typed-array slot. */
export function bump(a: Int32Array | Float64Array, i: number, delta: number): void {
  a[i] = (a[i] ?? 0) + delta;
}
