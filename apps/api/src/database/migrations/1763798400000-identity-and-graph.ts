import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts and roles, organisation verification and profile, the control graph (下属子公司 / 控股) and credit
 * records (联合惩戒名单) — issue "Who may take what", RULEBOOK §1, §6; seed `004 §14`.
 */
export class IdentityAndGraph1763798400000 implements MigrationInterface {
  name = 'IdentityAndGraph1763798400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organization
        ADD COLUMN verified boolean NOT NULL DEFAULT false,
        ADD COLUMN verified_at timestamptz,
        ADD COLUMN verified_by uuid,
        ADD COLUMN independent_legal_person boolean NOT NULL DEFAULT true,
        ADD COLUMN main_business text,
        ADD COLUMN fields text[] NOT NULL DEFAULT '{}',
        ADD CONSTRAINT ck_organization_fields CHECK (fields <@ ARRAY['energy_storage','graphene','rare_earth','hydrogen','ccus']::text[])`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        password_hash text NOT NULL,
        display_name text NOT NULL,
        role varchar(16) NOT NULL,
        staff_roles text[] NOT NULL DEFAULT '{}',
        org_id uuid,
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_app_user PRIMARY KEY (id),
        CONSTRAINT uq_app_user_username UNIQUE (username),
        CONSTRAINT fk_app_user_org FOREIGN KEY (org_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT ck_app_user_role CHECK (role IN ('institute','enterprise','staff','expert')),
        CONSTRAINT ck_app_user_staff_roles CHECK (staff_roles <@ ARRAY['broker','approver','admin']::text[]
          AND (role = 'staff' OR cardinality(staff_roles) = 0)),
        CONSTRAINT ck_app_user_failed_logins CHECK (failed_logins >= 0)
      )`);
    await q.query(`CREATE INDEX ix_app_user_org_id ON app_user (org_id)`);
    await q.query(`
      CREATE TABLE control_edge (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        controller_org_id uuid NOT NULL,
        controlled_org_id uuid NOT NULL,
        equity_pct numeric(5,2),
        kind varchar(16) NOT NULL,
        valid_from date,
        valid_to date,
        source text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_control_edge PRIMARY KEY (id),
        CONSTRAINT fk_control_edge_controller FOREIGN KEY (controller_org_id) REFERENCES organization (id) ON DELETE CASCADE,
        CONSTRAINT fk_control_edge_controlled FOREIGN KEY (controlled_org_id) REFERENCES organization (id) ON DELETE CASCADE,
        CONSTRAINT uq_control_edge_pair UNIQUE (controller_org_id, controlled_org_id, kind),
        CONSTRAINT ck_control_edge_kind CHECK (kind IN ('equity','agreement','branch')),
        CONSTRAINT ck_control_edge_not_self CHECK (controller_org_id <> controlled_org_id),
        CONSTRAINT ck_control_edge_equity CHECK (equity_pct IS NULL OR (equity_pct >= 0 AND equity_pct <= 100)),
        CONSTRAINT ck_control_edge_equity_required CHECK (kind <> 'equity' OR equity_pct IS NOT NULL),
        CONSTRAINT ck_control_edge_validity CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to),
        CONSTRAINT ck_control_edge_source CHECK (char_length(source) >= 2)
      )`);
    await q.query(`CREATE INDEX ix_control_edge_controller ON control_edge (controller_org_id)`);
    await q.query(`CREATE INDEX ix_control_edge_controlled ON control_edge (controlled_org_id)`);
    await q.query(`
      CREATE TABLE credit_record (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid NOT NULL,
        kind varchar(24) NOT NULL,
        reason text NOT NULL,
        valid_from date NOT NULL,
        valid_to date,
        source text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_credit_record PRIMARY KEY (id),
        CONSTRAINT fk_credit_record_org FOREIGN KEY (org_id) REFERENCES organization (id) ON DELETE CASCADE,
        CONSTRAINT ck_credit_record_kind CHECK (kind IN ('blacklist','joint_punishment')),
        CONSTRAINT ck_credit_record_validity CHECK (valid_to IS NULL OR valid_from <= valid_to)
      )`);
    await q.query(`CREATE INDEX ix_credit_record_org_id ON credit_record (org_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE credit_record`);
    await q.query(`DROP TABLE control_edge`);
    await q.query(`DROP TABLE app_user`);
    await q.query(`
      ALTER TABLE organization DROP CONSTRAINT ck_organization_fields,
        DROP COLUMN fields, DROP COLUMN main_business, DROP COLUMN independent_legal_person,
        DROP COLUMN verified_by, DROP COLUMN verified_at, DROP COLUMN verified`);
  }
}
