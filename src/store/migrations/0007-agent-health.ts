/**
 * Migration 0007: node agents and health. Agent keys (one live key per node, hash only), each
 * agent's sequence high-water mark (a re-sent heartbeat counts once, forever, at one row per
 * agent), each node's latest heartbeat and health, the operator's health policy, and the measured
 * energy per site, holder and hour that power pass-through invoices read.
 */
export const MIGRATION_0007_AGENT_HEALTH = `
CREATE TABLE agent_keys (
  id text PRIMARY KEY,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  node_id text NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  prefix text NOT NULL,
  secret_sha256 text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX agent_keys_live_node ON agent_keys (node_id) WHERE revoked_at IS NULL;
CREATE INDEX agent_keys_site ON agent_keys (site_id);

-- The highest sequence number counted per agent (an agent id is chosen by the agent at start).
CREATE TABLE agent_sequences (
  agent_id text PRIMARY KEY,
  node_id text NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
  high_water bigint NOT NULL CHECK (high_water >= 0)
);

-- Each reporting node's latest heartbeat and what health made of it. No row: no agent yet.
CREATE TABLE node_health (
  node_id text PRIMARY KEY REFERENCES nodes (id) ON DELETE CASCADE,
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  received_at timestamptz NOT NULL,
  read_at timestamptz NOT NULL,
  interval_s integer NOT NULL CHECK (interval_s > 0),
  gpus_seen integer NOT NULL,
  power_w double precision,
  good_streak integer NOT NULL,
  health_cause text,
  last_problem text,
  heartbeats bigint NOT NULL,
  energy_carry_mj bigint NOT NULL
);
CREATE INDEX node_health_site_received ON node_health (site_id, received_at);

-- The health policy an operator set; no row: the default.
CREATE TABLE health_policy (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  fatal_xids integer[] NOT NULL,
  missed_intervals integer NOT NULL,
  recovery_heartbeats integer NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);

-- Measured IT energy of the nodes' GPUs per site, holder (a lease id, 'house' or 'spare') and hour.
CREATE TABLE measured_energy_hours (
  site_id text NOT NULL,
  holder text NOT NULL,
  hour timestamptz NOT NULL,
  it_energy_wh bigint NOT NULL,
  readings bigint NOT NULL,
  PRIMARY KEY (site_id, holder, hour)
);
`;
