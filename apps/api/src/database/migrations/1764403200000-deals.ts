import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deal lifecycle after the draft agreement (seed `004 §9(七)–(八)`, `§10–§16`): the deal with its public
 * notice, objections, files, funding installments with vouchers, milestones, acceptance opinions, extension /
 * termination requests and subsidies. Money in fen (`bigint`); every money write has an idempotency key.
 *
 * A draft agreement is now unique per accepted offer (not per application): an upheld objection sends the deal
 * back to negotiation, and the next accepted offer makes a new draft and a new deal.
 */
export class Deals1764403200000 implements MigrationInterface {
  name = 'Deals1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agreement_draft DROP CONSTRAINT uq_agreement_draft_application`);
    await q.query(`ALTER TABLE agreement_draft ADD CONSTRAINT uq_agreement_draft_offer UNIQUE (offer_id)`);
    await q.query(`CREATE INDEX ix_agreement_draft_application ON agreement_draft (application_id)`);
    await q.query(`
      CREATE TABLE deal (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        agreement_draft_id uuid NOT NULL,
        listing_id uuid NOT NULL,
        kind varchar(16) NOT NULL,
        poster_org_id uuid NOT NULL,
        taker_org_id uuid NOT NULL,
        status varchar(24) NOT NULL DEFAULT 'agreement_review',
        terms jsonb NOT NULL,
        amount_fen bigint NOT NULL,
        notice_working_days int,
        notice_opened_at timestamptz,
        notice_first_day date,
        notice_last_day date,
        notice_ends_at timestamptz,
        notice_provisional boolean NOT NULL DEFAULT false,
        notice_review_note text,
        contract_registration_no text,
        task_book_no text,
        signed_on date,
        planned_end_on date,
        total_rd_investment_fen bigint,
        acceptance_status varchar(16) NOT NULL DEFAULT 'pending',
        acceptance_note text,
        benefit_confirmed_at timestamptz,
        benefit_note text,
        recovery_fen bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_deal PRIMARY KEY (id),
        CONSTRAINT uq_deal_agreement_draft UNIQUE (agreement_draft_id),
        CONSTRAINT fk_deal_application FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT,
        CONSTRAINT fk_deal_agreement_draft FOREIGN KEY (agreement_draft_id) REFERENCES agreement_draft (id) ON DELETE RESTRICT,
        CONSTRAINT fk_deal_listing FOREIGN KEY (listing_id) REFERENCES listing (id) ON DELETE RESTRICT,
        CONSTRAINT fk_deal_poster FOREIGN KEY (poster_org_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT fk_deal_taker FOREIGN KEY (taker_org_id) REFERENCES organization (id) ON DELETE RESTRICT,
        CONSTRAINT ck_deal_kind CHECK (kind IN ('challenge', 'achievement')),
        CONSTRAINT ck_deal_status CHECK (status IN ('agreement_review', 'on_notice', 'frozen', 'awaiting_signing',
          'in_progress', 'accepted', 'acceptance_failed', 'completed', 'returned', 'terminated')),
        CONSTRAINT ck_deal_acceptance_status CHECK (acceptance_status IN ('pending', 'passed', 'failed')),
        CONSTRAINT ck_deal_amounts CHECK (amount_fen > 0 AND (total_rd_investment_fen IS NULL OR total_rd_investment_fen >= 0)
          AND (recovery_fen IS NULL OR recovery_fen >= 0))
      )`);
    await q.query(`CREATE UNIQUE INDEX ux_deal_application_live ON deal (application_id) WHERE status <> 'returned'`);
    await q.query(`CREATE INDEX ix_deal_status ON deal (status, updated_at)`);
    await q.query(`CREATE INDEX ix_deal_poster ON deal (poster_org_id)`);
    await q.query(`CREATE INDEX ix_deal_taker ON deal (taker_org_id)`);

    await q.query(`
      CREATE TABLE deal_attachment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL,
        purpose varchar(24) NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes int NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_deal_attachment PRIMARY KEY (id),
        CONSTRAINT fk_deal_attachment_deal FOREIGN KEY (deal_id) REFERENCES deal (id) ON DELETE RESTRICT,
        CONSTRAINT fk_deal_attachment_uploader FOREIGN KEY (uploaded_by) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_deal_attachment_purpose CHECK (purpose IN ('agreement', 'task_book', 'voucher',
          'objection_evidence', 'milestone_evidence', 'acceptance', 'benefit', 'disbursement', 'other')),
        CONSTRAINT ck_deal_attachment_size CHECK (size_bytes > 0 AND size_bytes <= 20971520)
      )`);
    await q.query(`CREATE INDEX ix_deal_attachment_deal ON deal_attachment (deal_id)`);

    await q.query(`
      CREATE TABLE objection (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL,
        lodged_by uuid NOT NULL,
        reasons text NOT NULL,
        evidence_attachment_ids jsonb NOT NULL DEFAULT '[]',
        status varchar(16) NOT NULL DEFAULT 'open',
        outcome varchar(16),
        resolution text,
        resolved_by uuid,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_objection PRIMARY KEY (id),
        CONSTRAINT fk_objection_deal FOREIGN KEY (deal_id) REFERENCES deal (id) ON DELETE RESTRICT,
        CONSTRAINT fk_objection_lodged_by FOREIGN KEY (lodged_by) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_objection_status CHECK (status IN ('open', 'dismissed', 'upheld')),
        CONSTRAINT ck_objection_outcome CHECK ((status = 'upheld') = (outcome IS NOT NULL)
          AND (outcome IS NULL OR outcome IN ('renegotiate', 'terminate')))
      )`);
    await q.query(`CREATE INDEX ix_objection_deal ON objection (deal_id, status)`);

    await q.query(`
      CREATE TABLE funding_installment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL,
        seq int NOT NULL,
        idempotency_key uuid NOT NULL,
        amount_fen bigint NOT NULL,
        paid_on date NOT NULL,
        voucher_attachment_id uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'recorded',
        note text,
        review_note text,
        recorded_by uuid NOT NULL,
        reviewed_by uuid,
        reviewed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_funding_installment PRIMARY KEY (id),
        CONSTRAINT uq_funding_installment_seq UNIQUE (deal_id, seq),
        CONSTRAINT uq_funding_installment_idempotency UNIQUE (deal_id, idempotency_key),
        CONSTRAINT fk_funding_installment_deal FOREIGN KEY (deal_id) REFERENCES deal (id) ON DELETE RESTRICT,
        CONSTRAINT fk_funding_installment_voucher FOREIGN KEY (voucher_attachment_id) REFERENCES deal_attachment (id) ON DELETE RESTRICT,
        CONSTRAINT ck_funding_installment_amount CHECK (amount_fen > 0),
        CONSTRAINT ck_funding_installment_status CHECK (status IN ('recorded', 'confirmed', 'rejected')),
        CONSTRAINT ck_funding_installment_reviewer CHECK (status = 'recorded' OR reviewed_by IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE milestone (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL,
        seq int NOT NULL,
        title text NOT NULL,
        due_on date NOT NULL,
        amount_fen bigint NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending',
        report text,
        evidence_attachment_id uuid,
        review_note text,
        reviewed_by uuid,
        reviewed_at timestamptz,
        CONSTRAINT pk_milestone PRIMARY KEY (id),
        CONSTRAINT uq_milestone_seq UNIQUE (deal_id, seq),
        CONSTRAINT fk_milestone_deal FOREIGN KEY (deal_id) REFERENCES deal (id) ON DELETE RESTRICT,
        CONSTRAINT fk_milestone_evidence FOREIGN KEY (evidence_attachment_id) REFERENCES deal_attachment (id) ON DELETE RESTRICT,
        CONSTRAINT ck_milestone_status CHECK (status IN ('pending', 'submitted', 'approved', 'rejected'))
      )`);

    await q.query(`
      CREATE TABLE acceptance_opinion (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL,
        expert_name text NOT NULL,
        conclusion varchar(8) NOT NULL,
        opinion text NOT NULL,
        recorded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_acceptance_opinion PRIMARY KEY (id),
        CONSTRAINT fk_acceptance_opinion_deal FOREIGN KEY (deal_id) REFERENCES deal (id) ON DELETE RESTRICT,
        CONSTRAINT ck_acceptance_opinion_conclusion CHECK (conclusion IN ('pass', 'fail'))
      )`);
    await q.query(`CREATE INDEX ix_acceptance_opinion_deal ON acceptance_opinion (deal_id)`);

    await q.query(`
      CREATE TABLE deal_change (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL,
        kind varchar(16) NOT NULL,
        requested_by_side varchar(8) NOT NULL,
        requested_by uuid NOT NULL,
        reason text NOT NULL,
        new_end_on date,
        poster_agreed boolean NOT NULL DEFAULT false,
        taker_agreed boolean NOT NULL DEFAULT false,
        status varchar(16) NOT NULL DEFAULT 'proposed',
        decision_note text,
        decided_by uuid,
        audited_spent_fen bigint,
        recovery_fen bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_deal_change PRIMARY KEY (id),
        CONSTRAINT fk_deal_change_deal FOREIGN KEY (deal_id) REFERENCES deal (id) ON DELETE RESTRICT,
        CONSTRAINT ck_deal_change_kind CHECK (kind IN ('extension', 'termination')),
        CONSTRAINT ck_deal_change_side CHECK (requested_by_side IN ('poster', 'taker')),
        CONSTRAINT ck_deal_change_status CHECK (status IN ('proposed', 'agreed', 'approved', 'rejected')),
        CONSTRAINT ck_deal_change_extension CHECK (kind <> 'extension' OR new_end_on IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_deal_change_open ON deal_change (deal_id) WHERE status IN ('proposed', 'agreed')`,
    );

    await q.query(`
      CREATE TABLE subsidy (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        deal_id uuid NOT NULL,
        idempotency_key uuid NOT NULL,
        mode varchar(8) NOT NULL,
        base_fen bigint NOT NULL,
        rate_bp int NOT NULL,
        cap_fen bigint NOT NULL,
        subsidy_fen bigint NOT NULL,
        cap_applied boolean NOT NULL,
        rule text NOT NULL,
        steps jsonb NOT NULL,
        evidence jsonb NOT NULL,
        case_by_case_cap_fen bigint,
        case_by_case_reason text,
        note text,
        status varchar(16) NOT NULL DEFAULT 'proposed',
        proposed_by uuid NOT NULL,
        approved_by uuid,
        approved_at timestamptz,
        reject_reason text,
        disbursement_key uuid,
        disbursed_on date,
        disbursement_ref text,
        disbursed_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_subsidy PRIMARY KEY (id),
        CONSTRAINT uq_subsidy_idempotency UNIQUE (deal_id, idempotency_key),
        CONSTRAINT fk_subsidy_deal FOREIGN KEY (deal_id) REFERENCES deal (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subsidy_proposed_by FOREIGN KEY (proposed_by) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT fk_subsidy_approved_by FOREIGN KEY (approved_by) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_subsidy_mode CHECK (mode IN ('pre', 'post')),
        CONSTRAINT ck_subsidy_status CHECK (status IN ('proposed', 'approved', 'rejected', 'disbursed')),
        CONSTRAINT ck_subsidy_four_eyes CHECK (approved_by IS NULL OR approved_by <> proposed_by),
        CONSTRAINT ck_subsidy_amounts CHECK (base_fen >= 0 AND subsidy_fen >= 0 AND subsidy_fen <= cap_fen
          AND subsidy_fen * 10000 <= base_fen * rate_bp AND rate_bp = 3000),
        CONSTRAINT ck_subsidy_case_by_case CHECK ((case_by_case_cap_fen IS NULL) = (case_by_case_reason IS NULL)),
        CONSTRAINT ck_subsidy_approved CHECK (status NOT IN ('approved', 'disbursed') OR approved_by IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ux_subsidy_live ON subsidy (deal_id) WHERE status IN ('proposed', 'approved', 'disbursed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'subsidy',
      'deal_change',
      'acceptance_opinion',
      'milestone',
      'funding_installment',
      'objection',
      'deal_attachment',
      'deal',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP INDEX ix_agreement_draft_application`);
    await q.query(`ALTER TABLE agreement_draft DROP CONSTRAINT uq_agreement_draft_offer`);
    await q.query(`ALTER TABLE agreement_draft ADD CONSTRAINT uq_agreement_draft_application UNIQUE (application_id)`);
  }
}
