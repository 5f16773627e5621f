import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `mirror_urls` on organisations, listings and announcements (issue 16 item 15): the data now separates official
 * `source` pages (linked publicly, `source_urls`) from third-party copies (`mirrorSource`), kept for staff and
 * auditors only and never in a public DTO.
 */
export class MirrorSources1765500000200 implements MigrationInterface {
  name = 'MirrorSources1765500000200';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['organization', 'listing', 'announcement']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN mirror_urls text[] NOT NULL DEFAULT '{}'`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['organization', 'listing', 'announcement']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN mirror_urls`);
    }
  }
}
