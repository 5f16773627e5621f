import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The carrier platforms' programmes (issue 15; RULEBOOK §7, seeds `000`–`003`): programmes, versioned rule sets
 * (data with their source document), rounds (a call with its 文号 and dates), applications (申报书 as JSONB,
 * evidence, 诚信承诺, recommendation, formal review, expert review, site visit, decision, notice), the registry
 * (`carrier`: kind, 依托单位, 文号, date, status 筹建/运行/整改/撤销, plate name), annual reports, evaluations and support
 * money (fen, four eyes); `organization.carrier_kinds`, the carrier types the registry backs (never self-declared).
 */
export class Carriers1766600000500 implements MigrationInterface {
  name = 'Carriers1766600000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE carrier_programme (
        id varchar(32) NOT NULL,
        name text NOT NULL,
        mode varchar(16) NOT NULL,
        kinds text[] NOT NULL DEFAULT '{}',
        source text NOT NULL,
        CONSTRAINT pk_carrier_programme PRIMARY KEY (id)
      )`,
    );
    await q.query(
      `INSERT INTO carrier_programme (id, name, mode, kinds, source) VALUES
        ('platform_filing', '概念验证平台、科技成果转化中试基地、中试公共服务平台备案', 'filing',
         ARRAY['concept_validation','pilot_base','pilot_platform'], '000 四; 001 §10–11'),
        ('intl_coop_recognition', '自治区国际科技合作基地认定', 'recognition', ARRAY['intl_coop_base'], '002 §5–7'),
        ('innovation_center_formation', '自治区技术创新中心组建', 'formation', ARRAY['innovation_center'], '003 §11')`,
    );
    await q.query(
      `CREATE TABLE carrier_rule_set (
        id varchar(64) NOT NULL,
        key varchar(64) NOT NULL,
        version integer NOT NULL,
        document_no text NOT NULL,
        title text NOT NULL,
        data jsonb NOT NULL,
        shipped boolean NOT NULL DEFAULT false,
        loaded_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_rule_set PRIMARY KEY (id),
        CONSTRAINT uq_carrier_rule_set_version UNIQUE (key, version)
      )`,
    );
    await q.query(
      `CREATE TABLE carrier_round (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        programme_id varchar(32) NOT NULL,
        title text NOT NULL,
        document_no text NOT NULL,
        kinds text[] NOT NULL DEFAULT '{}',
        opens_on date NOT NULL,
        closes_on date NOT NULL,
        recommend_deadline date NOT NULL,
        rule_set_id varchar(64) NOT NULL,
        status varchar(16) NOT NULL,
        created_by uuid NOT NULL,
        opened_by uuid,
        opened_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_round PRIMARY KEY (id),
        CONSTRAINT fk_carrier_round_programme FOREIGN KEY (programme_id) REFERENCES carrier_programme(id),
        CONSTRAINT fk_carrier_round_rule_set FOREIGN KEY (rule_set_id) REFERENCES carrier_rule_set(id),
        CONSTRAINT fk_carrier_round_creator FOREIGN KEY (created_by) REFERENCES app_user(id)
      )`,
    );
    await q.query(`CREATE INDEX ix_carrier_round_status ON carrier_round (status, opens_on)`);
    await q.query(
      `CREATE TABLE carrier (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid,
        kind varchar(32) NOT NULL,
        intl_base_type varchar(32),
        host_org_id uuid NOT NULL,
        name text NOT NULL,
        plate_name text NOT NULL,
        document_no text NOT NULL,
        published_on date NOT NULL,
        status varchar(16) NOT NULL,
        region_code char(6),
        fields text[] NOT NULL DEFAULT '{}',
        attached boolean NOT NULL DEFAULT false,
        national_level boolean NOT NULL DEFAULT false,
        rule_set_id varchar(64) NOT NULL,
        rectify_until date,
        revoked_on date,
        revocation_ground text,
        reapply_bar_until date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier PRIMARY KEY (id),
        CONSTRAINT fk_carrier_host_org FOREIGN KEY (host_org_id) REFERENCES organization(id),
        CONSTRAINT fk_carrier_rule_set FOREIGN KEY (rule_set_id) REFERENCES carrier_rule_set(id)
      )`,
    );
    await q.query(`CREATE INDEX ix_carrier_kind_status ON carrier (kind, status)`);
    await q.query(`CREATE INDEX ix_carrier_host_org ON carrier (host_org_id)`);
    await q.query(
      `CREATE TABLE carrier_application (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL,
        org_id uuid NOT NULL,
        kind varchar(32) NOT NULL,
        intl_base_type varchar(32),
        platform_name text NOT NULL,
        form jsonb NOT NULL DEFAULT '{}',
        evidence_attachment_ids uuid[] NOT NULL DEFAULT '{}',
        integrity_pledge_at timestamptz,
        status varchar(24) NOT NULL,
        authority varchar(64),
        direct boolean NOT NULL DEFAULT false,
        national_level boolean NOT NULL DEFAULT false,
        submitted_at timestamptz,
        recommendation jsonb,
        formal_review jsonb,
        site_visit jsonb,
        decision jsonb,
        notice_opened_at timestamptz,
        notice_first_day date,
        notice_last_day date,
        notice_ends_at timestamptz,
        notice_provisional boolean,
        carrier_id uuid,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_application PRIMARY KEY (id),
        CONSTRAINT fk_carrier_application_round FOREIGN KEY (round_id) REFERENCES carrier_round(id),
        CONSTRAINT fk_carrier_application_org FOREIGN KEY (org_id) REFERENCES organization(id),
        CONSTRAINT fk_carrier_application_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id)
      )`,
    );
    await q.query(
      `CREATE UNIQUE INDEX ux_carrier_application_round_org_kind ON carrier_application (round_id, org_id, kind)`,
    );
    await q.query(`CREATE INDEX ix_carrier_application_status ON carrier_application (status, authority)`);
    await q.query(
      `CREATE TABLE carrier_expert_review (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        expert_user_id uuid NOT NULL,
        assigned_by uuid NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        score integer,
        recommend boolean,
        opinion text,
        submitted_at timestamptz,
        CONSTRAINT pk_carrier_expert_review PRIMARY KEY (id),
        CONSTRAINT uq_carrier_expert_review UNIQUE (application_id, expert_user_id),
        CONSTRAINT fk_carrier_expert_review_application FOREIGN KEY (application_id)
          REFERENCES carrier_application(id) ON DELETE CASCADE
      )`,
    );
    await q.query(
      `CREATE TABLE carrier_objection (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        lodged_by uuid NOT NULL,
        reasons text NOT NULL,
        status varchar(16) NOT NULL,
        resolution text,
        resolved_by uuid,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_objection PRIMARY KEY (id),
        CONSTRAINT fk_carrier_objection_application FOREIGN KEY (application_id)
          REFERENCES carrier_application(id) ON DELETE CASCADE
      )`,
    );
    await q.query(
      `CREATE TABLE carrier_report (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        year integer NOT NULL,
        status varchar(16) NOT NULL,
        content jsonb NOT NULL DEFAULT '{}',
        submitted_by uuid NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        reviewed_by uuid,
        reviewed_at timestamptz,
        review_note text,
        filed_by uuid,
        filed_at timestamptz,
        CONSTRAINT pk_carrier_report PRIMARY KEY (id),
        CONSTRAINT uq_carrier_report_year UNIQUE (carrier_id, year),
        CONSTRAINT fk_carrier_report_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id) ON DELETE CASCADE
      )`,
    );
    await q.query(
      `CREATE TABLE carrier_evaluation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        year integer NOT NULL,
        grade varchar(16) NOT NULL,
        basis varchar(24) NOT NULL,
        missed_years integer[] NOT NULL DEFAULT '{}',
        from_status varchar(16) NOT NULL,
        to_status varchar(16) NOT NULL,
        note text,
        decided_by uuid NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_evaluation PRIMARY KEY (id),
        CONSTRAINT fk_carrier_evaluation_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id) ON DELETE CASCADE
      )`,
    );
    await q.query(
      `CREATE TABLE carrier_support (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        org_id uuid NOT NULL,
        year integer NOT NULL,
        kind varchar(16) NOT NULL,
        base_fen bigint NOT NULL,
        computed_fen bigint NOT NULL,
        granted_fen bigint NOT NULL,
        cap_fen bigint NOT NULL,
        rate_bp integer NOT NULL,
        cap_applied boolean NOT NULL,
        steps jsonb NOT NULL DEFAULT '[]',
        highest_not_sum jsonb,
        status varchar(16) NOT NULL,
        note text,
        proposed_by uuid NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid,
        decided_at timestamptz,
        decision_note text,
        disbursed_by uuid,
        disbursed_at timestamptz,
        voucher_no text,
        CONSTRAINT pk_carrier_support PRIMARY KEY (id),
        CONSTRAINT fk_carrier_support_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id) ON DELETE CASCADE,
        CONSTRAINT fk_carrier_support_org FOREIGN KEY (org_id) REFERENCES organization(id)
      )`,
    );
    await q.query(
      `CREATE UNIQUE INDEX ux_carrier_support_live ON carrier_support (carrier_id, year, kind) WHERE status <> 'rejected'`,
    );
    await q.query(`CREATE INDEX ix_carrier_support_org_year ON carrier_support (org_id, year)`);
    await q.query(`ALTER TABLE organization ADD COLUMN carrier_kinds text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization DROP COLUMN carrier_kinds`);
    for (const t of [
      'carrier_support',
      'carrier_evaluation',
      'carrier_report',
      'carrier_objection',
      'carrier_expert_review',
      'carrier_application',
      'carrier',
      'carrier_round',
      'carrier_rule_set',
      'carrier_programme',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
