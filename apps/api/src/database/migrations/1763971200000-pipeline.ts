import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pipeline from collection to recommendation (seed `004 §9(一)–(五)`): listing workflow columns and the
 * passed / rejected states, applications with consortium members and consent, expert assignments, screening
 * opinions and review scores, in-app notifications, and the append-only, hash-chained audit log.
 */
export class Pipeline1763971200000 implements MigrationInterface {
  name = 'Pipeline1763971200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listing DROP CONSTRAINT ck_listing_status`);
    await q.query(`ALTER TABLE listing ADD CONSTRAINT ck_listing_status CHECK (status IN
      ('draft','submitted','screening','passed','rejected','published','closed'))`);
    await q.query(`ALTER TABLE listing ALTER COLUMN field DROP NOT NULL`);
    await q.query(`
      ALTER TABLE listing
        ADD COLUMN demand jsonb,
        ADD COLUMN attested_at timestamptz,
        ADD COLUMN attested_by uuid,
        ADD COLUMN rejection_reason text,
        ADD COLUMN close_reason varchar(16),
        ADD COLUMN created_by uuid,
        ADD CONSTRAINT ck_listing_field_required CHECK (field IS NOT NULL OR status IN ('draft', 'rejected')),
        ADD CONSTRAINT ck_listing_close_reason CHECK (close_reason IS NULL OR close_reason IN ('taken','expired','withdrawn'))`);
    await q.query(`
      CREATE TABLE application (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL,
        applicant_org_id uuid NOT NULL,
        status varchar(24) NOT NULL,
        plan text NOT NULL,
        team text NOT NULL,
        budget_fen bigint NOT NULL,
        timetable jsonb NOT NULL DEFAULT '[]',
        decision_code varchar(24),
        decision_reason text,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_application PRIMARY KEY (id),
        CONSTRAINT fk_application_listing FOREIGN KEY (listing_id) REFERENCES listing (id) ON DELETE RESTRICT,
        CONSTRAINT fk_application_applicant FOREIGN KEY (applicant_org_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT ck_application_status CHECK (status IN ('pending_consent','submitted','under_review','recommended',
          'declined','withdrawn','agreement_drafted')),
        CONSTRAINT ck_application_budget CHECK (budget_fen >= 0)
      )`);
    await q.query(`CREATE INDEX ix_application_listing_id ON application (listing_id)`);
    // One open application per applicant per listing (issue 4 §4).
    await q.query(`CREATE UNIQUE INDEX uq_application_open ON application (listing_id, applicant_org_id)
      WHERE status NOT IN ('declined', 'withdrawn')`);
    await q.query(`
      CREATE TABLE application_member (
        application_id uuid NOT NULL,
        org_id uuid NOT NULL,
        consented_at timestamptz,
        consented_by uuid,
        CONSTRAINT pk_application_member PRIMARY KEY (application_id, org_id),
        CONSTRAINT fk_application_member_application FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE CASCADE,
        CONSTRAINT fk_application_member_org FOREIGN KEY (org_id) REFERENCES organization (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX ix_application_member_org_id ON application_member (org_id)`);
    await q.query(`
      CREATE TABLE expert_assignment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        subject_type varchar(16) NOT NULL,
        subject_id uuid NOT NULL,
        expert_user_id uuid NOT NULL,
        assigned_by uuid NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_expert_assignment PRIMARY KEY (id),
        CONSTRAINT uq_expert_assignment UNIQUE (subject_type, subject_id, expert_user_id),
        CONSTRAINT fk_expert_assignment_expert FOREIGN KEY (expert_user_id) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_expert_assignment_subject CHECK (subject_type IN ('listing', 'application'))
      )`);
    await q.query(`CREATE INDEX ix_expert_assignment_expert ON expert_assignment (expert_user_id)`);
    await q.query(`
      CREATE TABLE screening_opinion (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL,
        expert_user_id uuid NOT NULL,
        recommendation varchar(8) NOT NULL,
        opinion text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_screening_opinion PRIMARY KEY (id),
        CONSTRAINT uq_screening_opinion UNIQUE (listing_id, expert_user_id),
        CONSTRAINT fk_screening_opinion_listing FOREIGN KEY (listing_id) REFERENCES listing (id) ON DELETE CASCADE,
        CONSTRAINT fk_screening_opinion_expert FOREIGN KEY (expert_user_id) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_screening_opinion_recommendation CHECK (recommendation IN ('pass', 'reject'))
      )`);
    await q.query(`
      CREATE TABLE review_score (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        expert_user_id uuid NOT NULL,
        qualification smallint NOT NULL,
        feasibility smallint NOT NULL,
        cost smallint NOT NULL,
        team smallint NOT NULL,
        opinion text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_review_score PRIMARY KEY (id),
        CONSTRAINT uq_review_score UNIQUE (application_id, expert_user_id),
        CONSTRAINT fk_review_score_application FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE CASCADE,
        CONSTRAINT fk_review_score_expert FOREIGN KEY (expert_user_id) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_review_score_range CHECK (qualification BETWEEN 0 AND 25 AND feasibility BETWEEN 0 AND 25
          AND cost BETWEEN 0 AND 25 AND team BETWEEN 0 AND 25)
      )`);
    await q.query(`
      CREATE TABLE notification (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        org_id uuid,
        user_id uuid,
        title text NOT NULL,
        body text NOT NULL,
        link text,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_notification PRIMARY KEY (id),
        CONSTRAINT ck_notification_target CHECK (org_id IS NOT NULL OR user_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_notification_org_id ON notification (org_id, created_at)`);
    await q.query(`CREATE INDEX ix_notification_user_id ON notification (user_id, created_at)`);
    await q.query(`
      CREATE TABLE audit_log (
        seq bigserial NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        entity_type varchar(24) NOT NULL,
        entity_id uuid NOT NULL,
        action varchar(48) NOT NULL,
        from_status varchar(24),
        to_status varchar(24),
        actor_user_id uuid,
        reason text,
        rule text,
        data jsonb,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT pk_audit_log PRIMARY KEY (seq),
        CONSTRAINT uq_audit_log_hash UNIQUE (hash)
      )`);
    await q.query(`CREATE INDEX ix_audit_log_entity ON audit_log (entity_type, entity_id, seq)`);
    // Append-only: the database itself refuses UPDATE and DELETE on the audit log.
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await q.query(`CREATE TRIGGER tr_audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    for (const t of [
      'notification',
      'review_score',
      'screening_opinion',
      'expert_assignment',
      'application_member',
      'application',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`ALTER TABLE listing DROP CONSTRAINT ck_listing_close_reason, DROP CONSTRAINT ck_listing_field_required,
      DROP COLUMN created_by, DROP COLUMN close_reason, DROP COLUMN rejection_reason, DROP COLUMN attested_by,
      DROP COLUMN attested_at, DROP COLUMN demand`);
    await q.query(`ALTER TABLE listing ALTER COLUMN field SET NOT NULL`);
    await q.query(`ALTER TABLE listing DROP CONSTRAINT ck_listing_status`);
    await q.query(`ALTER TABLE listing ADD CONSTRAINT ck_listing_status CHECK (status IN
      ('draft','submitted','screening','published','closed'))`);
  }
}
