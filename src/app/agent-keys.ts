/**
 * Node agents' keys: an operator issues one per node for a whole site at once (what an installer
 * distributes), or for some nodes, and revokes one. Issuing again replaces a node's key.
 * @module
 */

import { randomBytes } from "node:crypto";
import { formatAgentKey, hashApiKey, keyPrefix } from "../access/api-key.js";
import type { KeyCache } from "../access/key-cache.js";
import { actorOf, type Principal } from "../access/principal.js";
import { LeaseholdError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";
import { appendAudit } from "../store/access-repository.js";
import { replaceAgentKeys, revokeAgentKey } from "../store/agent-key-repository.js";
import { findNode, nodesOfSite } from "../store/node-repository.js";
import { findSite } from "../store/site-repository.js";
import type { SqlClient } from "../store/sql-client.js";
import type { Clock } from "./clock.js";
import { auditEntry } from "./event-entries.js";
import { siteNotFound } from "./not-found.js";

/** One node's new key, shown once. */
export interface IssuedAgentKey {
  node: string;
  nodeId: string;
  keyId: string;
  key: string;
}

export interface AgentKeyIssue {
  siteId: string;
  siteName: string;
  keys: IssuedAgentKey[];
  /** Live keys the new ones replaced. */
  revoked: number;
}

export class AgentKeys {
  constructor(
    private readonly db: SqlClient,
    private readonly clock: Clock,
    /** The authenticated keys `AccessService` remembers: forgotten when keys here are replaced or revoked. */
    private readonly keyCache?: KeyCache,
  ) {}

  /**
   * Issues a key for every node of a site, or for the nodes named (ids or names); each replaces
   * the node's live key. One statement for the whole site; every key is shown only here.
   */
  async issue(by: Principal, siteRef: string, nodeRefs?: readonly string[]): Promise<AgentKeyIssue> {
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    const all = await nodesOfSite(this.db, site.id);
    let nodes = all;
    if (nodeRefs) {
      const byRef = new Map(all.flatMap((n) => [[n.id, n] as const, [n.name, n] as const]));
      const missing = nodeRefs.map((ref, i) => ({ ref, i })).filter(({ ref }) => !byRef.has(ref));
      if (missing.length > 0) {
        throw new LeaseholdError(
          "NODE_NOT_FOUND",
          `site ${site.name} has no node ${missing.map((m) => m.ref).join(", ")}`,
          missing.map(({ ref, i }) => ({
            field: `nodes[${i}]`,
            message: `no node ${ref} in site ${site.name}`,
            bound: "existing node",
          })),
        );
      }
      nodes = [...new Map(nodeRefs.map((ref) => [byRef.get(ref)?.id, byRef.get(ref)])).values()].filter(
        (n) => n !== undefined,
      );
    }
    const now = this.clock.now();
    const random = randomBytes(32 * nodes.length);
    const keys = nodes.map((n, i) => ({
      node: n.name,
      nodeId: n.id,
      keyId: newId("agentKey"),
      key: formatAgentKey(random.subarray(i * 32, i * 32 + 32)),
    }));
    const { revoked } = await this.db.transaction(async (tx) => {
      const result = await replaceAgentKeys(
        tx,
        site.id,
        keys.map((k) => ({
          id: k.keyId,
          nodeId: k.nodeId,
          prefix: keyPrefix(k.key),
          secretSha256: hashApiKey(k.key),
        })),
        now,
      );
      const detail = { site: site.name, nodes: keys.length, revoked: result.revoked };
      await appendAudit(tx, auditEntry(actorOf(by), "agent_keys.issued", site.id, detail), now);
      return result;
    });
    this.keyCache?.clear();
    return { siteId: site.id, siteName: site.name, keys, revoked };
  }

  /** Revokes a node's live key; its agent is refused from the next request on. */
  async revoke(by: Principal, siteRef: string, nodeRef: string): Promise<{ node: string; keyId: string }> {
    const site = await findSite(this.db, siteRef);
    if (!site) throw await siteNotFound(this.db, siteRef);
    const node = await findNode(this.db, site.id, nodeRef);
    if (!node) throw new LeaseholdError("NODE_NOT_FOUND", `site ${site.name} has no node ${nodeRef}`);
    const now = this.clock.now();
    const revoked = await this.db.transaction(async (tx) => {
      const keyId = await revokeAgentKey(tx, node.id, now);
      if (!keyId) throw new LeaseholdError("API_KEY_NOT_FOUND", `node ${node.name} has no live agent key`);
      await appendAudit(tx, auditEntry(actorOf(by), "agent_key.revoked", keyId, { node: node.name }), now);
      return { node: node.name, keyId };
    });
    this.keyCache?.clear();
    return revoked;
  }
}
