/**
 * Server configuration from the environment, validated like any other input.
 * @module
 */
import { z } from "zod";
import { validationError } from "../shared/errors.js";
import { toFieldIssues } from "../shared/zod-issues.js";

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(7300),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Where PGlite keeps its data and where the bootstrap operator key is written. */
  LEASEHOLD_DATA_DIR: z.string().min(1).default(".leasehold"),
  /** A postgres:// URL selects a PostgreSQL server instead of embedded PGlite. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  /** `colossus` loads the demo site into an empty database; `none` starts empty. */
  LEASEHOLD_DEMO: z.enum(["colossus", "none"]).default("colossus"),
  /** Spare nodes the allocation engine keeps in every block, never leased (default: one rack's worth, 8). */
  LEASEHOLD_SPARES_PER_BLOCK: z.coerce.number().int().min(0).max(10_000).optional(),
  /** Failed authentications a client may make per minute before it gets 429. */
  LEASEHOLD_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  /** Lease quotes one API key may ask per minute. */
  LEASEHOLD_QUOTES_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  /** Fleet imports one API key may send per minute. */
  LEASEHOLD_IMPORTS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(20),
  /** A redis:// URL puts usage limits in Redis, shared by every server; in this process when absent. */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "must start with redis:// or rediss://")
    .optional(),
  /** What a usage-limit check answers while Redis is unreachable: grant (open) or deny (closed). */
  LIMITS_REDIS_FAILURE: z.enum(["open", "closed"]).default("closed"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type ServerConfig = z.infer<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined>): ServerConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = ConfigSchema.safeParse(cleaned, { reportInput: true });
  if (!parsed.success) throw validationError(toFieldIssues(parsed.error));
  return parsed.data;
}
