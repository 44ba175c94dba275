/**
 * Migration 0009: usage-limit planning. A tenant's serving profile and plans, its versioned limit
 * sets (draft, then published), and the ledger of lease events the planner has consumed, so each
 * capacity change is planned for exactly once whichever server reads it.
 */
export const MIGRATION_0009_USAGE_LIMITS = `
CREATE TABLE serving_profiles (
  tenant_id text PRIMARY KEY REFERENCES tenants (id),
  profile jsonb NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE limit_plans (
  tenant_id text NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, name)
);

-- Every computed set of a tenant, numbered 1, 2, …; published ones are immutable.
CREATE TABLE limit_sets (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  version integer NOT NULL CHECK (version >= 1),
  created_at timestamptz NOT NULL,
  created_by text NOT NULL,
  published_at timestamptz,
  published_by text,
  trigger jsonb NOT NULL,
  plans jsonb NOT NULL,
  planning jsonb NOT NULL,
  UNIQUE (tenant_id, version)
);
CREATE INDEX limit_sets_published ON limit_sets (tenant_id, version) WHERE published_at IS NOT NULL;

-- The planner's place in the outbox: the lease events it consumed (one row each) and the highest id.
CREATE TABLE limit_consumed_events (
  consumer text NOT NULL,
  outbox_id bigint NOT NULL,
  consumed_at timestamptz NOT NULL,
  PRIMARY KEY (consumer, outbox_id)
);
CREATE TABLE limit_consumer_offsets (
  consumer text PRIMARY KEY,
  last_outbox_id bigint NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX outbox_capacity_events ON outbox (id)
  WHERE topic IN ('lease.activated', 'tranche.activated', 'lease.ended');
`;
