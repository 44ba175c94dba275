/**
 * Which methods a path answers to, from the app's own route table, so a wrong method on a known
 * path is a 405 METHOD_NOT_ALLOWED with an Allow header rather than a 404.
 * @module
 */

interface RouteEntry {
  method: string;
  path: string;
}

function patternOf(path: string): RegExp {
  const body = path
    .split("/")
    .map((part) =>
      part.startsWith(":") ? "[^/]+" : part === "*" ? ".*" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^${body}$`);
}

/** Builds a lookup from a route table (read lazily: routes added later still count). */
export function allowedMethods(routes: () => readonly RouteEntry[]): (path: string) => string[] {
  let compiled: Array<{ method: string; pattern: RegExp }> | undefined;
  return (path) => {
    compiled ??= routes()
      .filter((r) => r.method !== "ALL" && !r.path.endsWith("*"))
      .map((r) => ({ method: r.method, pattern: patternOf(r.path) }));
    return [...new Set(compiled.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort();
  };
}
