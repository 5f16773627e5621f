import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The running years of the carriers (issue 15 §6; RULEBOOK §7): `carrier.established_on` (正式成立 of a 技术创新中心
 * after its 筹建期满考核, `003 §20–21`), `carrier_change` (重大事项变更, `001 §19`, `002 §14`, `003 §30`) and
 * `carrier_case_decision` (一事一议, `003 §12`, four eyes).
 */
export class CarrierRunning1766700000200 implements MigrationInterface {
  name = 'CarrierRunning1766700000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE carrier ADD COLUMN established_on date`);
    await q.query(
      `CREATE TABLE carrier_change (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        kind varchar(24) NOT NULL,
        changed_on date NOT NULL,
        reported_on date NOT NULL,
        report_by date NOT NULL,
        late boolean NOT NULL,
        description text NOT NULL,
        new_name text,
        new_region_code char(6),
        needs_approval boolean NOT NULL,
        alters_registry boolean NOT NULL,
        rule text NOT NULL,
        status varchar(16) NOT NULL,
        reported_by uuid NOT NULL,
        first_decision_by uuid,
        first_decision_at timestamptz,
        first_decision_note text,
        second_decision_by uuid,
        second_decision_at timestamptz,
        second_decision_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_change PRIMARY KEY (id),
        CONSTRAINT fk_carrier_change_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id) ON DELETE CASCADE
      )`,
    );
    await q.query(`CREATE INDEX ix_carrier_change_carrier ON carrier_change (carrier_id, created_at)`);
    await q.query(`CREATE INDEX ix_carrier_change_status ON carrier_change (status)`);
    await q.query(
      `CREATE TABLE carrier_case_decision (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        application_id uuid NOT NULL,
        reasons text NOT NULL,
        status varchar(16) NOT NULL,
        proposed_by uuid NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        decided_by uuid,
        decided_at timestamptz,
        decision_note text,
        CONSTRAINT pk_carrier_case_decision PRIMARY KEY (id),
        CONSTRAINT fk_carrier_case_decision_application FOREIGN KEY (application_id)
          REFERENCES carrier_application(id) ON DELETE CASCADE
      )`,
    );
    await q.query(
      `CREATE UNIQUE INDEX ux_carrier_case_decision_live ON carrier_case_decision (application_id)
       WHERE status <> 'rejected'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE carrier_case_decision`);
    await q.query(`DROP TABLE carrier_change`);
    await q.query(`ALTER TABLE carrier DROP COLUMN established_on`);
  }
}
