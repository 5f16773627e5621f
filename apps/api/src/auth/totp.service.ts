import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import { DataSource } from 'typeorm';
import { Capability, staffRolesCan } from '@jiebang/contracts';
import { AuthSecret } from './auth-secret';
import { UserEntity } from './user.entity';

/** Issuer shown by authenticator apps. */
export const TOTP_ISSUER = '揭榜挂帅平台';
/** Codes of the previous and the next 30-second step are accepted too (clock drift). */
const EPOCH_TOLERANCE_SECONDS = 30;

/**
 * Staff who must use a second factor (issue 11, item 3): those who may approve public money
 * (`Capability.ApproveSubsidy` of `STAFF_CAPABILITIES`: approvers and administrators).
 */
export function requiresTotp(user: Pick<UserEntity, 'staffRoles'>): boolean {
  return staffRolesCan(user.staffRoles, Capability.ApproveSubsidy);
}

/**
 * TOTP second factor (RFC 6238, 6 digits, 30 s, SHA-1 — what authenticator apps support) with otplib. Secrets are
 * stored AES-256-GCM encrypted under a key derived (HKDF-SHA256) from the token-signing secret; an accepted code's
 * time step is recorded so that the same code (or an older one) is never accepted again.
 */
@Injectable()
export class TotpService {
  private readonly key: Buffer;

  constructor(
    secret: AuthSecret,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    this.key = Buffer.from(hkdfSync('sha256', secret.value, 'jiebang-totp', 'totp-secret-v1', 32));
  }

  /** A fresh base32 secret (20 random bytes). */
  newSecret(): string {
    return generateSecret();
  }

  /** `otpauth://` URI for the QR code of an authenticator app. */
  uri(username: string, secret: string): string {
    return generateURI({ issuer: TOTP_ISSUER, label: username, secret });
  }

  /** `v1:iv:tag:ciphertext` (base64url) of the secret. */
  encrypt(secret: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([c.update(secret, 'utf8'), c.final()]);
    return ['v1', iv, c.getAuthTag(), ct].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join(':');
  }

  /** Inverse of `encrypt`; throws if the stored value was tampered with or the signing secret changed. */
  decrypt(stored: string): string {
    const [, iv, tag, ct] = stored.split(':').map((p) => Buffer.from(p, 'base64url'));
    const d = createDecipheriv('aes-256-gcm', this.key, iv);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ct), d.final()]).toString('utf8');
  }

  /**
   * Checks a code against the user's stored secret and consumes its time step atomically (a concurrent or later
   * use of the same code, or of an older one, is refused).
   * @returns true when the code is valid and was not used before.
   */
  async verifyAndConsume(user: UserEntity, code: string): Promise<boolean> {
    if (!user.totpSecretEnc || !/^[0-9]{6}$/.test(code)) return false;
    const last = user.totpLastStep === null ? undefined : Number(user.totpLastStep);
    const result = await verify({
      secret: this.decrypt(user.totpSecretEnc),
      token: code,
      epochTolerance: EPOCH_TOLERANCE_SECONDS,
      ...(last === undefined ? {} : { afterTimeStep: last }),
    });
    if (!result.valid || !('timeStep' in result)) return false;
    const rows = (await this.db.query(
      `UPDATE app_user SET totp_last_step = $2
       WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
      [user.id, result.timeStep],
    )) as [unknown[], number];
    return rows[0].length === 1;
  }
}
