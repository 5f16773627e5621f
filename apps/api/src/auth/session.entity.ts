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
} from 'typeorm';
import { UserEntity } from './user.entity';

/** Why a session ended (`auth_session.revoked_reason`). */
export type SessionRevokedReason = 'logout' | 'password_changed' | 'refresh_reuse' | 'disabled' | 'admin';

/**
 * 登录会话 — one login, i.e. one refresh-token family (migration `1764576000000-auth-sessions`). The access JWT
 * carries the session id as `sid`; a token is honoured only while its session is neither revoked nor expired.
 */
@Entity({ name: 'auth_session' })
@Index('ix_auth_session_user', ['userId'], { where: 'revoked_at IS NULL' })
@Check('ck_auth_session_revoked', '(revoked_at IS NULL) = (revoked_reason IS NULL)')
export class AuthSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_auth_session_user' })
  user?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Absolute end of the session (`SESSION_TTL_SECONDS` after login); refreshing does not extend it. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'last_refreshed_at', type: 'timestamptz', nullable: true })
  lastRefreshedAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revoked_reason', type: 'varchar', length: 32, nullable: true })
  revokedReason!: SessionRevokedReason | null;

  /** The client address the login came from (as derived under `TRUST_PROXY`). */
  @Column({ name: 'client_address', type: 'varchar', length: 64, nullable: true })
  clientAddress!: string | null;
}

/** A refresh token of a session, by its SHA-256 (hex); `usedAt` is set when it is rotated. */
@Entity({ name: 'auth_refresh_token' })
@Index('ix_auth_refresh_token_session', ['sessionId'])
export class AuthRefreshTokenEntity {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64, primaryKeyConstraintName: 'pk_auth_refresh_token' })
  tokenHash!: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId!: string;

  @ManyToOne(() => AuthSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_auth_refresh_token_session' })
  session?: AuthSessionEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
