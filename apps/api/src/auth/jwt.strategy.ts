import { Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { CurrentUser } from '@jiebang/contracts';
import { AuthSecret } from './auth-secret';
import { SessionsService } from './sessions.service';

/**
 * Validates bearer tokens: signature and expiry (passport-jwt), then the session the token names (`sid`) must be
 * open — one primary-key lookup joined to the user, re-read so that role changes and revocations (logout,
 * password change, disabled account) take effect at once. Sets `req.authSessionId`.
 *
 * The secret is handed over as a `KeyObject`, made once: given a string, `jsonwebtoken` first tries it as a PEM
 * public key (`createPublicKey`, which throws) on every request — a quarter of the CPU of a signed-in read
 * (issue 17 item 2, `bench/results/http.md`). The algorithms admitted are the same (HS256/384/512 for a secret key).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    secret: AuthSecret,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // passport-jwt's types say string | Buffer; it hands the value to jsonwebtoken, which takes a KeyObject.
      secretOrKey: createSecretKey(Buffer.from(secret.value)) as unknown as Buffer,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(
    req: { authSessionId?: string },
    payload: { sub?: unknown; sid?: unknown },
  ): Promise<CurrentUser | null> {
    const user = await this.sessions.userOf(payload);
    if (user) req.authSessionId = payload.sid as string;
    return user;
  }
}
