/**
 * What `npm start` prints once the server listens: where the dashboard, the docs and the key are,
 * a CLI command that works as printed for this port and data directory, and how durable the
 * embedded database is.
 * @module
 */
import { isAbsolute, relative } from "node:path";

/** The CLI's defaults (src/cli/connection.ts): a hint names only what differs from them. */
const CLI_DEFAULT_SERVER = "http://127.0.0.1:7300";
const CLI_DEFAULT_DATA_DIR = ".leasehold";

export interface BannerFacts {
  dialect: "pglite" | "postgres";
  readyMs: number;
  /** The URL a client on this machine reaches, e.g. http://127.0.0.1:7300. */
  base: string;
  demo?: { gpus: number; nodes: number };
  /** Set when this start created the first operator key (printed once). */
  newOperatorKey?: string;
  operatorKeyPath: string;
  /** The data directory as configured, and the directory the server was started in. */
  dataDir: string;
  cwd: string;
}

/** `npx leasehold sites list`, prefixed with the settings a CLI started in `cwd` needs to reach this server. */
export function cliHint(facts: Pick<BannerFacts, "base" | "dataDir" | "cwd">): string {
  const env: string[] = [];
  if (facts.base !== CLI_DEFAULT_SERVER) env.push(`LEASEHOLD_SERVER=${facts.base}`);
  const rel = isAbsolute(facts.dataDir) ? relative(facts.cwd, facts.dataDir) : facts.dataDir;
  if (rel.replace(/\/+$/, "") !== CLI_DEFAULT_DATA_DIR)
    env.push(`LEASEHOLD_DATA_DIR=${shellWord(facts.dataDir)}`);
  return [...env, "npx leasehold sites list"].join(" ");
}

/** A path as one shell word: quoted when it holds anything but safe characters. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'"'"'`)}'`;
}

export function startBanner(facts: BannerFacts): string {
  const embedded = facts.dialect === "pglite";
  const lines = [
    `Leasehold ${embedded ? "on embedded PostgreSQL (PGlite)" : "on PostgreSQL"} is ready in ${Math.round(facts.readyMs)} ms`,
    facts.demo
      ? `  demo loaded: ${facts.demo.gpus.toLocaleString("en-US")} GPUs on ${facts.demo.nodes.toLocaleString("en-US")} nodes`
      : undefined,
    facts.newOperatorKey
      ? `  dashboard   ${facts.base}/#key=${facts.newOperatorKey}`
      : `  dashboard   ${facts.base}/`,
    `  API docs    ${facts.base}/docs   (OpenAPI: ${facts.base}/openapi.json)`,
    facts.newOperatorKey
      ? `  operator key (shown once, saved to ${facts.operatorKeyPath}):\n    ${facts.newOperatorKey}`
      : `  operator key: in ${facts.operatorKeyPath}`,
    `  CLI         ${cliHint(facts)}`,
    embedded
      ? "  durability  PGlite survives a killed process, not a power loss or OS crash (no fsync): use DATABASE_URL in production"
      : undefined,
  ];
  return `\n${lines.filter((l) => l !== undefined).join("\n")}\n\n`;
}
