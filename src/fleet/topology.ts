/**
 * Topology paths: a node's place in its site as one segment per level above the node.
 * @module
 */

/** A topology level or domain segment: letters, digits, `.`, `_`, `-`; 1..64 characters. */
export const SEGMENT_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function splitPath(path: string): string[] {
  return path === "" ? [] : path.split("/");
}

/** Why `path` is not a valid place for a node in a site with these levels, or undefined if it is. */
export function pathProblem(path: string, levels: readonly string[]): string | undefined {
  const segments = splitPath(path);
  const expected = levels.length - 1;
  if (segments.length !== expected) {
    return `must have ${expected} segments (${levels.slice(0, -1).join("/")}), got ${segments.length}`;
  }
  const bad = segments.find((s) => !SEGMENT_PATTERN.test(s));
  return bad === undefined ? undefined : `segment "${bad}" must match ${SEGMENT_PATTERN.source}`;
}

/** The first `depth` segments of a path: the domain a node sits in at that level (1 = top). */
export function domainAt(path: string, depth: number): string {
  return splitPath(path).slice(0, depth).join("/");
}
