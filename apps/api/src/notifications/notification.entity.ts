import type { NotificationCategory } from '@jiebang/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notification for an organisation's users or one user ("something of mine changed state"). */
@Entity({ name: 'notification' })
@Index('ix_notification_org_id', ['orgId', 'createdAt'])
@Index('ix_notification_user_id', ['userId', 'createdAt'])
@Check('ck_notification_target', 'true')
@Check('ck_notification_category', 'true')
@Index('ix_notification_undispatched', { synchronize: false })
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'org_id', type: 'uuid', nullable: true }) orgId!: string | null;
  @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId!: string | null;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text', nullable: true }) link!: string | null;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  /** What it is about (`NOTIFICATION_CATEGORIES`): the unit of the recipients' e-mail/SMS choices. */
  @Column({ type: 'varchar', length: 16, default: 'progress' }) category!: NotificationCategory;
  /**
   * When its outward delivery (e-mail, SMS) was handed to the job queue; null → not yet (the outbox sweep of
   * `NotificationDispatcher` picks it up). Migration 1766200000000.
   */
  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true }) dispatchedAt!: Date | null;
}
