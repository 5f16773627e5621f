import { INestApplication } from '@nestjs/common';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LIVE_NAMESPACE, LiveNotification } from '@jiebang/contracts';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';

const sockets: Socket[] = [];

/** Connects to `/live` with `token`; resolves on connect, rejects with the `connect_error`. */
function connect(baseUrl: string, token: string | undefined): Promise<Socket> {
  const s = io(`${baseUrl}${LIVE_NAMESPACE}`, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function until(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The live-updates socket against the real app and PostgreSQL: a notification reaches its recipients' open pages
 * when (and only when) its transaction commits, through the database's own announcement (LISTEN/NOTIFY).
 */
describe('live updates (/live)', () => {
  let app: INestApplication;
  let baseUrl: string;
  let db: DataSource;

  beforeAll(async () => {
    app = await bootApp('live');
    const data = demoData() as { organizations: unknown[] };
    await importAndIndex(app, { organizations: data.organizations, listings: [] });
    await seedAccounts(app);
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    db = app.get(DataSource);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app?.close();
  });

  const userOf = async (username: string): Promise<{ id: string; org_id: string | null }> =>
    (await db.query(`SELECT id, org_id FROM app_user WHERE username = $1`, [username]))[0];

  it('refuses a socket without a valid token', async () => {
    await expect(connect(baseUrl, undefined)).rejects.toThrow('UNAUTHORIZED');
    await expect(connect(baseUrl, 'not-a-token')).rejects.toThrow('UNAUTHORIZED');
  });

  it("pushes the user's and the organisation's notifications after commit, nothing of others or of a rollback", async () => {
    const enterprise = await userOf('enterprise.demo');
    const institute = await userOf('institute.demo');
    expect(enterprise.org_id).toBeTruthy();
    const s = await connect(baseUrl, await tokenFor(app, 'enterprise.demo'));
    const got: LiveNotification[] = [];
    s.on('notification', (n: LiveNotification) => got.push(n));

    // Rolled back: never announced.
    await db
      .transaction(async (em) => {
        await em.query(`INSERT INTO notification (user_id, title, body, link) VALUES ($1, '回滚', '回滚', '/x')`, [
          enterprise.id,
        ]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    // Someone else's: not sent here.
    await db.query(`INSERT INTO notification (user_id, title, body, link) VALUES ($1, '别人的', '别人的', '/y')`, [
      institute.id,
    ]);
    const [mine] = await db.query(
      `INSERT INTO notification (user_id, title, body, link) VALUES ($1, '给本人', '给本人', '/deals/1') RETURNING id`,
      [enterprise.id],
    );
    const [ours] = await db.query(
      `INSERT INTO notification (org_id, title, body, link) VALUES ($1, '给本单位', '给本单位', NULL) RETURNING id`,
      [enterprise.org_id],
    );
    await until('two notifications', () => got.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([
      { id: mine.id, link: '/deals/1' },
      { id: ours.id, link: null },
    ]);
  });

  it('disconnects the socket when its session ends (logout)', async () => {
    const login = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ username: 'institute.demo', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const s = await connect(baseUrl, token);
    let gone = false;
    s.on('disconnect', () => (gone = true));
    const out = await request(app.getHttpServer()).post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`);
    expect(out.status).toBe(204);
    await until('the socket to be disconnected', () => gone);
    await expect(connect(baseUrl, token)).rejects.toThrow('UNAUTHORIZED');
  });
});
