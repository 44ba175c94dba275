/**
 * Migration 0011: the tenant's capacity portfolio (deals across providers, orbital sites among
 * them) and its settings: the target line and the unit-economics inputs.
 */
export const MIGRATION_0011_PORTFOLIO = `
CREATE TABLE portfolio_deals (
  id text PRIMARY KEY,
  tenant_id text NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  provider text NOT NULL,
  chip text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('terrestrial', 'orbital')),
  power_mw double precision CHECK (power_mw > 0),
  gpus integer CHECK (gpus > 0),
  kw_per_gpu double precision CHECK (kw_per_gpu > 0),
  online_at timestamptz NOT NULL,
  ramp_months integer NOT NULL CHECK (ramp_months >= 0),
  term_months integer CHECK (term_months > 0),
  committed_spend_micros bigint CHECK (committed_spend_micros >= 0),
  lease_id text REFERENCES leases (id),
  orbital jsonb,
  created_at timestamptz NOT NULL,
  UNIQUE (tenant_id, name)
);

CREATE TABLE portfolio_settings (
  tenant_id text PRIMARY KEY REFERENCES tenants (id),
  target jsonb,
  unit_inputs jsonb,
  updated_at timestamptz NOT NULL
);
`;
