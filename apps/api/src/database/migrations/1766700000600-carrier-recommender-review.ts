import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recommender's review (issue 15 §4, §6; RULEBOOK §7): a major change goes to the carrier's recommender
 * (所辖盟市 / 组织单位) before staff (`001 §19`, `003 §30`) — `carrier_change.recommender_authority`, the
 * recommender's decision and staff's proposal to revoke (不再符合备案条件, `001 §19`); the 技术创新中心's 考核申请
 * (`003 §20`) — `carrier_establishment_request`.
 */
export class CarrierRecommenderReview1766700000600 implements MigrationInterface {
  name = 'CarrierRecommenderReview1766700000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE carrier_change ALTER COLUMN status TYPE varchar(24)`);
    await q.query(
      `ALTER TABLE carrier_change
        ADD COLUMN recommender_authority varchar(64),
        ADD COLUMN recommended_by uuid,
        ADD COLUMN recommended_at timestamptz,
        ADD COLUMN recommender_note text,
        ADD COLUMN revoke_proposed boolean NOT NULL DEFAULT false`,
    );
    await q.query(
      `CREATE TABLE carrier_establishment_request (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        summary text NOT NULL,
        status varchar(16) NOT NULL,
        authority varchar(64),
        submitted_by uuid NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT now(),
        recommended_by uuid,
        recommended_at timestamptz,
        recommender_note text,
        CONSTRAINT pk_carrier_establishment_request PRIMARY KEY (id),
        CONSTRAINT fk_carrier_establishment_request_carrier FOREIGN KEY (carrier_id)
          REFERENCES carrier(id) ON DELETE CASCADE
      )`,
    );
    await q.query(
      `CREATE UNIQUE INDEX ux_carrier_establishment_request_open ON carrier_establishment_request (carrier_id)
        WHERE status IN ('submitted', 'agreed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE carrier_establishment_request`);
    await q.query(
      `ALTER TABLE carrier_change DROP COLUMN recommender_authority, DROP COLUMN recommended_by,
        DROP COLUMN recommended_at, DROP COLUMN recommender_note, DROP COLUMN revoke_proposed`,
    );
    await q.query(`ALTER TABLE carrier_change ALTER COLUMN status TYPE varchar(16)`);
  }
}
