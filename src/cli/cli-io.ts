/**
 * The CLI's surroundings (output streams, environment, working directory), passed in so tests can fake them.
 * @module
 */

/** A writable text stream; `isTTY` decides whether progress bars are drawn. */
export type TextStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export interface CliIo {
  /** Command results: tables or the API's JSON payload. */
  stdout: TextStream;
  /** Errors, warnings, hints and progress. */
  stderr: TextStream;
  /** Read for LEASEHOLD_SERVER, LEASEHOLD_API_KEY and LEASEHOLD_DATA_DIR; never process.env directly. */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative file paths (fleet files, the data directory) resolve against this. */
  cwd: string;
}
