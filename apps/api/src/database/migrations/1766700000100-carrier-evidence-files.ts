import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Carrier applications' evidence files (issue 15; `000` 三, `001 §10(一)`): several files per required evidence
 * item of an application, content behind the storage port; an item counts on submission only with a file.
 */
export class CarrierEvidenceFiles1766700000100 implements MigrationInterface {
  name = 'CarrierEvidenceFiles1766700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE carrier_evidence_file (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        evidence_key varchar(64) NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes int NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_evidence_file PRIMARY KEY (id),
        CONSTRAINT fk_carrier_evidence_file_application FOREIGN KEY (application_id)
          REFERENCES carrier_application (id) ON DELETE CASCADE,
        CONSTRAINT fk_carrier_evidence_file_uploader FOREIGN KEY (uploaded_by) REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_carrier_evidence_file_size CHECK (size_bytes > 0 AND size_bytes <= 20971520)
      )`);
    await q.query(
      `CREATE INDEX ix_carrier_evidence_file_application ON carrier_evidence_file (application_id, evidence_key)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE carrier_evidence_file`);
  }
}
