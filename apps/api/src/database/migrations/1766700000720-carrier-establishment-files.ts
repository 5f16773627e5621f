import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The materials of a 技术创新中心's 考核申请 (issue 15 §4; `003 §20`): files of the 总结报告 and 佐证材料, the
 * centre's draft while `request_id` is null, bound to the 考核申请 on submission; content behind the storage port.
 */
export class CarrierEstablishmentFiles1766700000720 implements MigrationInterface {
  name = 'CarrierEstablishmentFiles1766700000720';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE carrier_establishment_file (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        request_id uuid,
        material_key varchar(32) NOT NULL,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes int NOT NULL,
        sha256 char(64) NOT NULL,
        storage_key text NOT NULL,
        uploaded_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_establishment_file PRIMARY KEY (id),
        CONSTRAINT fk_carrier_establishment_file_carrier FOREIGN KEY (carrier_id)
          REFERENCES carrier (id) ON DELETE CASCADE,
        CONSTRAINT fk_carrier_establishment_file_request FOREIGN KEY (request_id)
          REFERENCES carrier_establishment_request (id) ON DELETE CASCADE,
        CONSTRAINT fk_carrier_establishment_file_uploader FOREIGN KEY (uploaded_by)
          REFERENCES app_user (id) ON DELETE RESTRICT,
        CONSTRAINT ck_carrier_establishment_file_size CHECK (size_bytes > 0 AND size_bytes <= 20971520)
      )`);
    await q.query(
      `CREATE INDEX ix_carrier_establishment_file_carrier ON carrier_establishment_file (carrier_id, request_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE carrier_establishment_file`);
  }
}
