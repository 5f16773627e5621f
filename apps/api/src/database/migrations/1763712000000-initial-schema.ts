import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data model v1: organisations, listings (征集表 project block, money in fen) and list-level announcements.
 * Named constraints; CHECKs mirror the enums of `@jiebang/contracts` and the 征集表 limits (RULEBOOK §3).
 */
export class InitialSchema1763712000000 implements MigrationInterface {
  name = 'InitialSchema1763712000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE organization (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        uscc varchar(18),
        name text NOT NULL,
        short_name text,
        former_names text[] NOT NULL DEFAULT '{}',
        type varchar(32) NOT NULL,
        source_category text,
        region_code char(6),
        address text,
        registered_capital_fen bigint,
        legal_representative text,
        contacts jsonb NOT NULL DEFAULT '[]',
        note text,
        source_urls text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_organization PRIMARY KEY (id),
        CONSTRAINT uq_organization_uscc UNIQUE (uscc),
        CONSTRAINT ck_organization_uscc_format CHECK (uscc IS NULL OR uscc ~ '^[0-9A-HJ-NP-RTUW-Y]{18}$'),
        CONSTRAINT ck_organization_type CHECK (type IN ('university','research_institute','new_rd_institution',
          'tech_enterprise','enterprise','other','concept_validation','pilot_base','pilot_service',
          'innovation_center','intl_cooperation_base')),
        CONSTRAINT ck_organization_region_code CHECK (region_code IS NULL OR region_code ~ '^[0-9]{6}$'),
        CONSTRAINT ck_organization_capital CHECK (registered_capital_fen IS NULL OR registered_capital_fen >= 0)
      )`);
    await q.query(`CREATE INDEX ix_organization_name ON organization (name)`);
    await q.query(`CREATE INDEX ix_organization_region_code ON organization (region_code)`);
    await q.query(`
      CREATE TABLE listing (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(16) NOT NULL,
        field varchar(16) NOT NULL,
        title text NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'draft',
        result_type varchar(32),
        achievement_type varchar(32),
        has_own_ip boolean,
        ip_types text[] NOT NULL DEFAULT '{}',
        summary varchar(3000),
        team varchar(1000),
        suggested_time_limit text,
        total_investment_fen bigint,
        poster_org_id uuid,
        poster_name text NOT NULL,
        region_code char(6),
        source_year int,
        note text,
        inferred_fields text[] NOT NULL DEFAULT '{}',
        source_urls text[] NOT NULL DEFAULT '{}',
        published_at timestamptz,
        import_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_listing PRIMARY KEY (id),
        CONSTRAINT fk_listing_poster_org FOREIGN KEY (poster_org_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT uq_listing_import_key UNIQUE (import_key),
        CONSTRAINT ck_listing_kind CHECK (kind IN ('challenge','achievement')),
        CONSTRAINT ck_listing_field CHECK (field IN ('energy_storage','graphene','rare_earth','hydrogen','ccus')),
        CONSTRAINT ck_listing_status CHECK (status IN ('draft','submitted','screening','published','closed')),
        CONSTRAINT ck_listing_result_type CHECK (result_type IS NULL OR result_type IN ('public_welfare','industry_generic')),
        CONSTRAINT ck_listing_achievement_type CHECK (achievement_type IS NULL OR achievement_type IN
          ('new_technology','new_process','new_material','new_product','new_equipment')),
        CONSTRAINT ck_listing_ip_types CHECK (ip_types <@ ARRAY['patent','trademark','copyright',
          'geographical_indication','plant_variety','trade_secret','other']::text[]),
        CONSTRAINT ck_listing_summary_length CHECK (char_length(summary) <= 3000),
        CONSTRAINT ck_listing_team_length CHECK (char_length(team) <= 1000),
        CONSTRAINT ck_listing_investment CHECK (total_investment_fen IS NULL OR total_investment_fen >= 0),
        CONSTRAINT ck_listing_region_code CHECK (region_code IS NULL OR region_code ~ '^[0-9]{6}$'),
        CONSTRAINT ck_listing_published_at CHECK (status <> 'published' OR published_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_listing_status_kind_field ON listing (status, kind, field)`);
    await q.query(`CREATE INDEX ix_listing_poster_org_id ON listing (poster_org_id)`);
    await q.query(`
      CREATE TABLE announcement (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        kind varchar(16) NOT NULL,
        field varchar(16),
        title text NOT NULL,
        issuer text NOT NULL,
        region_code char(6),
        source_year int,
        note text,
        source_urls text[] NOT NULL DEFAULT '{}',
        import_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_announcement PRIMARY KEY (id),
        CONSTRAINT uq_announcement_import_key UNIQUE (import_key),
        CONSTRAINT ck_announcement_kind CHECK (kind IN ('challenge','achievement')),
        CONSTRAINT ck_announcement_field CHECK (field IS NULL OR field IN
          ('energy_storage','graphene','rare_earth','hydrogen','ccus'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE announcement`);
    await q.query(`DROP TABLE listing`);
    await q.query(`DROP TABLE organization`);
  }
}
