/**
 * Migration 0006: the checker role. A checker key belongs to one tenant, like a tenant key, and may
 * only check and settle that tenant's usage limits.
 */
export const MIGRATION_0006_KEY_ROLES = `
ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_check;
ALTER TABLE api_keys DROP CONSTRAINT api_keys_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('operator', 'tenant', 'checker'));
ALTER TABLE api_keys ADD CONSTRAINT api_keys_tenant_check CHECK ((role <> 'operator') = (tenant_id IS NOT NULL));
`;
