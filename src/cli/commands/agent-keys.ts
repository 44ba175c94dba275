/**
 * `leasehold agent-keys issue|revoke`: node agents' keys. `issue` makes one key per node of a site
 * (or of the nodes named) and writes `node,key` lines, a file an installer distributes; each new
 * key replaces the node's old one. The server keeps only hashes.
 * @module
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command } from "commander";
import type { IssuedAgentKeys } from "../../contract/generated/api.js";
import type { CliIo } from "../cli-io.js";
import { contextOf } from "../context.js";
import { collect } from "../option-parsers.js";
import { formatCount } from "../output.js";

/** The installer's file: a header, then one `node,key` line per node. */
export function agentKeysCsv(issued: IssuedAgentKeys): string {
  return `node,key\n${issued.keys.map((k) => `${k.node},${k.key}`).join("\n")}\n`;
}

export function agentKeysCommand(io: CliIo): Command {
  const keys = new Command("agent-keys").description("Node agents' keys: issue for a site, revoke one");

  keys
    .command("issue")
    .description("Issue a key for every node of a site (or --node ones); each replaces the node's key")
    .requiredOption("--site <site>", "site name or id")
    .option("--node <node>", "only this node (repeatable)", collect)
    .option("--out <file>", "write node,key lines here (default: stdout)")
    .action(async (options: { site: string; node?: string[]; out?: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const started = performance.now();
      const issued = await ctx.call((api) =>
        api.POST("/v1/sites/{site}/agent-keys", {
          params: { path: { site: options.site } },
          body: options.node ? { nodes: options.node } : {},
        }),
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const summary = `issued ${formatCount(issued.keys.length)} agent keys for ${issued.siteName} in ${seconds} s (${formatCount(issued.revoked)} replaced)`;
      if (options.out) {
        const path = resolve(io.cwd, options.out);
        await writeFile(path, agentKeysCsv(issued), { mode: 0o600 });
        io.stderr.write(`${summary}; written to ${path}\n`);
        ctx.emit({ ...issued, keys: issued.keys.map(({ key: _, ...k }) => k), file: path }, () => "");
        return;
      }
      io.stderr.write(`${summary}\n`);
      ctx.emit(issued, agentKeysCsv);
    });

  keys
    .command("revoke")
    .description("Revoke a node's agent key: its agent is refused from its next request")
    .requiredOption("--site <site>", "site name or id")
    .argument("<node>", "node name or id")
    .action(async (node: string, options: { site: string }, command: Command) => {
      const ctx = contextOf(command, io);
      const revoked = await ctx.call((api) =>
        api.DELETE("/v1/sites/{site}/nodes/{node}/agent-key", {
          params: { path: { site: options.site, node } },
        }),
      );
      ctx.emit(revoked, (r) => `revoked agent key ${r.keyId} of node ${r.node}\n`);
    });

  return keys;
}
