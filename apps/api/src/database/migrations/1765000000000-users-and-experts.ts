import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The department's people (issue 13): accounts that administrators disable (`disabled_at`) and give one-time
 * passwords (`must_change_password`); the staff sub-role `recommender` scoped to one `authority` (a 盟市 科技局 or
 * an 自治区 department: `AUTHORITIES` of `@jiebang/contracts`), held alone; and the expert pool's profiles
 * (`expert_profile`, one per expert account: fields, title, specialities, contact, availability).
 */
export class UsersAndExperts1765000000000 implements MigrationInterface {
  name = 'UsersAndExperts1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN disabled_at timestamptz`);
    await q.query(`ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE app_user ADD COLUMN authority varchar(64)`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_staff_roles`);
    await q.query(
      `ALTER TABLE app_user ADD CONSTRAINT ck_app_user_staff_roles
       CHECK (staff_roles <@ ARRAY['broker','approver','admin','recommender']::text[]
         AND (role = 'staff' OR cardinality(staff_roles) = 0)
         AND (NOT ('recommender' = ANY(staff_roles)) OR cardinality(staff_roles) = 1))`,
    );
    await q.query(
      `ALTER TABLE app_user ADD CONSTRAINT ck_app_user_authority
       CHECK (('recommender' = ANY(staff_roles)) = (authority IS NOT NULL))`,
    );
    await q.query(
      `CREATE TABLE expert_profile (
        user_id uuid NOT NULL,
        fields text[] NOT NULL DEFAULT '{}',
        other_fields text[] NOT NULL DEFAULT '{}',
        title text,
        specialities text[] NOT NULL DEFAULT '{}',
        phone varchar(20),
        email varchar(200),
        available boolean NOT NULL DEFAULT true,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_expert_profile PRIMARY KEY (user_id),
        CONSTRAINT fk_expert_profile_user FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE,
        CONSTRAINT ck_expert_profile_fields
          CHECK (fields <@ ARRAY['energy_storage','graphene','rare_earth','hydrogen','ccus']::text[])
      )`,
    );
    await q.query(`CREATE INDEX ix_expert_profile_fields ON expert_profile USING gin (fields)`);
    // Every existing expert gets an (empty, available) profile.
    await q.query(`INSERT INTO expert_profile (user_id) SELECT id FROM app_user WHERE role = 'expert'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE expert_profile`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_authority`);
    await q.query(`DELETE FROM app_user WHERE 'recommender' = ANY(staff_roles)`);
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT ck_app_user_staff_roles`);
    await q.query(
      `ALTER TABLE app_user ADD CONSTRAINT ck_app_user_staff_roles
       CHECK (staff_roles <@ ARRAY['broker','approver','admin']::text[]
         AND (role = 'staff' OR cardinality(staff_roles) = 0))`,
    );
    await q.query(`ALTER TABLE app_user DROP COLUMN authority`);
    await q.query(`ALTER TABLE app_user DROP COLUMN must_change_password`);
    await q.query(`ALTER TABLE app_user DROP COLUMN disabled_at`);
  }
}
