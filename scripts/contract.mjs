// The wire contract's generated half: src/contract/generated/openapi.json, the OpenAPI document
// the app's routes register (built without a database), and api.ts, its TypeScript types from
// openapi-typescript, which the CLI, the dashboard and the API tests import. Skips the work when
// none of its inputs changed since the last run. `node scripts/contract.mjs [--force]`.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const OUT = "src/contract/generated";
const FILES = {
  document: join(OUT, "openapi.json"),
  types: join(OUT, "api.ts"),
  stamp: join(OUT, "inputs.sha256"),
};

/** Source the document can depend on: all of src but the clients' side, and what builds it. */
async function inputFiles() {
  const skip = (path) =>
    path.startsWith("src/cli/") || path.startsWith("src/contract/") || path.endsWith(".test.ts");
  const entries = await readdir("src", { recursive: true, withFileTypes: true });
  const sources = entries
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => relative(".", join(e.parentPath, e.name)).replaceAll("\\", "/"))
    .filter((path) => !skip(path));
  return [...sources.sort(), "package.json", "package-lock.json", "scripts/contract.mjs"];
}

async function inputsHash() {
  const hash = createHash("sha256");
  for (const path of await inputFiles())
    hash
      .update(`${path}\0`)
      .update(await readFile(path))
      .update("\0");
  return hash.digest("hex");
}

/** Builds the document from the route definitions: the server's modules, bundled and loaded here. */
async function contractDocument(version) {
  const bundle = await build({
    entryPoints: ["src/server/contract-document.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "warning",
  });
  // Inside the repository, so the bundle's imports resolve from node_modules.
  const module = join(OUT, `.document-${process.pid}.mjs`);
  await writeFile(module, bundle.outputFiles[0].contents);
  try {
    const { contractDocument } = await import(pathToFileURL(module).href);
    return contractDocument(version);
  } finally {
    await rm(module, { force: true });
  }
}

/**
 * The document as openapi-typescript reads it. A presence rule (an `anyOf` of bare `required`
 * lists, e.g. "startsAt or tranches") says which optional fields must be given; an object type
 * cannot say that, and openapi-typescript would make the whole object `unknown`, so the types
 * leave the rule to the server, which checks it.
 */
function withoutPresenceRules(node) {
  if (Array.isArray(node)) return node.map(withoutPresenceRules);
  if (node === null || typeof node !== "object") return node;
  const presenceOnly =
    Array.isArray(node.anyOf) &&
    node.anyOf.every((item) => Object.keys(item).length === 1 && Array.isArray(item.required));
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !(presenceOnly && key === "anyOf"))
      .map(([key, value]) => [key, withoutPresenceRules(value)]),
  );
}

/** Writes the document and its types unless the inputs are the ones they were made from. */
export async function generateContract({ force = false } = {}) {
  const inputs = await inputsHash();
  const made = existsSync(FILES.document) && existsSync(FILES.types);
  if (!force && made && (await readFile(FILES.stamp, "utf8").catch(() => "")) === inputs) return false;
  await mkdir(OUT, { recursive: true });
  const { version } = JSON.parse(await readFile("package.json", "utf8"));
  const document = await contractDocument(version);
  // Loaded only when there is work: it brings the TypeScript compiler (about a second).
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const ast = await openapiTS(withoutPresenceRules(document), {
    rootTypes: true,
    rootTypesNoSchemaPrefix: true,
    defaultNonNullable: false,
  });
  await writeFile(FILES.document, `${JSON.stringify(document, null, 2)}\n`);
  await writeFile(FILES.types, astToString(ast));
  await writeFile(FILES.stamp, inputs);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const made = await generateContract({ force: process.argv.includes("--force") });
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`contract: ${made ? "generated" : "up to date"} in ${ms} ms (${OUT})\n`);
}
