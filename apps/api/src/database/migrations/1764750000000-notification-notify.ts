import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every new notification is announced on the PostgreSQL channel `jiebang_notification` (`pg_notify`, delivered only
 * when the writing transaction commits, to every API process listening), so that each process can tell the
 * recipients' open pages at once (`LiveGateway`). The payload is `{ id, userId, orgId, link }` — references only.
 */
export class NotificationNotify1764750000000 implements MigrationInterface {
  name = 'NotificationNotify1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notification_announce() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('jiebang_notification',
          json_build_object('id', NEW.id, 'userId', NEW.user_id, 'orgId', NEW.org_id, 'link', NEW.link)::text);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER notification_announce AFTER INSERT ON notification
      FOR EACH ROW EXECUTE FUNCTION notification_announce()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER notification_announce ON notification`);
    await q.query(`DROP FUNCTION notification_announce()`);
  }
}
