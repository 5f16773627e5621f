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
 * `orgId` may be null). Passwords are bcrypt hashes; `failedLogins`/`lockedUntil` implement the lock-out.
 */
@Entity({ name: 'app_user' })
@Unique('uq_app_user_username', ['username'])
@Index('ix_app_user_org_id', ['orgId'])
@Check('ck_app_user_role', 'true')
@Check('ck_app_user_staff_roles', 'true')
@Check('ck_app_user_failed_logins', 'true')
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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
