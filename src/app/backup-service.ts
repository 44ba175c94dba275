/**
 * Backup and restore of the whole database as a logical dump (see store/database-dump.ts): the
 * operator's way to back up the embedded database, to move from PGlite to PostgreSQL, or to
 * rebuild a server. A restore goes into a server that holds no sites, tenants or leases yet, all
 * or nothing; the keys of the server it goes into keep working beside the restored ones.
 * @module
 */
import { actorOf, type Principal } from "../access/principal.js";
import { LeaseholdError } from "../shared/errors.js";
import { appendAudit } from "../store/access-repository.js";
import { DumpError, dumpDatabase, holdsData, restoreDatabase } from "../store/database-dump.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";

export class BackupService {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  /** Writes a consistent dump of every table through `write`; returns the rows per table. */
  async dump(by: Principal, write: (text: string) => Promise<void>): Promise<Record<string, number>> {
    const rows = await dumpDatabase(this.db, this.clock.now(), write);
    await appendAudit(this.db, auditEntry(actorOf(by), "db.dump", "database", { rows }), this.clock.now());
    return rows;
  }

  /** Restores a dump read line by line; refuses a server that already holds data. */
  async restore(by: Principal, lines: AsyncIterable<string>): Promise<Record<string, number>> {
    try {
      return await this.db.transaction(async (tx) => {
        if (await holdsData(tx)) {
          throw new LeaseholdError(
            "RESTORE_TARGET_NOT_EMPTY",
            "this server already holds sites, tenants or leases: restore into a fresh server (a new data directory or an empty database)",
          );
        }
        const rows = await restoreDatabase(tx, lines, { keep: ["api_keys"] });
        await appendAudit(tx, auditEntry(actorOf(by), "db.restore", "database", { rows }), this.clock.now());
        return rows;
      });
    } catch (error) {
      if (error instanceof DumpError)
        throw new LeaseholdError("INVALID_DUMP", error.message, [
          { field: "(body)", message: error.message },
        ]);
      throw error;
    }
  }
}
