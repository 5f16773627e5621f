import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to accounts or sessions is announced on the PostgreSQL channel `jiebang_auth` (`pg_notify`,
 * delivered when the writing transaction commits, to every API process listening), so that each process can drop
 * the access checks it remembers (`SessionCache`, issue 17 item 2): statement-level triggers after any insert,
 * update, delete or truncate of `app_user` (role, staff roles, organisation, authority, disabled, one-time password,
 * who is the organisation's first user) and after any update, delete or truncate of `auth_session` (revocation;
 * a new session needs no announcement: nothing remembers it yet). The payload is the table's name.
 */
export class AuthChangedNotify1766700000400 implements MigrationInterface {
  name = 'AuthChangedNotify1766700000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION auth_changed_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('jiebang_auth', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER auth_changed_announce AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON app_user
      FOR EACH STATEMENT EXECUTE FUNCTION auth_changed_announce()`);
    await q.query(`
      CREATE TRIGGER auth_changed_announce AFTER UPDATE OR DELETE OR TRUNCATE ON auth_session
      FOR EACH STATEMENT EXECUTE FUNCTION auth_changed_announce()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER auth_changed_announce ON auth_session`);
    await q.query(`DROP TRIGGER auth_changed_announce ON app_user`);
    await q.query(`DROP FUNCTION auth_changed_announce()`);
  }
}
