import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { OrganizationEntity } from '../organizations/organization.entity';
import { Role, StaffRole } from '@jiebang/contracts';

/**
 * 用户 — an account. Belongs to an organisation (institute / enterprise users) or to the department (staff,
 * `orgId` may be null). Passwords are argon2id hashes (older bcrypt hashes are re-hashed at the next login).
 * `failedLogins`/`lockedUntil` belong to the former lock-out and are no longer written (login throttling lives in
 * `login_throttle`, see `LoginThrottle`). `totp*` hold the TOTP second factor.
 */
@Entity({ name: 'app_user' })
@Unique('uq_app_user_username', ['username'])
@Index('ix_app_user_org_id', ['orgId'])
@Check('ck_app_user_role', 'true')
@Check('ck_app_user_staff_roles', 'true')
@Check('ck_app_user_failed_logins', 'true')
@Check('ck_app_user_authority', 'true')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  username!: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: Role;

  @Column({ name: 'staff_roles', type: 'text', array: true, default: () => "'{}'" })
  staffRoles!: StaffRole[];

  @Column({ name: 'org_id', type: 'uuid', nullable: true })
  orgId!: string | null;

  @ManyToOne(() => OrganizationEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_app_user_org' })
  org?: OrganizationEntity | null;

  @Column({ name: 'failed_logins', type: 'int', default: 0 })
  failedLogins!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  /** The TOTP secret, AES-256-GCM encrypted (`TotpService`); set at enrolment, never returned once confirmed. */
  @Column({ name: 'totp_secret_enc', type: 'text', nullable: true })
  totpSecretEnc!: string | null;

  /** When the second factor was confirmed; null → not enrolled (a pending secret may exist). */
  @Column({ name: 'totp_enabled_at', type: 'timestamptz', nullable: true })
  totpEnabledAt!: Date | null;

  /** The last accepted RFC 6238 time step: a code of this step or an earlier one is refused (no replay). */
  @Column({ name: 'totp_last_step', type: 'bigint', nullable: true })
  totpLastStep!: string | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz', nullable: true })
  passwordChangedAt!: Date | null;

  /** When an administrator disabled the account (login refused, sessions revoked); null → active. */
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  /** The password is a one-time password (new account or reset): the user must set its own first. */
  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  /** A recommender's authority (`AUTHORITIES` of `@jiebang/contracts`); null for everyone else. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  authority!: string | null;

  /** Where notifications are e-mailed (optional; set by the user or an administrator). Migration 1766200000000. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  email!: string | null;

  /** Mobile number for SMS notifications (optional). Migration 1766200000000. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
