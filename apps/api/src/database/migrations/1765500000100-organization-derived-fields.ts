import { MigrationInterface, QueryRunner } from 'typeorm';
import { refreshDerivedFields } from '../../organizations/derived-fields';

/**
 * Derived fields of organisations that declared none (issue 16 item 7): `fields_derived` marks `fields` as the
 * platform's inference, `field_sources` says per field where it came from (主营业务 or name, listings, deals).
 * Organisations with no fields today get theirs derived now.
 */
export class OrganizationDerivedFields1765500000100 implements MigrationInterface {
  name = 'OrganizationDerivedFields1765500000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization ADD COLUMN fields_derived boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE organization ADD COLUMN field_sources jsonb NOT NULL DEFAULT '{}'`);
    await refreshDerivedFields(q.manager, null);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE organization SET fields = '{}' WHERE fields_derived`);
    await q.query(`ALTER TABLE organization DROP COLUMN field_sources`);
    await q.query(`ALTER TABLE organization DROP COLUMN fields_derived`);
  }
}
