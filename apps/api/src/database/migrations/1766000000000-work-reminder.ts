import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `work_reminder` (issue 14 item 2): one row per due/overdue reminder sent about a waiting work item, so a
 * reminder job that runs twice (a retry, the sweep after a restart, BullMQ and the sweep racing) notifies once.
 * Keyed by the item's due date too: an item that re-enters its queue (a milestone sent back and resubmitted) is
 * reminded again for its new date.
 */
export class WorkReminder1766000000000 implements MigrationInterface {
  name = 'WorkReminder1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE work_reminder (
      queue varchar(32) NOT NULL,
      item_id uuid NOT NULL,
      kind varchar(8) NOT NULL,
      due_on date NOT NULL,
      sent_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_work_reminder PRIMARY KEY (queue, item_id, kind, due_on),
      CONSTRAINT ck_work_reminder_kind CHECK (kind IN ('due', 'overdue'))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE work_reminder`);
  }
}
