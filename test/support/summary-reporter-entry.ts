/** Vitest loads a custom reporter from a module's default export; this is that module. */
import { SummaryReporter } from "./summary-reporter.js";

// biome-ignore lint/style/noDefaultExport: vitest's reporter loader requires a default export.
export default SummaryReporter;
