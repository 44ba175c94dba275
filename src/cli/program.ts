/**
 * The `leasehold` command tree: global options (--server, --api-key, -o) and every command
 * group, with commander's output and exits routed through the given io.
 * @module
 */
import { Command, Option } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import type { CliIo } from "./cli-io.js";
import { agentCommand } from "./commands/agent.js";
import { agentKeysCommand } from "./commands/agent-keys.js";
import { allocationCommand } from "./commands/allocation.js";
import { auditCommand } from "./commands/audit.js";
import { dbCommand } from "./commands/db.js";
import { economicsCommand } from "./commands/economics.js";
import { fleetCommand } from "./commands/fleet.js";
import { invoicesCommand } from "./commands/invoices.js";
import { keysCommand } from "./commands/keys.js";
import { leasesCommand } from "./commands/leases.js";
import { limitsCommand } from "./commands/limits.js";
import { nodesCommand } from "./commands/nodes.js";
import { portfolioCommand } from "./commands/portfolio.js";
import { unitEconomicsCommand } from "./commands/portfolio-unit-economics.js";
import { simulateCommand } from "./commands/simulate.js";
import { sitesCommand } from "./commands/sites.js";
import { tenantsCommand } from "./commands/tenants.js";
import { whoamiCommand } from "./commands/whoami.js";
import { DEFAULT_SERVER } from "./connection.js";
import { OUTPUT_FORMATS, type OutputFormat } from "./output.js";

/** Gives every command in the tree the root's output routing, exit override and help settings. */
function inherit(command: Command, parent: Command): void {
  command.copyInheritedSettings(parent);
  for (const child of command.commands) inherit(child, command);
}

/**
 * The command tree writing to `io`. With `errorFormat` json, commander's own error text is held
 * back: report-error.ts writes the error once, as JSON.
 */
export function buildProgram(io: CliIo, errorFormat: OutputFormat = "table"): Command {
  const program = new Command("leasehold")
    .description("Leasehold: the control plane for renting out GPU data centers (a client of its HTTP API)")
    .version(packageJson.version, "-V, --version", "print the CLI version")
    .option("--server <url>", `server URL (env LEASEHOLD_SERVER; default ${DEFAULT_SERVER})`)
    .option(
      "--api-key <key>",
      "API key (env LEASEHOLD_API_KEY; else <LEASEHOLD_DATA_DIR or .leasehold>/operator.key)",
    )
    .addOption(new Option("-o, --output <format>", "output format").choices(OUTPUT_FORMATS).default("table"))
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => {
        if (errorFormat !== "json") write(text);
      },
    })
    .showSuggestionAfterError()
    .exitOverride();
  for (const group of [
    sitesCommand,
    nodesCommand,
    fleetCommand,
    tenantsCommand,
    leasesCommand,
    limitsCommand,
    allocationCommand,
    invoicesCommand,
    economicsCommand,
    keysCommand,
    auditCommand,
    dbCommand,
    whoamiCommand,
    agentKeysCommand,
    agentCommand,
    simulateCommand,
    portfolioCommand,
    unitEconomicsCommand,
  ]) {
    const command = group(io);
    inherit(command, program);
    program.addCommand(command);
  }
  return program;
}
