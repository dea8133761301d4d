-- The versioned price catalog. Global definitions (org_id NULL) come from catalog files
-- (the shipped default, or `tokenledger pricing import`); an organization's own negotiated
-- prices (org_id set) win over them. A definition is valid over [effective_from,
-- effective_to); importing a new catalog version closes the previous version's definitions
-- of the same models instead of editing them, so past events keep their price history.

CREATE TABLE price_catalog_versions (
    id uuid PRIMARY KEY,
    source text NOT NULL,
    taken_on date NOT NULL,
    checksum text NOT NULL UNIQUE,
    entry_count integer NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE price_definitions (
    id uuid PRIMARY KEY,
    org_id uuid REFERENCES organizations (id) ON DELETE CASCADE,
    catalog_version_id uuid REFERENCES price_catalog_versions (id),
    provider text NOT NULL CHECK (length(provider) BETWEEN 1 AND 100),
    model text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    effective_from timestamptz NOT NULL,
    effective_to timestamptz,
    currency text NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
    input_per_million numeric CHECK (input_per_million >= 0),
    cache_read_per_million numeric CHECK (cache_read_per_million >= 0),
    cache_write_5m_per_million numeric CHECK (cache_write_5m_per_million >= 0),
    cache_write_1h_per_million numeric CHECK (cache_write_1h_per_million >= 0),
    output_per_million numeric CHECK (output_per_million >= 0),
    reasoning_per_million numeric CHECK (reasoning_per_million >= 0),
    per_image numeric CHECK (per_image >= 0),
    per_audio_second numeric CHECK (per_audio_second >= 0),
    per_request numeric CHECK (per_request >= 0),
    tiers jsonb NOT NULL DEFAULT '[]'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (effective_to IS NULL OR effective_to > effective_from)
);

CREATE INDEX price_definitions_lookup_idx ON price_definitions (model, effective_from DESC);
CREATE INDEX price_definitions_org_idx ON price_definitions (org_id, created_at, id);

-- Tenants read global prices and their own, and write only their own.
ALTER TABLE price_definitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE price_definitions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON price_definitions
    USING (org_id IS NULL OR tokenledger_tenant_visible(org_id))
    WITH CHECK (tokenledger_tenant_visible(org_id));
