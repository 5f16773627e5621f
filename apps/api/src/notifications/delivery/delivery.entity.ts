import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { DeliveryChannel, DeliveryStatus, EmailChoice, NotificationCategory } from '@jiebang/contracts';
import { UserEntity } from '../../auth/user.entity';
import { NotificationEntity } from '../notification.entity';

/**
 * A user's choice for one notification category (migration 1766200000000): e-mail `immediate` / `digest` / `off`
 * and SMS on/off. No row → `DEFAULT_NOTIFICATION_PREFERENCES`.
 */
@Entity({ name: 'notification_preference' })
@Check('ck_notification_preference_category', 'true')
@Check('ck_notification_preference_email', 'true')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_notification_preference' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'pk_notification_preference' })
  category!: NotificationCategory;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_preference_user' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 16 })
  email!: EmailChoice;

  @Column({ type: 'boolean', default: false })
  sms!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * One outward send (migration 1766200000000): a notification to one user by one channel, or one user's digest of
 * one Beijing day (`digestDate`). Unique per (notification, user, channel) and per (user, channel, digest day), and
 * claimed (`pending`/`failed` → `sending`) before the send, so neither a retry nor a second API process sends twice.
 * `attempts` counts the claims; `error` keeps the last failure for staff.
 */
@Entity({ name: 'notification_delivery' })
@Index('uq_notification_delivery_notification', { synchronize: false })
@Index('uq_notification_delivery_digest', { synchronize: false })
@Index('ix_notification_delivery_failed', { synchronize: false })
@Check('ck_notification_delivery_subject', 'true')
@Check('ck_notification_delivery_channel', 'true')
@Check('ck_notification_delivery_status', 'true')
@Check('ck_notification_delivery_attempts', 'true')
export class NotificationDeliveryEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_notification_delivery' })
  id!: string;

  @Column({ name: 'notification_id', type: 'uuid', nullable: true })
  notificationId!: string | null;

  @ManyToOne(() => NotificationEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'notification_id', foreignKeyConstraintName: 'fk_notification_delivery_notification' })
  notification?: NotificationEntity | null;

  /** The Beijing day of a digest (`YYYY-MM-DD`); null for a single notification's send. */
  @Column({ name: 'digest_date', type: 'date', nullable: true })
  digestDate!: string | null;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_delivery_user' })
  user?: UserEntity;

  @Column({ type: 'varchar', length: 8 })
  channel!: DeliveryChannel;

  /** The e-mail address or phone number used. */
  @Column({ type: 'text' })
  address!: string;

  @Column({ type: 'varchar', length: 8, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
