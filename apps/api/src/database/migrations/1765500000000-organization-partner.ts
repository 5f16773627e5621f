import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `organization.partner_4x8xn`: staff record that an organisation is a 科技兴蒙 "4+8+N" 合作主体 (GLOSSARY
 * `partner4x8xN`). Such a partner may post achievement (成果转化) listings whatever its type (seed `004 §7`) and
 * take up tech challenges (`004 §6`). Default false; set only by staff, audited.
 *
 * `ix_control_edge_branch`: the ranking excludes branches (分公司) and the head offices of credited branches
 * before it counts (issue 16 item 6); this partial index finds the few branch edges without reading every edge.
 */
export class OrganizationPartner1765500000000 implements MigrationInterface {
  name = 'OrganizationPartner1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organization ADD COLUMN partner_4x8xn boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX ix_control_edge_branch ON control_edge (controlled_org_id, controller_org_id) WHERE kind = 'branch'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_control_edge_branch`);
    await q.query(`ALTER TABLE organization DROP COLUMN partner_4x8xn`);
  }
}
