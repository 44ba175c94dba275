/** Migration 0001: the fleet (GPU models, sites, nodes, node events), tenants, API keys and the audit log. */
export const MIGRATION_0001_FLEET = `
CREATE TABLE gpu_models (
  name text PRIMARY KEY,
  vendor text NOT NULL,
  memory_gb double precision NOT NULL CHECK (memory_gb > 0),
  power_kw_per_gpu double precision NOT NULL CHECK (power_kw_per_gpu > 0),
  gpus_per_node integer NOT NULL CHECK (gpus_per_node > 0),
  nodes_per_rack integer NOT NULL CHECK (nodes_per_rack > 0),
  serving_tokens_per_second_per_gpu double precision,
  built_in boolean NOT NULL DEFAULT false
);

CREATE TABLE sites (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('terrestrial', 'orbital')),
  location text NOT NULL,
  pue double precision NOT NULL CHECK (pue >= 1),
  electricity_price_micros_per_mwh bigint NOT NULL CHECK (electricity_price_micros_per_mwh >= 0),
  power_sources jsonb NOT NULL,
  topology_levels text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  version bigint NOT NULL DEFAULT 1
);

CREATE TABLE nodes (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  name text NOT NULL,
  path text NOT NULL,
  gpu_model text NOT NULL REFERENCES gpu_models (name),
  gpu_count integer NOT NULL CHECK (gpu_count > 0),
  state text NOT NULL CHECK (state IN ('healthy', 'degraded', 'failed', 'maintenance')),
  state_changed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (site_id, name)
);
CREATE INDEX nodes_site_path_name ON nodes (site_id, path, name);

CREATE TABLE node_events (
  id bigserial PRIMARY KEY,
  node_id text NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  from_state text NOT NULL,
  to_state text NOT NULL,
  reason text NOT NULL,
  actor text NOT NULL
);
CREATE INDEX node_events_node_at ON node_events (node_id, at);

CREATE TABLE tenants (
  id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL,
  secret_sha256 text NOT NULL UNIQUE,
  role text NOT NULL CHECK (role IN ('operator', 'tenant')),
  tenant_id text REFERENCES tenants (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CHECK ((role = 'tenant') = (tenant_id IS NOT NULL))
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  subject text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb
);
`;
