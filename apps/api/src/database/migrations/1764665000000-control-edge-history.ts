import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Control edges are history, not state (issue 11 item 6): an edge is ended by setting `valid_to`, never deleted,
 * so the control graph of any past date can be rebuilt. Hence
 * - one pair may have several edges of a kind over time (control lost, later regained): the old
 *   `uq_control_edge_pair` becomes `ux_control_edge_open`, at most one open-ended edge per pair and kind (the
 *   service refuses overlapping periods with 409 `CONTROL_EDGE_EXISTS`);
 * - an edge ended on the day it began (`valid_to = valid_from - 1`: never in force, a record entered by mistake)
 *   passes `ck_control_edge_validity`.
 * And a disbursement key names one disbursement per deal (`ux_subsidy_disbursement_key`, issue 11 item 4).
 */
export class ControlEdgeHistory1764665000000 implements MigrationInterface {
  name = 'ControlEdgeHistory1764665000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE control_edge DROP CONSTRAINT uq_control_edge_pair`);
    await q.query(
      `CREATE UNIQUE INDEX ux_control_edge_open ON control_edge (controller_org_id, controlled_org_id, kind)
       WHERE valid_to IS NULL`,
    );
    await q.query(`ALTER TABLE control_edge DROP CONSTRAINT ck_control_edge_validity`);
    await q.query(
      `ALTER TABLE control_edge ADD CONSTRAINT ck_control_edge_validity
       CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to + 1)`,
    );
    await q.query(
      `CREATE UNIQUE INDEX ux_subsidy_disbursement_key ON subsidy (deal_id, disbursement_key)
       WHERE disbursement_key IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ux_subsidy_disbursement_key`);
    await q.query(`ALTER TABLE control_edge DROP CONSTRAINT ck_control_edge_validity`);
    await q.query(
      `ALTER TABLE control_edge ADD CONSTRAINT ck_control_edge_validity
       CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to)`,
    );
    await q.query(`DROP INDEX ux_control_edge_open`);
    await q.query(
      `ALTER TABLE control_edge ADD CONSTRAINT uq_control_edge_pair UNIQUE (controller_org_id, controlled_org_id, kind)`,
    );
  }
}
