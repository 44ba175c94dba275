/**
 * The fleet import use case: validate the whole file, then write every site and node in one
 * transaction, as of the application's clock. Any error changes nothing.
 * @module
 */

import { type ValidFleetDocument, validateFleetDocument } from "../fleet/fleet-document.js";
import { catalogueOf } from "../fleet/gpu-model.js";
import { LeaseholdError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { appendAudit } from "../store/access-repository.js";
import { countLeasesAtSite } from "../store/lease-repository.js";
import { insertNodes } from "../store/node-repository.js";
import {
  deleteSite,
  findSite,
  insertSite,
  listGpuModels,
  upsertGpuModels,
} from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";

/** Progress of an import, reported as it goes. */
export type ImportProgress =
  | { phase: "validated"; sites: number; nodes: number }
  | { phase: "writing"; written: number; total: number }
  | { phase: "committed"; written: number; total: number };

export interface ImportOptions {
  /** Replace sites that already exist (by name) instead of refusing the file. */
  replace: boolean;
  actor: string;
  onProgress?: (p: ImportProgress) => void;
}

export interface ImportResult {
  sites: Array<{ id: string; name: string; nodes: number; gpus: number; replaced: boolean }>;
  nodes: number;
  gpus: number;
}

export class FleetImports {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
  ) {}

  /** Validates a fleet document against the stored catalogue; throws VALIDATION_FAILED and writes nothing. */
  async validate(raw: unknown): Promise<ValidFleetDocument> {
    return validateFleetDocument(raw, catalogueOf(await listGpuModels(this.db)));
  }

  /** Validates then writes; see `write`. */
  async import(raw: unknown, options: ImportOptions): Promise<ImportResult> {
    return this.write(await this.validate(raw), options);
  }

  /** Writes a validated document in one transaction: every site and node, or nothing. */
  async write(doc: ValidFleetDocument, options: ImportOptions): Promise<ImportResult> {
    const report = options.onProgress ?? (() => undefined);
    const total = doc.sites.reduce((n, s) => n + s.nodes.length, 0);
    report({ phase: "validated", sites: doc.sites.length, nodes: total });
    const now = this.clock.now();
    const result = await this.db.transaction(async (tx) => {
      await upsertGpuModels(tx, doc.gpuModels, false);
      const sites: ImportResult["sites"] = [];
      let written = 0;
      for (const [index, site] of doc.sites.entries()) {
        const existing = await findSite(tx, site.name);
        if (existing && !options.replace) {
          throw new LeaseholdError(
            "SITE_EXISTS",
            `site ${site.name} already exists (pass replace to overwrite it)`,
            [
              {
                field: `sites[${index}].name`,
                message: `site ${site.name} already exists`,
                bound: "unique, or replace",
              },
            ],
          );
        }
        if (existing) {
          const held = await countLeasesAtSite(tx, existing.id);
          if (held > 0) {
            throw new LeaseholdError(
              "SITE_HAS_LEASES",
              `site ${site.name} has leases; replacing it would orphan them`,
              [
                {
                  field: `sites[${index}].name`,
                  message: `site ${site.name} has ${held} leases`,
                  bound: "a site without leases",
                },
              ],
            );
          }
          await deleteSite(tx, existing.id);
        }
        const id = newId("site");
        await insertSite(tx, {
          id,
          name: site.name,
          kind: site.kind,
          location: site.location,
          pue: site.pue,
          electricityPriceMicrosPerMwh: site.electricityPriceMicrosPerMwh,
          powerSources: site.powerSources,
          topologyLevels: site.topologyLevels,
          createdAt: now,
        });
        const nodes = site.nodes.map((n) => ({ ...n, id: newId("node") }));
        await insertNodes(tx, id, nodes, now, (rows) => {
          written += rows;
          report({ phase: "writing", written, total });
        });
        const gpus = site.nodes.reduce((g, n) => g + n.gpuCount, 0);
        sites.push({ id, name: site.name, nodes: nodes.length, gpus, replaced: existing !== undefined });
        const action = existing ? "site.replaced" : "site.imported";
        await appendAudit(
          tx,
          auditEntry(options.actor, action, id, { name: site.name, nodes: nodes.length, gpus }),
          now,
        );
      }
      return { sites, nodes: total, gpus: sites.reduce((g, s) => g + s.gpus, 0) };
    });
    report({ phase: "committed", written: total, total });
    return result;
  }
}
