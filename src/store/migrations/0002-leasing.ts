/**
 * Migration 0002: leases with their versioned amendments, node allocations and their history,
 * SLA downtime, and the transactional outbox later slices consume.
 */
export const MIGRATION_0002_LEASING = `
CREATE TABLE leases (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'reserved', 'active', 'ending', 'ended', 'cancelled')),
  site_id text REFERENCES sites (id),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  notice_given_at timestamptz,
  terms jsonb NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, name)
);
CREATE INDEX leases_site_status ON leases (site_id, status);
CREATE INDEX leases_tenant ON leases (tenant_id, created_at);

CREATE TABLE lease_versions (
  lease_id text NOT NULL REFERENCES leases (id) ON DELETE CASCADE,
  version integer NOT NULL,
  kind text NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL,
  reason text NOT NULL,
  changes jsonb NOT NULL,
  terms jsonb NOT NULL,
  PRIMARY KEY (lease_id, version)
);

-- Which lease holds each node now. No row: the owner's house work, a spare, or out of service.
CREATE TABLE allocations (
  node_id text PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  lease_id text NOT NULL REFERENCES leases (id),
  since timestamptz NOT NULL
);
CREATE INDEX allocations_lease ON allocations (lease_id);

-- Each tranche line placed on the fleet: when, where and what it preempted.
CREATE TABLE tranche_placements (
  lease_id text NOT NULL REFERENCES leases (id) ON DELETE CASCADE,
  tranche_key text NOT NULL,
  line_key text NOT NULL,
  placed_at timestamptz NOT NULL,
  gpu_model text NOT NULL,
  gpus integer NOT NULL,
  nodes integer NOT NULL,
  preempted_house_nodes integer NOT NULL,
  fit_level text NOT NULL,
  pieces jsonb NOT NULL,
  PRIMARY KEY (lease_id, tranche_key, line_key)
);

-- Every change of a node's holder: the history metering reads delivered GPU-hours from.
CREATE TABLE allocation_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  site_id text NOT NULL,
  node_id text NOT NULL,
  from_holder text NOT NULL,
  to_holder text NOT NULL,
  lease_id text,
  reason text NOT NULL
);
CREATE INDEX allocation_events_site_at ON allocation_events (site_id, at);
CREATE INDEX allocation_events_lease_at ON allocation_events (lease_id, at);

-- GPUs a lease ran short of, and for how long: SLA downtime.
CREATE TABLE lease_shortfalls (
  id bigserial PRIMARY KEY,
  lease_id text NOT NULL REFERENCES leases (id) ON DELETE CASCADE,
  gpu_model text NOT NULL,
  missing_gpus integer NOT NULL CHECK (missing_gpus > 0),
  started_at timestamptz NOT NULL,
  ended_at timestamptz,
  cause text NOT NULL
);
CREATE INDEX lease_shortfalls_open ON lease_shortfalls (lease_id) WHERE ended_at IS NULL;

-- Transactional outbox: written in the same transaction as the change it announces.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  topic text NOT NULL,
  aggregate_id text NOT NULL,
  tenant_id text,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
`;
