import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders that leave the platform (issue 14 item 2):
 * - `notification.category` (what it is about: `NOTIFICATION_CATEGORIES` of `@jiebang/contracts`), existing rows
 *   derived from their title and link as `categoryOf` does;
 * - `notification.dispatched_at`: when its outward delivery was handed to the job queue (the outbox mark; existing
 *   rows count as dispatched, so nobody is e-mailed about the past);
 * - `app_user.email` / `app_user.phone`: where a user's e-mail and SMS go (optional);
 * - `notification_preference`: per user and category, e-mail `immediate` / `digest` / `off` and SMS on/off (a
 *   missing row means the default);
 * - `notification_delivery`: one row per outward send (a notification to a user by a channel, or a user's digest of
 *   one Beijing day), so a retry or a second API process never sends twice and staff see failures.
 */
export class NotificationDelivery1766200000000 implements MigrationInterface {
  name = 'NotificationDelivery1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification ADD COLUMN category varchar(16) NOT NULL DEFAULT 'progress'`);
    await q.query(`
      ALTER TABLE notification ADD CONSTRAINT ck_notification_category
      CHECK (category IN ('task', 'negotiation', 'progress', 'notice', 'account', 'reminder'))`);
    await q.query(`
      UPDATE notification SET category = CASE
        WHEN title LIKE '%逾期%' OR title LIKE '%到期%' OR title LIKE '%提醒%' THEN 'reminder'
        WHEN link LIKE '/expert%' OR title LIKE '待办%' OR title LIKE '收到%' OR title LIKE '%邀请%'
          OR title LIKE '%待%审%' THEN 'task'
        WHEN title LIKE '%公示%' THEN 'notice'
        WHEN link LIKE '/negotiations%' THEN 'negotiation'
        ELSE 'progress' END`);
    await q.query(`ALTER TABLE notification ADD COLUMN dispatched_at timestamptz`);
    await q.query(`UPDATE notification SET dispatched_at = created_at`);
    await q.query(`CREATE INDEX ix_notification_undispatched ON notification (created_at) WHERE dispatched_at IS NULL`);

    await q.query(`ALTER TABLE app_user ADD COLUMN email varchar(200), ADD COLUMN phone varchar(20)`);

    await q.query(`
      CREATE TABLE notification_preference (
        user_id uuid NOT NULL,
        category varchar(16) NOT NULL,
        email varchar(16) NOT NULL,
        sms boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_notification_preference PRIMARY KEY (user_id, category),
        CONSTRAINT fk_notification_preference_user FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE,
        CONSTRAINT ck_notification_preference_category
          CHECK (category IN ('task', 'negotiation', 'progress', 'notice', 'account', 'reminder')),
        CONSTRAINT ck_notification_preference_email CHECK (email IN ('immediate', 'digest', 'off'))
      )`);

    await q.query(`
      CREATE TABLE notification_delivery (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        notification_id uuid,
        digest_date date,
        user_id uuid NOT NULL,
        channel varchar(8) NOT NULL,
        address text NOT NULL,
        status varchar(8) NOT NULL DEFAULT 'pending',
        attempts int NOT NULL DEFAULT 0,
        sent_at timestamptz,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_notification_delivery PRIMARY KEY (id),
        CONSTRAINT fk_notification_delivery_notification FOREIGN KEY (notification_id)
          REFERENCES notification(id) ON DELETE CASCADE,
        CONSTRAINT fk_notification_delivery_user FOREIGN KEY (user_id) REFERENCES app_user(id) ON DELETE CASCADE,
        CONSTRAINT ck_notification_delivery_subject CHECK ((notification_id IS NULL) <> (digest_date IS NULL)),
        CONSTRAINT ck_notification_delivery_channel CHECK (channel IN ('email', 'sms')),
        CONSTRAINT ck_notification_delivery_status CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        CONSTRAINT ck_notification_delivery_attempts CHECK (attempts >= 0)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX uq_notification_delivery_notification
      ON notification_delivery (notification_id, user_id, channel) WHERE notification_id IS NOT NULL`);
    await q.query(`
      CREATE UNIQUE INDEX uq_notification_delivery_digest
      ON notification_delivery (user_id, channel, digest_date) WHERE digest_date IS NOT NULL`);
    await q.query(
      `CREATE INDEX ix_notification_delivery_failed ON notification_delivery (updated_at) WHERE status = 'failed'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_delivery`);
    await q.query(`DROP TABLE notification_preference`);
    await q.query(`ALTER TABLE app_user DROP COLUMN phone, DROP COLUMN email`);
    await q.query(`DROP INDEX ix_notification_undispatched`);
    await q.query(`ALTER TABLE notification DROP COLUMN dispatched_at`);
    await q.query(`ALTER TABLE notification DROP CONSTRAINT ck_notification_category`);
    await q.query(`ALTER TABLE notification DROP COLUMN category`);
  }
}
