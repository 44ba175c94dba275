/**
 * The database port: the little the repositories need from PostgreSQL, so the same SQL runs on
 * embedded PGlite and on a PostgreSQL server.
 * @module
 */

export interface SqlClient {
  readonly dialect: "pglite" | "postgres";
  /** Runs one parameterised statement and returns its rows. */
  query<T extends object>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of statements without parameters (migrations). */
  exec(script: string): Promise<void>;
  /**
   * Runs `work` in one transaction: it commits if `work` resolves and rolls back if it throws,
   * so a failed import or request changes nothing.
   */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
}

/** A client that also owns its connections. */
export interface Database extends SqlClient {
  close(): Promise<void>;
}
