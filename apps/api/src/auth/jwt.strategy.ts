import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { CurrentUser } from '@jiebang/contracts';
import { AuthSecret } from './auth-secret';
import { SessionsService } from './sessions.service';

/**
 * Validates bearer tokens: signature and expiry (passport-jwt), then the session the token names (`sid`) must be
 * open — one primary-key lookup joined to the user, re-read so that role changes and revocations (logout,
 * password change, disabled account) take effect at once. Sets `req.authSessionId`.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    secret: AuthSecret,
    private readonly sessions: SessionsService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret.value,
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
