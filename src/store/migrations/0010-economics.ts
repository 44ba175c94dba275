/**
 * Migration 0010: the owner's economics. Saved scenarios, every save a new version (a scenario is
 * read at its latest version unless one is asked for); and each site's input overrides, versioned
 * the same way.
 */
export const MIGRATION_0010_ECONOMICS = `
CREATE TABLE economic_scenarios (
  name text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (name, version)
);
CREATE TABLE economic_site_inputs (
  site_id text NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version >= 1),
  inputs jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (site_id, version)
);
`;
