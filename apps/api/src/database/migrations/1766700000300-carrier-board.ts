import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Carriers on the board (issue 15 §8; RULEBOOK §7 "On the board"): the organisations recorded on a carrier
 * (共建单位 / 成员单位, `003 §7`, `§30`), a 技术创新中心's two curated lists (技术攻关清单 / 成果转化清单, `003 §22`), a
 * carrier's declared service capacity per field (counted in matching), and the project pool with its history
 * (`carrier_project`, `carrier_project_event`): concept validation → a pilot base's pool → a 成果转化 listing (`001 §14`).
 */
export class CarrierBoard1766700000300 implements MigrationInterface {
  name = 'CarrierBoard1766700000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE carrier_member (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        org_id uuid NOT NULL,
        role varchar(16) NOT NULL,
        added_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_member PRIMARY KEY (id),
        CONSTRAINT uq_carrier_member UNIQUE (carrier_id, org_id),
        CONSTRAINT fk_carrier_member_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id) ON DELETE CASCADE,
        CONSTRAINT fk_carrier_member_org FOREIGN KEY (org_id) REFERENCES organization(id)
      )`,
    );
    await q.query(`CREATE INDEX ix_carrier_member_org ON carrier_member (org_id)`);
    await q.query(
      `CREATE TABLE carrier_list_item (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        list varchar(16) NOT NULL,
        listing_id uuid NOT NULL,
        note text,
        added_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_list_item PRIMARY KEY (id),
        CONSTRAINT uq_carrier_list_item UNIQUE (carrier_id, listing_id),
        CONSTRAINT fk_carrier_list_item_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id) ON DELETE CASCADE,
        CONSTRAINT fk_carrier_list_item_listing FOREIGN KEY (listing_id) REFERENCES listing(id) ON DELETE CASCADE
      )`,
    );
    await q.query(
      `CREATE TABLE carrier_capacity (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        field varchar(32) NOT NULL,
        pilot_lines integer NOT NULL DEFAULT 0,
        description text NOT NULL,
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_capacity PRIMARY KEY (id),
        CONSTRAINT uq_carrier_capacity UNIQUE (carrier_id, field),
        CONSTRAINT fk_carrier_capacity_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id) ON DELETE CASCADE
      )`,
    );
    await q.query(`CREATE INDEX ix_carrier_capacity_field ON carrier_capacity (field)`);
    await q.query(
      `CREATE TABLE carrier_project (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        carrier_id uuid NOT NULL,
        origin_carrier_id uuid NOT NULL,
        target_carrier_id uuid,
        title text NOT NULL,
        field varchar(32),
        summary text,
        status varchar(24) NOT NULL,
        listing_id uuid,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_project PRIMARY KEY (id),
        CONSTRAINT fk_carrier_project_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id),
        CONSTRAINT fk_carrier_project_origin FOREIGN KEY (origin_carrier_id) REFERENCES carrier(id),
        CONSTRAINT fk_carrier_project_target FOREIGN KEY (target_carrier_id) REFERENCES carrier(id),
        CONSTRAINT fk_carrier_project_listing FOREIGN KEY (listing_id) REFERENCES listing(id)
      )`,
    );
    await q.query(`CREATE INDEX ix_carrier_project_carrier ON carrier_project (carrier_id, status)`);
    await q.query(`CREATE INDEX ix_carrier_project_target ON carrier_project (target_carrier_id)`);
    await q.query(
      `CREATE UNIQUE INDEX ux_carrier_project_listing ON carrier_project (listing_id) WHERE listing_id IS NOT NULL`,
    );
    await q.query(
      `CREATE TABLE carrier_project_event (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL,
        action varchar(32) NOT NULL,
        carrier_id uuid NOT NULL,
        actor_user_id uuid NOT NULL,
        note text,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_carrier_project_event PRIMARY KEY (id),
        CONSTRAINT fk_carrier_project_event_project FOREIGN KEY (project_id) REFERENCES carrier_project(id) ON DELETE CASCADE,
        CONSTRAINT fk_carrier_project_event_carrier FOREIGN KEY (carrier_id) REFERENCES carrier(id)
      )`,
    );
    await q.query(`CREATE INDEX ix_carrier_project_event_project ON carrier_project_event (project_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'carrier_project_event',
      'carrier_project',
      'carrier_capacity',
      'carrier_list_item',
      'carrier_member',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
