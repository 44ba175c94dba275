/**
 * Migration 0008: invoices, credit and debit notes, and their gapless numbering. An issued
 * document never changes (a trigger refuses it); corrections are new notes.
 */
export const MIGRATION_0008_BILLING = `
-- The last number used in each series (INV, CN, DN). Issuing takes this row's lock and bumps it
-- in the same transaction that numbers the document, so a number is used once and never skipped:
-- a rolled-back or killed issue gives its number back with the transaction.
CREATE TABLE invoice_number_series (
  series text PRIMARY KEY,
  last_number bigint NOT NULL CHECK (last_number >= 0)
);
INSERT INTO invoice_number_series (series, last_number) VALUES ('INV', 0), ('CN', 0), ('DN', 0);

CREATE TABLE invoices (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'debit_note')),
  status text NOT NULL CHECK (status IN ('draft', 'issued')),
  series text NOT NULL,
  seq bigint,
  number text,
  lease_id text NOT NULL REFERENCES leases (id),
  tenant_id text NOT NULL REFERENCES tenants (id),
  site_id text NOT NULL REFERENCES sites (id),
  period text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  corrects text REFERENCES invoices (id),
  lines jsonb NOT NULL,
  total_micros bigint NOT NULL,
  basis jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  issued_at timestamptz,
  UNIQUE (series, seq),
  CHECK ((status = 'issued') = (seq IS NOT NULL AND number IS NOT NULL AND issued_at IS NOT NULL))
);
CREATE UNIQUE INDEX invoices_one_per_lease_month ON invoices (lease_id, period) WHERE kind = 'invoice';
CREATE UNIQUE INDEX invoices_one_draft_note ON invoices (lease_id, period) WHERE kind <> 'invoice' AND status = 'draft';
CREATE INDEX invoices_tenant ON invoices (tenant_id, id);
CREATE INDEX invoices_lease ON invoices (lease_id, period);
CREATE INDEX invoices_site_period ON invoices (site_id, period);

CREATE FUNCTION invoices_issued_are_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'issued' THEN
    RAISE EXCEPTION 'invoice % is issued and cannot change', OLD.number;
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER invoices_issued_are_final BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_issued_are_final();
`;
