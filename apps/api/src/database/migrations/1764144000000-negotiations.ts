import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Real-time negotiation (组织对接, seed `004 §9(六)`): one room per recommended application, messages with a
 * per-room sequence and an idempotency key, read positions, versioned structured offers, draft agreements.
 */
export class Negotiations1764144000000 implements MigrationInterface {
  name = 'Negotiations1764144000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE negotiation (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'open',
        status_reason text,
        last_seq int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_negotiation PRIMARY KEY (id),
        CONSTRAINT uq_negotiation_application UNIQUE (application_id),
        CONSTRAINT fk_negotiation_application FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT,
        CONSTRAINT ck_negotiation_status CHECK (status IN ('open', 'paused', 'closed'))
      )`);
    await q.query(`
      CREATE TABLE negotiation_message (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        negotiation_id uuid NOT NULL,
        seq int NOT NULL,
        sender_user_id uuid NOT NULL,
        idempotency_key uuid NOT NULL,
        body text NOT NULL,
        retracted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_negotiation_message PRIMARY KEY (id),
        CONSTRAINT uq_negotiation_message_seq UNIQUE (negotiation_id, seq),
        CONSTRAINT uq_negotiation_message_idempotency UNIQUE (negotiation_id, sender_user_id, idempotency_key),
        CONSTRAINT fk_negotiation_message_negotiation FOREIGN KEY (negotiation_id) REFERENCES negotiation (id) ON DELETE CASCADE,
        CONSTRAINT fk_negotiation_message_sender FOREIGN KEY (sender_user_id) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_negotiation_message_body CHECK (char_length(body) BETWEEN 1 AND 4000)
      )`);
    await q.query(`
      CREATE TABLE negotiation_read (
        negotiation_id uuid NOT NULL,
        user_id uuid NOT NULL,
        last_read_seq int NOT NULL DEFAULT 0,
        CONSTRAINT pk_negotiation_read PRIMARY KEY (negotiation_id, user_id),
        CONSTRAINT fk_negotiation_read_negotiation FOREIGN KEY (negotiation_id) REFERENCES negotiation (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE offer (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        negotiation_id uuid NOT NULL,
        version int NOT NULL,
        side varchar(16) NOT NULL,
        proposed_by uuid NOT NULL,
        idempotency_key uuid NOT NULL,
        terms jsonb NOT NULL,
        amount_fen bigint NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'open',
        accepted_by_poster boolean NOT NULL DEFAULT false,
        accepted_by_applicant boolean NOT NULL DEFAULT false,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_offer PRIMARY KEY (id),
        CONSTRAINT uq_offer_version UNIQUE (negotiation_id, version),
        CONSTRAINT uq_offer_idempotency UNIQUE (negotiation_id, proposed_by, idempotency_key),
        CONSTRAINT fk_offer_negotiation FOREIGN KEY (negotiation_id) REFERENCES negotiation (id) ON DELETE CASCADE,
        CONSTRAINT ck_offer_side CHECK (side IN ('poster', 'applicant')),
        CONSTRAINT ck_offer_status CHECK (status IN ('open', 'accepted', 'rejected', 'superseded')),
        CONSTRAINT ck_offer_amount CHECK (amount_fen > 0)
      )`);
    await q.query(`
      CREATE TABLE agreement_draft (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        offer_id uuid NOT NULL,
        terms jsonb NOT NULL,
        amount_fen bigint NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_agreement_draft PRIMARY KEY (id),
        CONSTRAINT uq_agreement_draft_application UNIQUE (application_id),
        CONSTRAINT fk_agreement_draft_application FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT,
        CONSTRAINT fk_agreement_draft_offer FOREIGN KEY (offer_id) REFERENCES offer (id) ON DELETE RESTRICT
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['agreement_draft', 'offer', 'negotiation_read', 'negotiation_message', 'negotiation']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
