import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearToken, getRefreshToken, getToken, setToken, TOKEN_STORAGE_KEY } from '../auth/token';
import { setUnauthorizedHandler } from './session';
import { sendMultipartJson } from './upload';

/** One upload as the fake `XMLHttpRequest` saw it. */
interface SentUpload {
  url: string;
  authorization: string | null;
  body: unknown;
}

/** A JSON answer for the fake `XMLHttpRequest`. */
interface Answer {
  status: number;
  body: unknown;
}

/**
 * Replaces `XMLHttpRequest` with a fake that answers each upload with the next of `answers` (recording what was
 * sent), and `fetch` (the session renewal `POST /auth/refresh`) with `refresh` answers.
 */
function serve(uploads: Answer[], refreshes: Answer[] = []) {
  const sent: SentUpload[] = [];
  const refreshed: { url: string; body: unknown }[] = [];
  class FakeXhr {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    onabort: (() => void) | null = null;
    private url = '';
    private headers = new Map<string, string>();
    open(_method: string, url: string) {
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers.set(name.toLowerCase(), value);
    }
    abort() {
      this.onabort?.();
    }
    send(body: unknown) {
      sent.push({ url: this.url, authorization: this.headers.get('authorization') ?? null, body });
      const next = uploads.shift() ?? {
        status: 500,
        body: { statusCode: 500, code: 'NO_ANSWER', message: '没有回答' },
      };
      this.status = next.status;
      this.responseText = JSON.stringify(next.body);
      queueMicrotask(() => this.onload?.());
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string, init?: RequestInit) => {
      refreshed.push({ url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
      const next = refreshes.shift() ?? { status: 500, body: {} };
      return Promise.resolve(new Response(JSON.stringify(next.body), { status: next.status }));
    }),
  );
  return { sent, refreshed };
}

const expired = { status: 401, body: { statusCode: 401, code: 'TOKEN_EXPIRED', message: '登录令牌已过期' } };
const renewed = { status: 200, body: { accessToken: 'new-access', refreshToken: 'refresh-2', expiresIn: 900 } };

describe('sendMultipartJson (uploads through XMLHttpRequest)', () => {
  beforeEach(() => clearToken());
  afterEach(() => {
    vi.unstubAllGlobals();
    clearToken();
  });

  it('renews the session once on TOKEN_EXPIRED and sends the same upload again with the new token', async () => {
    setToken('old-access', 'refresh-1');
    const { sent, refreshed } = serve([expired, { status: 201, body: { id: 'a1' } }], [renewed]);
    const body = new FormData();
    body.append('file', new Blob(['%PDF-1.4']), 'a.pdf');
    await expect(sendMultipartJson<{ id: string }>('/listings/x/attachments', body, {})).resolves.toEqual({
      id: 'a1',
    });
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer old-access', 'Bearer new-access']);
    expect(sent[1].body).toBe(body);
    expect(sent[1].url).toBe('/api/v1/listings/x/attachments');
    expect(refreshed).toEqual([{ url: '/api/v1/auth/refresh', body: { refreshToken: 'refresh-1' } }]);
    expect(getToken()).toBe('new-access');
    expect(getRefreshToken()).toBe('refresh-2');
  });

  it('renews first when only the refresh token is left', async () => {
    setToken('old-access', 'refresh-1');
    localStorage.removeItem(TOKEN_STORAGE_KEY);
    expect(getToken()).toBeNull();
    const { sent } = serve([{ status: 201, body: { id: 'a2' } }], [renewed]);
    await expect(sendMultipartJson('/deals/d/attachments', new FormData(), {})).resolves.toEqual({ id: 'a2' });
    expect(sent.map((s) => s.authorization)).toEqual(['Bearer new-access']);
  });

  it('refuses after a failed renewal: the token is forgotten, the app told, the error is the 401', async () => {
    setToken('old-access', 'refresh-1');
    const told: boolean[] = [];
    const off = setUnauthorizedHandler((e) => told.push(e.required));
    const { sent } = serve(
      [expired],
      [{ status: 401, body: { statusCode: 401, code: 'UNAUTHORIZED', message: '请重新登录' } }],
    );
    await expect(sendMultipartJson('/deals/d/attachments', new FormData(), {})).rejects.toMatchObject({
      status: 401,
      code: 'TOKEN_EXPIRED',
    });
    off();
    expect(sent).toHaveLength(1);
    expect(getToken()).toBeNull();
    expect(told).toEqual([true]);
  });

  it('does not renew on another 401 (a revoked session) and sends the upload only once', async () => {
    setToken('revoked', 'refresh-1');
    const told: boolean[] = [];
    const off = setUnauthorizedHandler((e) => told.push(e.required));
    const { sent, refreshed } = serve([
      { status: 401, body: { statusCode: 401, code: 'UNAUTHORIZED', message: '请先登录' } },
    ]);
    await expect(sendMultipartJson('/deals/d/attachments', new FormData(), {})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    off();
    expect(sent).toHaveLength(1);
    expect(refreshed).toHaveLength(0);
    expect(told).toEqual([true]);
  });

  it('renews at most once: a second TOKEN_EXPIRED is the answer', async () => {
    setToken('old-access', 'refresh-1');
    const { sent, refreshed } = serve([expired, expired], [renewed]);
    await expect(sendMultipartJson('/deals/d/attachments', new FormData(), {})).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
    });
    expect(sent).toHaveLength(2);
    expect(refreshed).toHaveLength(1);
  });
});
