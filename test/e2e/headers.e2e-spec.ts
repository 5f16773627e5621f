import { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { launchChromium } from '../browser/chromium';
import { bootApp, demoData, importAndIndex } from '../helpers/app';

const ROOT = resolve(__dirname, '..', '..');
const WEB = resolve(ROOT, 'dist', 'web');

/** The CSP directives of a `Content-Security-Policy` header, by name. */
function directives(csp: string | undefined): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const part of (csp ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) m.set(name, values);
  }
  return m;
}

/** The headers every answer carries (issue 11 item 5). */
function expectSecurityHeaders(h: Record<string, string>): Map<string, string[]> {
  expect(h['x-powered-by']).toBeUndefined();
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['x-frame-options']).toBe('DENY');
  const csp = directives(h['content-security-policy']);
  expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
  expect(csp.get('default-src')).toEqual(["'self'"]);
  expect(csp.get('object-src')).toEqual(["'none'"]);
  // Scripts only from the origin, never inline or eval'd.
  expect(csp.get('script-src')).toEqual(["'self'"]);
  expect(csp.has('upgrade-insecure-requests')).toBe(false);
  return csp;
}

/**
 * Security headers (issue 11 item 5) on the API, on the built web app served by the API, on Swagger UI, and the
 * web app and Swagger UI loading in a real Chromium without a single CSP violation.
 */
describe('security headers', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(resolve(WEB, 'index.html')))
      throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
    app = await bootApp('headers', { env: { WEB_DIST_DIR: WEB } });
    const data = demoData() as { organizations: unknown[]; listings: unknown[] };
    await importAndIndex(app, { organizations: data.organizations, listings: data.listings });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app?.close());

  it('the API answers, its errors included, carry CSP, nosniff, frame DENY and no X-Powered-By', async () => {
    for (const [path, status] of [
      ['/api/v1/listings', 200],
      ['/api/v1/deals', 401],
      ['/api/v1/nothing-here', 404],
    ] as const) {
      const r = await request(app.getHttpServer()).get(path);
      expect([path, r.status]).toEqual([path, status]);
      expectSecurityHeaders(r.headers as Record<string, string>);
    }
  });

  it('the web app at / carries the app policy: styles inline (antd), sockets to the origin', async () => {
    const r = await request(app.getHttpServer()).get('/').expect(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    const csp = expectSecurityHeaders(r.headers as Record<string, string>);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp.get('connect-src')).toEqual(expect.arrayContaining(["'self'", 'ws:', 'wss:']));
    // The built page has no inline script the policy would block.
    expect(r.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('Swagger UI at /api/docs is served with its own policy, still never framed', async () => {
    const page = await request(app.getHttpServer()).get('/api/docs/').redirects(1).expect(200);
    expect(page.text).toContain('swagger-ui');
    const csp = expectSecurityHeaders(page.headers as Record<string, string>);
    expect(csp.get('style-src')).toContain("'unsafe-inline'");
    expect(csp.get('img-src')).toContain('data:');
    const json = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expectSecurityHeaders(json.headers as Record<string, string>);
  });

  describe('in Chromium', () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(() => browser?.close());

    /** Opens `path` and collects every CSP violation: the DOM event, console messages and page errors. */
    async function visit(path: string, ready: (page: Page) => Promise<void>): Promise<string[]> {
      const context = await browser.newContext({ locale: 'zh-CN' });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const seen: string[] = [];
      await page.exposeFunction('__cspViolation', (s: string) => seen.push(s));
      // A string, not a function: the test compiles without the DOM types.
      await page.addInitScript(
        `document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI));`,
      );
      page.on('console', (m) => {
        if (/Content.Security.Policy/i.test(m.text())) seen.push(m.text());
      });
      page.on('pageerror', (e) => {
        if (/Content.Security.Policy/i.test(e.message)) seen.push(e.message);
      });
      try {
        await page.goto(`${baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
        await ready(page);
        await page.waitForLoadState('networkidle');
        return seen;
      } finally {
        await context.close();
      }
    }

    it('the board loads, searches and styles itself with no CSP violation', async () => {
      const seen = await visit('/', async (page) => {
        await page.locator('[data-testid="board-results"]:not([data-state="loading"])').waitFor({ state: 'attached' });
        await page.getByTestId('search-input').fill('稀土');
        await page.getByTestId('search-input').press('Enter');
        await page
          .locator('[data-testid="board-results"][data-q="稀土"]:not([data-state="loading"])')
          .waitFor({ state: 'attached' });
        // antd's CSS-in-JS styles took effect (an injected <style>, allowed by the policy).
        expect(await page.locator('style').count()).toBeGreaterThan(0);
      });
      expect(seen).toEqual([]);
    });

    it('Swagger UI renders with no CSP violation', async () => {
      const seen = await visit('/api/docs', async (page) => {
        await page.locator('.swagger-ui .info .title').waitFor({ state: 'visible' });
        expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
      });
      expect(seen).toEqual([]);
    });
  });
});
