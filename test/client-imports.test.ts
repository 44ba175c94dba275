import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The clients (the CLI and the dashboard) know the server only through the wire contract: they
 * import its generated types and the shared client, the domain's pure modules, and never a
 * server, use-case or store module.
 */

const ROOT = resolve(import.meta.dirname, "..");
const CLIENTS = ["src/cli", "web"];
const FORBIDDEN = ["src/server", "src/app", "src/store"];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mts|js|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** Every module a file names: `import … from`, `export … from`, `import("…")` and bare `import "…"`. */
function specifiers(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g);
  return [...found].map((m) => m[1] ?? "");
}

/** The imports of `files` that land in a forbidden folder, as `file → target`. */
function forbiddenImports(files: readonly string[], read: (file: string) => string): string[] {
  return files.flatMap((file) =>
    specifiers(read(file))
      .filter((s) => s.startsWith("."))
      .map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)))
      .filter((target) => FORBIDDEN.some((dir) => target === dir || target.startsWith(`${dir}/`)))
      .map((target) => `${file} → ${target}`),
  );
}

describe("the clients' imports", () => {
  it("reach no server, use-case or store module from the CLI or the dashboard", () => {
    const files = CLIENTS.flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(50);
    expect(forbiddenImports(files, (f) => readFileSync(join(ROOT, f), "utf8"))).toEqual([]);
  });

  it("would catch a type import, a re-export and a dynamic import of the server", () => {
    const sources: Record<string, string> = {
      "src/cli/a.ts": 'import type { LeaseView } from "../server/lease-schemas.js";',
      "web/src/b.ts": 'export { createApp } from "../../src/server/app.js";',
      "web/src/pages/c.ts": 'const m = await import("../../../src/store/lease-repository.js");',
      "src/cli/d.ts": 'import { formatMoney } from "../shared/money.js";\nimport "../leasing/lease.js";',
    };
    expect(forbiddenImports(Object.keys(sources), (f) => sources[f] ?? "")).toEqual([
      "src/cli/a.ts → src/server/lease-schemas.js",
      "web/src/b.ts → src/server/app.js",
      "web/src/pages/c.ts → src/store/lease-repository.js",
    ]);
  });
});
