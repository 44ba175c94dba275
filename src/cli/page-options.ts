/**
 * `--limit`, `--cursor` and `--all` on every list command, and the hint for the next page: one
 * page by default (as the API serves it), `--all` follows the cursors to the end.
 * @module
 */
import type { Command } from "commander";
import { everyPage, LARGEST_PAGE } from "../contract/pages.js";
import type { CommandContext } from "./context.js";
import { positiveInt } from "./option-parsers.js";

export interface PageOptions {
  limit?: number;
  cursor?: string;
  all?: boolean;
}

/** Adds the page flags to a list command; `noun` names its rows ("sites", "leases"). */
export function withPageOptions(command: Command, noun: string): Command {
  return command
    .option(
      "--limit <n>",
      `${noun} per page (1-${LARGEST_PAGE}; server default 100)`,
      positiveInt(LARGEST_PAGE),
    )
    .option("--cursor <cursor>", "continue from a previous page's cursor")
    .option("--all", `follow cursors and list every one of the ${noun}`);
}

/**
 * The page the options ask for, or with `--all` every page joined. `fetchPage` gets the query's
 * `limit` and `cursor`; the rest of the query is the caller's.
 */
export function pagesFor<
  K extends string,
  P extends { nextCursor: string | null } & { [key in K]: unknown[] },
>(
  key: K,
  options: PageOptions,
  fetchPage: (page: { limit?: number; cursor?: string }) => Promise<P>,
): Promise<P> {
  const limit = options.limit ?? (options.all ? LARGEST_PAGE : undefined);
  const at = (cursor: string | undefined) =>
    fetchPage({ ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) });
  return options.all ? everyPage(key, at, options.cursor) : at(options.cursor);
}

/** Tells a table reader on stderr how to get the next page, when there is one. */
export function nextPageHint(ctx: CommandContext, noun: string, nextCursor: string | null): void {
  if (ctx.format === "table" && nextCursor) {
    ctx.io.stderr.write(`more ${noun}: pass --cursor ${nextCursor} for the next page, or --all\n`);
  }
}
