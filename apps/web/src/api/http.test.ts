import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearToken, getToken, setToken } from '../auth/token';
import { ApiError } from './errors';
import { api, unwrap } from './http';
import { setUnauthorizedHandler } from './session';

/** A JSON answer. */
function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Answers each request with the next of `answers`, recording what was sent. */
function serve(...answers: Response[]) {
  const seen: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: Request | string, init?: RequestInit) => {
      seen.push(input instanceof Request ? input : new Request(new URL(input, window.location.origin), init));
      const next = answers.shift();
      return Promise.resolve(next ?? json(500, { statusCode: 500, code: 'NO_ANSWER', message: '测试没有准备回答' }));
    }),
  );
  return seen;
}

describe('the generated client (openapi-fetch middleware)', () => {
  beforeEach(() => clearToken());
  afterEach(() => {
    vi.unstubAllGlobals();
    clearToken();
  });

  it('rejects an error status with an ApiError carrying the server body', async () => {
    serve(json(404, { statusCode: 404, code: 'NOT_FOUND', message: '榜单不存在' }));
    const failure = await unwrap(api.GET('/api/v1/listings/{id}', { params: { path: { id: 'x' } } })).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 404, statusCode: 404, code: 'NOT_FOUND', message: '榜单不存在' });
  });

  it('turns a failed connection into NETWORK_ERROR', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(unwrap(api.GET('/api/v1/auth/me'))).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 });
  });

  it('sends the bearer token, renews it once on TOKEN_EXPIRED and retries', async () => {
    setToken('old-access', 'refresh-1');
    const seen = serve(
      json(401, { statusCode: 401, code: 'TOKEN_EXPIRED', message: '登录令牌已过期' }),
      json(200, { accessToken: 'new-access', refreshToken: 'refresh-2', expiresIn: 900 }),
      json(200, { id: 'u1', username: 'a', displayName: '甲', role: 'staff', orgId: null, staffRoles: [] }),
    );
    const me = await unwrap(api.GET('/api/v1/auth/me'));
    expect(me.displayName).toBe('甲');
    expect(seen[0].headers.get('Authorization')).toBe('Bearer old-access');
    expect(seen[1].url).toMatch(/\/api\/v1\/auth\/refresh$/);
    expect(seen[2].headers.get('Authorization')).toBe('Bearer new-access');
    expect(getToken()).toBe('new-access');
  });

  it('forgets a rejected token, retries anonymously and tells the app only when that is refused too', async () => {
    setToken('revoked');
    const told: boolean[] = [];
    const off = setUnauthorizedHandler((e) => told.push(e.required));
    const seen = serve(
      json(401, { statusCode: 401, code: 'UNAUTHORIZED', message: '请先登录' }),
      json(401, { statusCode: 401, code: 'UNAUTHORIZED', message: '请先登录' }),
    );
    await expect(unwrap(api.GET('/api/v1/auth/me'))).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    off();
    expect(seen[1].headers.get('Authorization')).toBeNull();
    expect(getToken()).toBeNull();
    expect(told).toContain(true);
  });
});
