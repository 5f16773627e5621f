import { INestApplication } from '@nestjs/common';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { runUsersScenario } from '../browser/users.scenario';
import { bootApp, demoData, importAndIndex, seedAccounts } from '../helpers/app';

const ROOT = resolve(__dirname, '..', '..');
const ARTIFACTS = resolve(ROOT, 'test', 'artifacts');
/** The built web app (`npm run build:web`); `TEST_WEB_DIST` points at another build. */
const WEB_DIST = process.env.TEST_WEB_DIST ?? resolve(ROOT, 'dist', 'web');

/**
 * The user administration in a real browser (issue 13) against the real app serving the built web app, real
 * PostgreSQL and Meilisearch: staff.admin creates an approver, who logs in with the one-time password, binds its
 * second factor and sets its own password; the administrator then disables it.
 */
describe('user administration in the browser', () => {
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    if (!existsSync(resolve(WEB_DIST, 'index.html'))) {
      throw new Error('dist/web is missing: run `npm run build:web` first (npm test does)');
    }
    app = await bootApp('browser_users', { env: { WEB_DIST_DIR: WEB_DIST } });
    await importAndIndex(app, {
      organizations: (demoData() as { organizations: unknown[] }).organizations.slice(0, 20),
    });
    await seedAccounts(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(() => app?.close());

  it('staff.admin creates an approver, who logs in and sets its own password; disabling ends its access', async () => {
    const newPassword = '审批人自己设置的新口令 2026';
    const result = await runUsersScenario({
      baseUrl,
      screenshotDir: ARTIFACTS,
      adminUsername: 'staff.admin',
      adminPassword: DEMO_PASSWORD,
      username: 'browser.approver',
      displayName: '浏览器审批人',
      newPassword,
    });
    expect(result.oneTimePassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    expect(result.toldToChange).toBe(true);
    expect(result.headerName).toBe('浏览器审批人');
    expect(result.headerRole).toContain('审批人');
    expect(result.stateAfterDisable).toContain('已停用');
    const db = app.get(DataSource);
    const [u] = await db.query(
      `SELECT staff_roles, must_change_password, disabled_at IS NOT NULL AS disabled, totp_enabled_at IS NOT NULL AS totp
       FROM app_user WHERE username = 'browser.approver'`,
    );
    expect(u).toEqual({ staff_roles: ['approver'], must_change_password: false, disabled: true, totp: true });
    const actions: { action: string }[] = await db.query(
      `SELECT a.action FROM audit_log a JOIN app_user u ON u.id::text = a.entity_id::text
       WHERE u.username = 'browser.approver' ORDER BY a.seq`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'user_created',
      'totp_enabled',
      'password_changed',
      'logout',
      'user_disabled',
    ]);
    const login = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ username: 'browser.approver', password: newPassword });
    expect(login.body.code).toBe('ACCOUNT_DISABLED');
    for (const s of result.screenshots) expect(statSync(s).size).toBeGreaterThan(10_000);
  });
});
