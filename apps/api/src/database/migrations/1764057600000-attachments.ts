import { MigrationInterface, QueryRunner } from 'typeorm';

/** Attachments of listings (IP proofs, supporting documents); content lives in the storage port. */
export class Attachments1764057600000 implements MigrationInterface {
  name = 'Attachments1764057600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE attachment (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL,
        kind varchar(16) NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes int NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_attachment PRIMARY KEY (id),
        CONSTRAINT fk_attachment_listing FOREIGN KEY (listing_id) REFERENCES listing (id) ON DELETE CASCADE,
        CONSTRAINT ck_attachment_kind CHECK (kind IN ('ip_proof', 'supporting')),
        CONSTRAINT ck_attachment_size CHECK (size_bytes > 0 AND size_bytes <= 20971520)
      )`);
    await q.query(`CREATE INDEX ix_attachment_listing_id ON attachment (listing_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE attachment`);
  }
}
