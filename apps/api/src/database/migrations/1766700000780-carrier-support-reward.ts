import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 国合基地 奖励性后补助 decided by staff (issue 15 §7; seed `002 §16`), kept in `carrier_support` beside the
 * construction / operation support of `001 §13` with `kind = 'reward'`:
 * - `cap_fen` and `rate_bp` become nullable: a reward has no rate and no cap (null, not 0 — a cap of 0 next to a
 *   granted amount would read as a breach in the ledger); construction / operation rows keep both (checked);
 * - `evaluation_id`: the evaluation graded 优秀 the reward rests on; `reason`: the basis (evaluation, meeting);
 * - at most one live reward per evaluation (`ux_carrier_support_reward_evaluation`; the existing
 *   `ux_carrier_support_live` keeps one per carrier, year and kind).
 */
export class CarrierSupportReward1766700000780 implements MigrationInterface {
  name = 'CarrierSupportReward1766700000780';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE carrier_support
        ALTER COLUMN cap_fen DROP NOT NULL,
        ALTER COLUMN rate_bp DROP NOT NULL,
        ADD COLUMN evaluation_id uuid,
        ADD COLUMN reason text,
        ADD CONSTRAINT fk_carrier_support_evaluation FOREIGN KEY (evaluation_id) REFERENCES carrier_evaluation(id),
        ADD CONSTRAINT ck_carrier_support_reward CHECK (
          CASE WHEN kind = 'reward'
            THEN evaluation_id IS NOT NULL AND reason IS NOT NULL AND cap_fen IS NULL AND rate_bp IS NULL
              AND computed_fen > 0 AND granted_fen = computed_fen
            ELSE cap_fen IS NOT NULL AND rate_bp IS NOT NULL AND evaluation_id IS NULL
          END
        )`,
    );
    await q.query(
      `CREATE UNIQUE INDEX ux_carrier_support_reward_evaluation ON carrier_support (evaluation_id)
        WHERE status <> 'rejected' AND evaluation_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM carrier_support WHERE kind = 'reward'`);
    await q.query(`DROP INDEX ux_carrier_support_reward_evaluation`);
    await q.query(
      `ALTER TABLE carrier_support
        DROP CONSTRAINT ck_carrier_support_reward,
        DROP CONSTRAINT fk_carrier_support_evaluation,
        DROP COLUMN reason,
        DROP COLUMN evaluation_id,
        ALTER COLUMN rate_bp SET NOT NULL,
        ALTER COLUMN cap_fen SET NOT NULL`,
    );
  }
}
