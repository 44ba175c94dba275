/**
 * Saved economic scenarios and each site's input overrides: every save is checked (known inputs
 * in bounds, a lease shape that makes sense) and appended as the next version.
 * @module
 */
import { applyOverrides, defaultInputs } from "../economics/economic-inputs.js";
import {
  leaseShapeIssues,
  type ScenarioDefinition,
  scenarioDefinitionSchema,
} from "../economics/scenario-definition.js";
import { BUILT_IN_SCENARIOS } from "../economics/scenario-lease.js";
import { type FieldIssue, LeaseholdError, validationError } from "../shared/errors.js";
import { toFieldIssues } from "../shared/zod-issues.js";
import {
  findScenario,
  latestScenarios,
  type StoredScenario,
  type StoredSiteInputs,
  saveScenario,
  saveSiteInputs,
  scenarioVersions,
  siteInputs,
} from "../store/economics-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import type { FleetService } from "./fleet-service.js";

export interface SavedScenario {
  name: string;
  version: number;
  definition: ScenarioDefinition;
  createdAt: string;
}

const toSaved = (s: StoredScenario): SavedScenario => ({
  name: s.name,
  version: s.version,
  definition: scenarioDefinitionSchema.parse(s.definition),
  createdAt: s.createdAt,
});

export class EconomicScenarios {
  constructor(
    private readonly db: SqlClient,
    private readonly fleet: FleetService,
    private readonly clock: Clock,
  ) {}

  /** Checks `raw` and saves it as the next version of scenario `name`. */
  async save(name: string, raw: unknown): Promise<SavedScenario> {
    if ((BUILT_IN_SCENARIOS as readonly string[]).includes(name))
      throw validationError([
        {
          field: "name",
          message: `${name} is a built-in scenario; save yours under another name`,
          bound: "not built-in",
        },
      ]);
    const parsed = scenarioDefinitionSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) throw validationError(toFieldIssues(parsed.error, [], raw));
    const definition = parsed.data;
    const issues = [
      ...(await this.inputIssues(definition.inputs, "inputs")),
      ...(definition.lease ? leaseShapeIssues(definition.lease) : []),
    ];
    if (issues.length > 0) throw validationError(issues);
    return toSaved(await saveScenario(this.db, name, definition, this.clock.now()));
  }

  /** The latest version of every saved scenario. */
  async list(): Promise<SavedScenario[]> {
    return (await latestScenarios(this.db)).map(toSaved);
  }

  /** A saved scenario at `version` (latest by default), with the versions it has. */
  async get(name: string, version?: number): Promise<{ scenario: SavedScenario; versions: number[] }> {
    const found = await findScenario(this.db, name, version);
    if (!found)
      throw new LeaseholdError(
        "SCENARIO_NOT_FOUND",
        `no saved scenario ${name}${version === undefined ? "" : ` at version ${version}`}`,
      );
    const versions = (await scenarioVersions(this.db, name)).map((v) => v.version);
    return { scenario: toSaved(found), versions };
  }

  /** A site's saved input overrides (version 0 when none were saved). */
  async siteInputs(siteRef: string): Promise<StoredSiteInputs & { site: { id: string; name: string } }> {
    const site = await this.fleet.site(siteRef);
    return { ...(await siteInputs(this.db, site.id)), site: { id: site.id, name: site.name } };
  }

  /** Replaces a site's input overrides with `inputs`, as the next version. */
  async setSiteInputs(
    siteRef: string,
    inputs: Record<string, string>,
  ): Promise<StoredSiteInputs & { site: { id: string; name: string } }> {
    const site = await this.fleet.site(siteRef);
    const issues = await this.inputIssues(inputs, "inputs");
    if (issues.length > 0) throw validationError(issues);
    return {
      ...(await saveSiteInputs(this.db, site.id, inputs, this.clock.now())),
      site: { id: site.id, name: site.name },
    };
  }

  /** Issues of overrides against every model of the catalogue. */
  private async inputIssues(inputs: Record<string, string>, field: string): Promise<FieldIssue[]> {
    const models = (await this.fleet.gpuModels()).map((m) => m.name);
    const base = defaultInputs({
      pue: 1.2,
      electricityPriceMicrosPerMwh: 0n,
      powerKwPerGpu: Object.fromEntries(models.map((m) => [m, 1])),
    });
    return applyOverrides(base, inputs, field).issues;
  }
}
