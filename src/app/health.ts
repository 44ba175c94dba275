/** Whether this server can reach its database, and how fast: what a load balancer's health check asks. */
import type { SqlClient } from "../store/sql-client.js";

export interface HealthReport {
  database: SqlClient["dialect"];
  /** One trivial round trip to the database, milliseconds to two decimals. */
  databaseLatencyMs: number;
}

export class Health {
  constructor(private readonly db: SqlClient) {}

  /** Runs one trivial statement; throws when the database cannot answer. */
  async check(): Promise<HealthReport> {
    const started = performance.now();
    await this.db.query("SELECT 1");
    return {
      database: this.db.dialect,
      databaseLatencyMs: Math.round((performance.now() - started) * 100) / 100,
    };
  }
}
