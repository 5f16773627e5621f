import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that cannot be turned against their owners (issue 11, item 3):
 * - `auth_session`: one row per login (a refresh-token family). The access JWT carries its id (`sid`); the guard
 *   admits a token only while its session is neither revoked nor expired (one primary-key lookup). Logout revokes
 *   one session, a password change all of the user's sessions.
 * - `auth_refresh_token`: the SHA-256 of every refresh token a session was given. A token is used once
 *   (`used_at`); presenting a used one again revokes the whole session (reuse detection).
 * - `login_throttle`: counters of failed logins per account+address and per address, in the table layout of
 *   rate-limiter-flexible's PostgreSQL store (`key`, `points`, `expire` in epoch ms), shared by every API process.
 * - `app_user`: the TOTP second factor (`totp_secret_enc`, AES-256-GCM; `totp_enabled_at`; `totp_last_step`, the
 *   last accepted RFC 6238 time step, so that a code is never accepted twice). The old lock-out columns stay for
 *   rollback but are no longer written.
 */
export class AuthSessions1764576000000 implements MigrationInterface {
  name = 'AuthSessions1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE app_user
        ADD COLUMN totp_secret_enc text,
        ADD COLUMN totp_enabled_at timestamptz,
        ADD COLUMN totp_last_step bigint,
        ADD COLUMN password_changed_at timestamptz`);
    await q.query(`
      CREATE TABLE auth_session (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        last_refreshed_at timestamptz,
        revoked_at timestamptz,
        revoked_reason varchar(32),
        client_address varchar(64),
        CONSTRAINT pk_auth_session PRIMARY KEY (id),
        CONSTRAINT fk_auth_session_user FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
        CONSTRAINT ck_auth_session_revoked CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_auth_session_user ON auth_session (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE auth_refresh_token (
        token_hash char(64) NOT NULL,
        session_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz,
        CONSTRAINT pk_auth_refresh_token PRIMARY KEY (token_hash),
        CONSTRAINT fk_auth_refresh_token_session FOREIGN KEY (session_id) REFERENCES auth_session (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX ix_auth_refresh_token_session ON auth_refresh_token (session_id)`);
    await q.query(`
      CREATE TABLE login_throttle (
        key varchar(255) NOT NULL,
        points integer NOT NULL DEFAULT 0,
        expire bigint,
        CONSTRAINT pk_login_throttle PRIMARY KEY (key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE login_throttle`);
    await q.query(`DROP TABLE auth_refresh_token`);
    await q.query(`DROP TABLE auth_session`);
    await q.query(`
      ALTER TABLE app_user DROP COLUMN password_changed_at, DROP COLUMN totp_last_step,
        DROP COLUMN totp_enabled_at, DROP COLUMN totp_secret_enc`);
  }
}
