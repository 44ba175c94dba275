/**
 * Tenants and API keys: create them, authenticate a presented key, and make sure a fresh
 * install has an operator key to start with.
 * @module
 */
import { randomBytes } from "node:crypto";
import {
  formatApiKey,
  hashApiKey,
  keyPrefix,
  looksLikeAgentKey,
  looksLikeApiKey,
} from "../access/api-key.js";
import { KeyCache } from "../access/key-cache.js";
import { actorOf, type Principal, type Role, tenantScope } from "../access/principal.js";
import { LeaseholdError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import {
  type ApiKeyRecord,
  type AuditEntry,
  appendAudit,
  countOperatorKeys,
  findTenant,
  insertApiKey,
  insertTenant,
  listApiKeys,
  listAudit,
  listTenants,
  principalForKeyHash,
  revokeApiKey,
  type Tenant,
} from "../store/access-repository.js";
import { agentForKeyHash } from "../store/agent-key-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";
import { tenantNotFound } from "./not-found.js";

export class AccessService {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
    /** Authenticated keys for a few seconds; shared with whatever else revokes keys. */
    private readonly keyCache = new KeyCache(),
  ) {}

  /**
   * The principal behind a presented key, or undefined when it is unknown or revoked: an API key,
   * or a node agent's key (`lh_ag_…`), which authenticates as that node's agent.
   */
  async authenticate(key: string): Promise<Principal | undefined> {
    const agent = looksLikeAgentKey(key);
    if (!agent && !looksLikeApiKey(key)) return undefined;
    const hash = hashApiKey(key);
    const cached = this.keyCache.get(hash);
    if (cached) return cached;
    const principal = agent ? await agentForKeyHash(this.db, hash) : await principalForKeyHash(this.db, hash);
    if (principal) this.keyCache.set(hash, principal);
    return principal;
  }

  async createTenant(by: Principal, name: string): Promise<Tenant> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      if (await findTenant(tx, { tenantId: null }, name)) {
        throw new LeaseholdError("TENANT_EXISTS", `tenant ${name} already exists`, [
          { field: "name", message: `tenant ${name} already exists`, bound: "unique" },
        ]);
      }
      const tenant = await insertTenant(tx, { id: newId("tenant"), name, createdAt: now });
      await appendAudit(tx, auditEntry(actorOf(by), "tenant.created", tenant.id, { name }), now);
      return tenant;
    });
  }

  async tenants(by: Principal): Promise<Tenant[]> {
    return listTenants(this.db, tenantScope(by));
  }

  /** A tenant the caller may see; another tenant's id answers TENANT_NOT_FOUND, as if it did not exist. */
  async tenant(by: Principal, ref: string): Promise<Tenant> {
    const tenant = await findTenant(this.db, tenantScope(by), ref);
    if (!tenant) throw await tenantNotFound(this.db, tenantScope(by), ref);
    return tenant;
  }

  /**
   * Issues a key and returns it once, in clear; only its hash is kept. `by` is undefined only for
   * the bootstrap operator key a fresh install creates.
   */
  async createKey(
    by: Principal | undefined,
    request: { name: string; role: Role; tenant?: string },
  ): Promise<{ key: string; record: ApiKeyRecord }> {
    const now = this.clock.now();
    return this.db.transaction(async (tx) => {
      let tenantId: string | null = null;
      if (request.role === "tenant" || request.role === "checker") {
        if (!request.tenant) {
          throw new LeaseholdError("VALIDATION_FAILED", `tenant is required for a ${request.role} key`, [
            {
              field: "tenant",
              message: `tenant is required when role is ${request.role}`,
              bound: "required",
            },
          ]);
        }
        const tenant = await findTenant(tx, { tenantId: null }, request.tenant);
        if (!tenant) throw await tenantNotFound(tx, { tenantId: null }, request.tenant);
        tenantId = tenant.id;
      } else if (request.tenant) {
        throw new LeaseholdError("VALIDATION_FAILED", "an operator key is not bound to a tenant", [
          { field: "tenant", message: "tenant must be absent when role is operator", bound: "absent" },
        ]);
      }
      const key = formatApiKey(request.role, randomBytes(32));
      const record = await insertApiKey(tx, {
        id: newId("apiKey"),
        name: request.name,
        prefix: keyPrefix(key),
        secretSha256: hashApiKey(key),
        role: request.role,
        tenantId,
        createdAt: now,
      });
      const actor = by ? actorOf(by) : "system:bootstrap";
      const detail = { name: request.name, role: request.role, tenantId };
      await appendAudit(tx, auditEntry(actor, "api_key.created", record.id, detail), now);
      return { key, record };
    });
  }

  async keys(by: Principal): Promise<ApiKeyRecord[]> {
    return listApiKeys(this.db, tenantScope(by));
  }

  /** The audit log, newest first (operators only: it spans every tenant). */
  async audit(options: { subject?: string; before?: number; limit: number }): Promise<AuditEntry[]> {
    return listAudit(this.db, options);
  }

  async revokeKey(by: Principal, id: string): Promise<ApiKeyRecord> {
    const now = this.clock.now();
    const record = await revokeApiKey(this.db, tenantScope(by), id, now);
    this.keyCache.clear();
    if (!record) throw new LeaseholdError("API_KEY_NOT_FOUND", `no API key ${id}`);
    await appendAudit(this.db, auditEntry(actorOf(by), "api_key.revoked", id), now);
    return record;
  }

  /** Creates the first operator key when none exists; returns it in clear, or undefined. */
  async bootstrapOperatorKey(): Promise<string | undefined> {
    if ((await countOperatorKeys(this.db)) > 0) return undefined;
    const { key } = await this.createKey(undefined, { name: "bootstrap", role: "operator" });
    return key;
  }
}
