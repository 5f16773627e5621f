import { Injectable } from '@nestjs/common';
import { verify } from 'jsonwebtoken';
import { createSecretKey, KeyObject } from 'node:crypto';
import { CurrentUser } from '@jiebang/contracts';
import { AuthSecret } from './auth-secret';
import { SessionsService } from './sessions.service';

/** Verified tokens kept at most; the map is emptied when full. */
const MAX_VERIFIED = 10_000;

/** What `AccessTokens.authenticate` found: the user, or null with why (`info`, as passport-jwt reported it). */
export interface Authentication {
  user: CurrentUser | null;
  /** Why there is no user: `No auth token`, or jsonwebtoken's error (`TokenExpiredError`, `JsonWebTokenError` …). */
  info?: Error;
}

/**
 * Bearer access tokens of HTTP requests (what passport-jwt did for `JwtAuthGuard`, without its per-request
 * machinery; issue 17 item 2): the token of `Authorization: Bearer <token>` (scheme case-insensitive), its
 * signature and expiry checked by jsonwebtoken with the secret as a `KeyObject` made once (HS256/384/512 — given a
 * string, jsonwebtoken first tries it as a PEM public key on every call, a quarter of a signed-in read's CPU), then
 * its session (`SessionsService.userOf`: open, not expired, user not disabled — re-checked on every request).
 *
 * A token whose signature was verified is remembered (by its exact text) until its `exp`: the same bytes verify
 * the same way, so only the expiry is checked again — at the same second boundary as jsonwebtoken
 * (`floor(now / 1 s) >= exp` is expired). Tokens with `nbf` or without `exp` are verified every time.
 */
@Injectable()
export class AccessTokens {
  private readonly key: KeyObject;
  private readonly verified = new Map<string, { claims: Record<string, unknown>; exp: number }>();

  constructor(
    secret: AuthSecret,
    private readonly sessions: SessionsService,
  ) {
    this.key = createSecretKey(Buffer.from(secret.value));
  }

  /** The bearer token of `Authorization` (`<scheme> <token>`, scheme `bearer` in any case), or null. */
  static bearer(authorization: string | undefined): string | null {
    if (typeof authorization !== 'string') return null;
    const m = /(\S+)\s+(\S+)/.exec(authorization);
    return m && m[1].toLowerCase() === 'bearer' ? m[2] : null;
  }

  /**
   * The claims of a valid access token (signature, expiry).
   * @throws jsonwebtoken's `TokenExpiredError`, `JsonWebTokenError` or `NotBeforeError`.
   */
  verify(token: string): Record<string, unknown> {
    const hit = this.verified.get(token);
    if (hit && Math.floor(Date.now() / 1000) < hit.exp) return hit.claims;
    if (hit) this.verified.delete(token);
    const claims = verify(token, this.key) as Record<string, unknown>;
    if (typeof claims === 'object' && typeof claims.exp === 'number' && claims.nbf === undefined) {
      if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
      this.verified.set(token, { claims, exp: claims.exp });
    }
    return claims;
  }

  /**
   * Authenticates `req` by its bearer token: the user of its open session, or null with the reason. Sets
   * `req.authSessionId` when there is a user.
   * @throws what `SessionsService.userOf` throws (the database is unreachable …).
   */
  async authenticate(req: {
    headers: Record<string, string | string[] | undefined>;
    authSessionId?: string;
  }): Promise<Authentication> {
    const token = AccessTokens.bearer(req.headers.authorization as string | undefined);
    if (!token) return { user: null, info: new Error('No auth token') };
    let claims: Record<string, unknown>;
    try {
      claims = this.verify(token);
    } catch (e) {
      return { user: null, info: e as Error };
    }
    const user = await this.sessions.userOf(claims);
    if (user) req.authSessionId = claims.sid as string;
    return { user };
  }
}
