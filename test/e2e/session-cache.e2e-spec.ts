import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { SessionCache } from '../../apps/api/src/auth/session-cache';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';

/** Polls `cond` every 20 ms until true; fails after 15 s (a guard against hanging, not a timing assertion). */
async function until(what: string, cond: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 15_000;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The claims of a JWT (no verification: the test only reads its own token). */
function claims(token: string): { sub: string; sid: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { sub: string; sid: string };
}

/**
 * The session check's cache (`SessionCache`, issue 17 item 2): a signed-in read is answered from the remembered
 * session; a logout through the API is refused from the very next request; a change to accounts or sessions made
 * by another connection (another replica, an operator) is seen once its `jiebang_auth` announcement arrives
 * (the `auth_changed_announce` triggers), and no request after that is answered from the old state.
 */
describe('session cache', () => {
  let app: INestApplication;
  let db: Client;
  let token: string;
  let sid: string;
  let sub: string;
  const deals = () => request(app.getHttpServer()).get('/api/v1/deals').set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    app = await bootApp('sessioncache');
    const data = demoData() as { organizations: unknown[] };
    await importAndIndex(app, { organizations: data.organizations, listings: [] });
    await seedAccounts(app);
    token = await tokenFor(app, 'enterprise.demo');
    ({ sid, sub } = claims(token));
    db = new Client({ connectionString: process.env.E2E_DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('remembers an open session after its first check', async () => {
    await deals().expect(200);
    expect(app.get(SessionCache).get(sid, sub)?.username).toBe('enterprise.demo');
    // Another subject presenting the same session id is not handed the remembered user.
    expect(app.get(SessionCache).get(sid, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    await deals().expect(200);
  });

  /** Requests until `status` is answered (the announcement has arrived), then once more: it stays. */
  const settlesAt = async (status: number) => {
    await until(`HTTP ${status}`, async () => (await deals()).status === status);
    await deals().expect(status);
  };

  it('a one-time password set by another connection is enforced once announced, and lifted', async () => {
    await deals().expect(200);
    await db.query(`UPDATE app_user SET must_change_password = true WHERE id = $1`, [sub]);
    await settlesAt(403);
    expect((await deals()).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    await db.query(`UPDATE app_user SET must_change_password = false WHERE id = $1`, [sub]);
    await settlesAt(200);
  });

  it('an account disabled by another connection is refused once announced', async () => {
    await deals().expect(200);
    await db.query(`UPDATE app_user SET disabled_at = now() WHERE id = $1`, [sub]);
    await settlesAt(401);
    await db.query(`UPDATE app_user SET disabled_at = NULL WHERE id = $1`, [sub]);
    await settlesAt(200);
  });

  it('a session revoked by another connection is refused once announced', async () => {
    await deals().expect(200);
    await db.query(`UPDATE auth_session SET revoked_at = now(), revoked_reason = 'logout' WHERE id = $1`, [sid]);
    await settlesAt(401);
    expect(app.get(SessionCache).get(sid, sub)).toBeUndefined();
  });

  it('a logout through the API is refused from the very next request', async () => {
    const other = await tokenFor(app, 'enterprise.demo');
    const auth = { Authorization: `Bearer ${other}` };
    await request(app.getHttpServer()).get('/api/v1/deals').set(auth).expect(200);
    expect(app.get(SessionCache).get(claims(other).sid, sub)).toBeDefined();
    await request(app.getHttpServer())
      .post('/api/v1/auth/logout')
      .set(auth)
      .expect((r) => expect(r.status).toBeLessThan(300));
    await request(app.getHttpServer()).get('/api/v1/deals').set(auth).expect(401);
  });
});
