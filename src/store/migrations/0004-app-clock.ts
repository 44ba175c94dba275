/**
 * Migration 0004: every write carries the application's clock. Columns that stamped rows with the
 * database's own time (`DEFAULT now()`) lose that default, so a write that forgets its time fails
 * instead of mixing two clocks, and `write_node_states` stamps the node rows, their events, the
 * audit entry and the outbox messages with its `p_at`, as it already did the allocation moves:
 * metering intersects those intervals, so they must come from one clock.
 */
export const MIGRATION_0004_APP_CLOCK = `
ALTER TABLE sites ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE nodes ALTER COLUMN state_changed_at DROP DEFAULT;
ALTER TABLE node_events ALTER COLUMN at DROP DEFAULT;
ALTER TABLE tenants ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE api_keys ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE audit_log ALTER COLUMN at DROP DEFAULT;
ALTER TABLE leases ALTER COLUMN created_at DROP DEFAULT;
ALTER TABLE outbox ALTER COLUMN created_at DROP DEFAULT;
CREATE OR REPLACE FUNCTION write_node_states(
  p_site text, p_version bigint, p_nodes text[], p_state text, p_reason text, p_actor text, p_at timestamptz,
  p_release_nodes text[], p_release_leases text[], p_assign_nodes text[], p_assign_leases text[],
  p_moved_nodes text[], p_moved_from text[], p_moved_to text[], p_moved_leases text[], p_moved_reasons text[],
  p_topics text[], p_aggregates text[], p_tenants text[], p_payloads text[]
) RETURNS TABLE (
  id text, site_id text, name text, path text, gpu_model text, gpu_count integer, state text,
  state_changed_at text, site_version text
) LANGUAGE plpgsql AS $fn$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH bumped AS (
    UPDATE sites s SET version = s.version + 1 WHERE s.id = p_site AND s.version = p_version RETURNING s.version
  ), old AS (
    SELECT n.id AS node_id, n.state AS from_state FROM nodes n
    WHERE n.id = ANY (p_nodes) AND n.site_id = p_site AND EXISTS (SELECT 1 FROM bumped)
  ), changed AS (
    UPDATE nodes n SET state = p_state, state_changed_at = p_at FROM old WHERE n.id = old.node_id
    RETURNING n.id, n.site_id, n.name, n.path, n.gpu_model, n.gpu_count, n.state,
      to_char(n.state_changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS changed_at
  ), recorded AS (
    INSERT INTO node_events (node_id, at, from_state, to_state, reason, actor)
    SELECT o.node_id, p_at, o.from_state, p_state, p_reason, p_actor FROM old o
  ), audited AS (
    INSERT INTO audit_log (at, actor, action, subject, detail)
    SELECT p_at, p_actor, 'node.state', p_site, jsonb_build_object(
      'nodes', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.node_id, 'from', o.from_state) ORDER BY o.node_id), '[]') FROM old o),
      'to', p_state, 'reason', p_reason)
    FROM bumped
  ), released AS (
    DELETE FROM allocations a USING unnest(p_release_nodes, p_release_leases) AS r (node_id, lease_id)
    WHERE a.node_id = r.node_id AND a.lease_id = r.lease_id AND EXISTS (SELECT 1 FROM bumped)
  ), assigned AS (
    INSERT INTO allocations (node_id, site_id, lease_id, since)
    SELECT t.node_id, p_site, t.lease_id, p_at FROM bumped, unnest(p_assign_nodes, p_assign_leases) AS t (node_id, lease_id)
  ), moved AS (
    INSERT INTO allocation_events (at, site_id, node_id, from_holder, to_holder, lease_id, reason)
    SELECT p_at, p_site, t.node_id, t.from_holder, t.to_holder, t.lease_id, t.reason
    FROM bumped, unnest(p_moved_nodes, p_moved_from, p_moved_to, p_moved_leases, p_moved_reasons)
      WITH ORDINALITY AS t (node_id, from_holder, to_holder, lease_id, reason, n)
    ORDER BY t.n
  ), announced AS (
    INSERT INTO outbox (topic, aggregate_id, tenant_id, payload, created_at)
    SELECT t.topic, t.aggregate_id, t.tenant_id, t.payload::jsonb, p_at
    FROM bumped, unnest(p_topics, p_aggregates, p_tenants, p_payloads)
      WITH ORDINALITY AS t (topic, aggregate_id, tenant_id, payload, n)
    ORDER BY t.n
  )
  SELECT c.id, c.site_id, c.name, c.path, c.gpu_model, c.gpu_count, c.state, c.changed_at, b.version::text
  FROM bumped b LEFT JOIN changed c ON true
  ORDER BY c.path, c.name;
END
$fn$;
`;
