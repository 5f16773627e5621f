import { MigrationInterface, QueryRunner } from 'typeorm';

/** Attachments in negotiation messages; content in the storage port, like listing attachments. */
export class NegotiationAttachments1764230400000 implements MigrationInterface {
  name = 'NegotiationAttachments1764230400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE negotiation_attachment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        negotiation_id uuid NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes int NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_negotiation_attachment PRIMARY KEY (id),
        CONSTRAINT fk_negotiation_attachment_negotiation FOREIGN KEY (negotiation_id) REFERENCES negotiation (id) ON DELETE CASCADE,
        CONSTRAINT ck_negotiation_attachment_size CHECK (size_bytes > 0 AND size_bytes <= 20971520)
      )`);
    await q.query(`ALTER TABLE negotiation_message ADD COLUMN attachment_id uuid,
      ADD CONSTRAINT fk_negotiation_message_attachment FOREIGN KEY (attachment_id) REFERENCES negotiation_attachment (id) ON DELETE RESTRICT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE negotiation_message DROP CONSTRAINT fk_negotiation_message_attachment, DROP COLUMN attachment_id`,
    );
    await q.query(`DROP TABLE negotiation_attachment`);
  }
}
