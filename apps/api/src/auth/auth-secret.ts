import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvConfig } from '../config/env.config';

/** The token-signing secret: `JWT_SECRET`, or one generated once and kept in `DATA_DIR/jwt-secret` (mode 600). */
export class AuthSecret {
  constructor(readonly value: string) {}

  static fromConfig(config: EnvConfig): AuthSecret {
    if (config.JWT_SECRET) return new AuthSecret(config.JWT_SECRET);
    const file = join(config.DATA_DIR, 'jwt-secret');
    if (existsSync(file)) return new AuthSecret(readFileSync(file, 'utf8').trim());
    mkdirSync(config.DATA_DIR, { recursive: true });
    const value = randomBytes(48).toString('base64url');
    writeFileSync(file, value, { mode: 0o600 });
    return new AuthSecret(value);
  }
}
