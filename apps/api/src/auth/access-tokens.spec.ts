import { sign } from 'jsonwebtoken';
import { AccessTokens } from './access-tokens';
import { AuthSecret } from './auth-secret';
import type { SessionsService } from './sessions.service';

const SECRET = 'unit-test-secret-of-enough-length-0123456789';
/** AccessTokens over a secret; `userOf` is not reached by `verify`. */
const tokens = () => new AccessTokens(new AuthSecret(SECRET), {} as SessionsService);
const nowS = () => Math.floor(Date.now() / 1000);

describe('AccessTokens', () => {
  it('reads the bearer token as passport-jwt did (scheme in any case, first two words)', () => {
    expect(AccessTokens.bearer('Bearer abc')).toBe('abc');
    expect(AccessTokens.bearer('bearer   abc')).toBe('abc');
    expect(AccessTokens.bearer('BEARER abc def')).toBe('abc');
    expect(AccessTokens.bearer('Basic abc')).toBeNull();
    expect(AccessTokens.bearer('abc')).toBeNull();
    expect(AccessTokens.bearer(undefined)).toBeNull();
  });

  it('verifies HS256 tokens of its secret and refuses others', () => {
    const t = tokens();
    const token = sign({ sub: 'u', sid: 's' }, SECRET, { expiresIn: 60 });
    expect(t.verify(token)).toMatchObject({ sub: 'u', sid: 's' });
    expect(t.verify(token)).toMatchObject({ sub: 'u', sid: 's' }); // remembered
    expect(() => t.verify(sign({ sub: 'u' }, 'another-secret', { expiresIn: 60 }))).toThrow(/invalid signature/);
    expect(() => t.verify(`${token.slice(0, -2)}xx`)).toThrow();
    expect(() => t.verify(sign({ sub: 'u' }, '', { algorithm: 'none' }))).toThrow();
  });

  it('refuses an expired token, remembered or not, as TokenExpiredError', () => {
    const t = tokens();
    const expired = sign({ sub: 'u', exp: nowS() - 1 }, SECRET);
    expect(() => t.verify(expired)).toThrow(expect.objectContaining({ name: 'TokenExpiredError' }));
    const soon = sign({ sub: 'u', exp: nowS() + 1 }, SECRET);
    expect(t.verify(soon)).toMatchObject({ sub: 'u' });
    const realNow = Date.now;
    Date.now = () => realNow() + 2_000;
    try {
      expect(() => t.verify(soon)).toThrow(expect.objectContaining({ name: 'TokenExpiredError' }));
    } finally {
      Date.now = realNow;
    }
  });
});
