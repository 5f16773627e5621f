import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { CurrentUser, NotificationCategory, NotificationDto } from '@jiebang/contracts';
import { NotFoundError } from '../common/domain-error';
import { NotificationEntity } from './notification.entity';
import { categoryOf } from './delivery/compose';

/**
 * In-app notifications: written in the transaction of the change they announce; e-mail/SMS follow after commit
 * (`NotificationDispatcher`).
 */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Notifies every user of an organisation (nothing when `orgId` is null). `category` (`NOTIFICATION_CATEGORIES`)
   * decides how recipients who chose so are e-mailed / texted after commit; omitted → `categoryOf(title, link)`.
   */
  async notifyOrg(
    em: EntityManager,
    orgId: string | null,
    title: string,
    body: string,
    link: string | null,
    category?: NotificationCategory,
  ): Promise<void> {
    if (!orgId) return;
    await em
      .getRepository(NotificationEntity)
      .insert({ orgId, userId: null, title, body, link, category: category ?? categoryOf(title, link) });
  }

  /** Notifies one user; `category` as for `notifyOrg` (omitted → `categoryOf(title, link)`). */
  async notifyUser(
    em: EntityManager,
    userId: string,
    title: string,
    body: string,
    link: string | null,
    category?: NotificationCategory,
  ): Promise<void> {
    await em
      .getRepository(NotificationEntity)
      .insert({ orgId: null, userId, title, body, link, category: category ?? categoryOf(title, link) });
  }

  /** The caller's notifications (own and their organisation's), newest first, at most 100. */
  async list(user: CurrentUser): Promise<NotificationDto[]> {
    const rows = await this.db
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where(
        new Brackets((w) => {
          w.where('n.user_id = :uid', { uid: user.id });
          if (user.orgId) w.orWhere('n.org_id = :oid', { oid: user.orgId });
        }),
      )
      .orderBy('n.created_at', 'DESC')
      .limit(100)
      .getMany();
    return rows.map((n) => ({
      id: n.id,
      at: n.createdAt.toISOString(),
      title: n.title,
      body: n.body,
      link: n.link,
      readAt: n.readAt ? n.readAt.toISOString() : null,
      category: n.category,
    }));
  }

  /** @throws NotFoundError 404 when the notification is not the caller's. */
  async markRead(id: string, user: CurrentUser): Promise<void> {
    const res = await this.db.query(
      `UPDATE notification SET read_at = coalesce(read_at, now())
       WHERE id = $1 AND (user_id = $2 OR ($3::uuid IS NOT NULL AND org_id = $3::uuid))`,
      [id, user.id, user.orgId],
    );
    if (!res[1]) throw new NotFoundError('通知', id);
  }
}
