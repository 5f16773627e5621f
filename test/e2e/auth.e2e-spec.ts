import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';

const VALID_USCC = '91150602MA0MYGRT58'; // 鄂尔多斯市志通驾驶员培训有限公司 (shared/data/orgs.json)
const registration = (over: Record<string, unknown> = {}) => ({
  uscc: VALID_USCC,
  name: '测试注册科技有限公司',
  type: 'tech_enterprise',
  regionCode: '150602',
  mainBusiness: '氢能装备研发',
  registeredCapitalWan: '500',
  contacts: [{ name: '张三', phone: '13800000000', email: 'zhang@example.com' }],
  account: { username: 'new.enterprise', password: 'Str0ng-Passw0rd', displayName: '张三' },
  ...over,
});

describe('accounts: login, throttling, self-registration, verification', () => {
  let app: INestApplication;
  let db: DataSource;
  const count = async (table: string) => Number((await db.query(`SELECT count(*) n FROM ${table}`))[0].n);

  beforeAll(async () => {
    app = await bootApp('auth', { env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCK_MINUTES: '5' } });
    db = app.get(DataSource);
    await importAndIndex(app, {
      organizations: (demoData() as { organizations: unknown[] }).organizations.slice(0, 10),
    });
    await seedAccounts(app);
  });
  afterAll(() => app.close());

  it('logs in and returns the user with /auth/me', async () => {
    const token = await tokenFor(app, 'staff.admin');
    const me = await request(app.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(me.body).toMatchObject({ username: 'staff.admin', role: 'staff', staffRoles: ['admin'] });
  });

  it('refuses a wrong password and an unknown user alike', async () => {
    for (const body of [
      { username: 'staff.broker', password: 'wrong' },
      { username: 'nobody.here', password: 'wrong' },
    ]) {
      const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send(body).expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('slows repeated failures down (429 LOGIN_THROTTLED, Retry-After) instead of locking the account', async () => {
    for (let i = 0; i < 3; i += 1) {
      await request(app.getHttpServer())
        .post('/api/v1/auth/login')
        .send({ username: 'expert.demo', password: 'x' })
        .expect(401);
    }
    const fourth = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ username: 'expert.demo', password: 'x' });
    expect([fourth.status, fourth.body.code, fourth.headers['retry-after']]).toEqual([429, 'LOGIN_THROTTLED', '1']);
    const right = await request(app.getHttpServer())
      .post('/api/v1/auth/login')
      .send({ username: 'expert.demo', password: 'Jiebang@2026' });
    expect(right.status).toBe(429); // this address waits, even with the right password…
    await new Promise((r) => setTimeout(r, 1100));
    await tokenFor(app, 'expert.demo'); // …but only for the delay: nothing is locked
    const [u] = await db.query(`SELECT count(*)::int n FROM login_throttle WHERE key LIKE 'fail:u:expert.demo@%'`);
    expect(u.n).toBe(0);
  });

  it.each([
    ['91150602MA0MYGRT5A', 'USCC_CHECKSUM'],
    ['91150602MA0MYGRT5', 'USCC_FORMAT'],
    ['96150602MA0MYGRT58', 'USCC_CATEGORY'],
  ])('refuses registration with USCC %s as 400 %s and writes nothing', async (uscc, code) => {
    const [orgs, users] = [await count('organization'), await count('app_user')];
    const res = await request(app.getHttpServer())
      .post('/api/v1/organizations')
      .send(registration({ uscc }))
      .expect(400);
    expect(res.body.code).toBe(code);
    expect([await count('organization'), await count('app_user')]).toEqual([orgs, users]);
  });

  it('refuses a weak password with a message saying what to fix', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/organizations')
      .send(registration({ account: { username: 'x.y.z', password: 'short', displayName: 'x' } }))
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details).toEqual([expect.objectContaining({ property: 'account.password' })]);
    const withName = await request(app.getHttpServer())
      .post('/api/v1/organizations')
      .send(registration({ account: { username: 'x.y.z', password: 'my x.y.z password', displayName: 'x' } }))
      .expect(400);
    expect(withName.body.code).toBe('PASSWORD_CONTAINS_USERNAME');
  });

  it('registers an unverified organisation with its account; staff verify it', async () => {
    const res = await request(app.getHttpServer()).post('/api/v1/organizations').send(registration()).expect(201);
    expect(res.body).toMatchObject({ uscc: VALID_USCC, verified: false, registeredCapitalFen: '500000000' });
    const token = await tokenFor(app, 'new.enterprise', 'Str0ng-Passw0rd');
    const me = await request(app.getHttpServer())
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(me.body).toMatchObject({ role: 'enterprise', orgId: res.body.id });

    const dup = await request(app.getHttpServer())
      .post('/api/v1/organizations')
      .send(registration({ account: { username: 'other.user', password: 'Str0ng-Passw0rd', displayName: 'x' } }))
      .expect(409);
    expect(dup.body.code).toBe('ORG_ALREADY_REGISTERED');

    const staff = await tokenFor(app, 'staff.broker');
    const verified = await request(app.getHttpServer())
      .post(`/api/v1/organizations/${res.body.id}/verify`)
      .set('Authorization', `Bearer ${staff}`)
      .send({ note: '营业执照已核验' })
      .expect(200);
    expect(verified.body.verified).toBe(true);
    const again = await request(app.getHttpServer())
      .post(`/api/v1/organizations/${res.body.id}/verify`)
      .set('Authorization', `Bearer ${staff}`)
      .send({})
      .expect(409);
    expect(again.body.code).toBe('ORG_ALREADY_VERIFIED');
  });

  it('lets non-staff search verified organisations only, without contacts', async () => {
    const [unverified] = await db.query(
      `INSERT INTO organization (name, type, verified) VALUES ('未认证检索测试单位', 'enterprise', false) RETURNING name`,
    );
    const staff = await tokenFor(app, 'staff.broker');
    const user = await tokenFor(app, 'institute.demo');
    const q = unverified.name.slice(0, 4);
    const asStaff = await request(app.getHttpServer())
      .get('/api/v1/organizations')
      .query({ q })
      .set('Authorization', `Bearer ${staff}`)
      .expect(200);
    expect(asStaff.body.items.map((o: { name: string }) => o.name)).toContain(unverified.name);
    const asUser = await request(app.getHttpServer())
      .get('/api/v1/organizations')
      .query({ q, verified: 'false' })
      .set('Authorization', `Bearer ${user}`)
      .expect(200);
    expect(
      asUser.body.items.every((o: { verified: boolean; contacts?: unknown }) => o.verified && o.contacts === undefined),
    ).toBe(true);
    expect(asUser.body.items.map((o: { name: string }) => o.name)).not.toContain(unverified.name);
  });

  it('staff edit control edges with a source; bad edges are refused with their codes', async () => {
    const staff = await tokenFor(app, 'staff.broker');
    const [a, b] = (await db.query(`SELECT id FROM organization ORDER BY name LIMIT 2`)) as { id: string }[];
    const post = (body: object) =>
      request(app.getHttpServer()).post('/api/v1/controls').set('Authorization', `Bearer ${staff}`).send(body);
    const self = await post({ controllerOrgId: a.id, controlledOrgId: a.id, kind: 'agreement', source: '测试来源' });
    expect([self.status, self.body.code]).toEqual([422, 'CONTROL_SELF_EDGE']);
    const noSource = await post({ controllerOrgId: a.id, controlledOrgId: b.id, kind: 'agreement', source: '' });
    expect([noSource.status, noSource.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noPct = await post({ controllerOrgId: a.id, controlledOrgId: b.id, kind: 'equity', source: '年报' });
    expect(noPct.status).toBe(400);
    const ok = await post({
      controllerOrgId: a.id,
      controlledOrgId: b.id,
      kind: 'equity',
      equityPct: 60.5,
      source: '2024年年报',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ equityPct: '60.50', kind: 'equity', source: '2024年年报' });
    const dup = await post({
      controllerOrgId: a.id,
      controlledOrgId: b.id,
      kind: 'equity',
      equityPct: 70,
      source: '年报',
    });
    expect([dup.status, dup.body.code]).toEqual([409, 'CONTROL_EDGE_EXISTS']);
    const edges = await request(app.getHttpServer())
      .get(`/api/v1/organizations/${b.id}/controls`)
      .set('Authorization', `Bearer ${staff}`)
      .expect(200);
    expect(edges.body.controllers.map((e: { id: string }) => e.id)).toContain(ok.body.id);
    await request(app.getHttpServer())
      .delete(`/api/v1/controls/${ok.body.id}`)
      .set('Authorization', `Bearer ${staff}`)
      .expect(204);
    await request(app.getHttpServer())
      .delete(`/api/v1/controls/${ok.body.id}`)
      .set('Authorization', `Bearer ${staff}`)
      .expect(409) // ended, not deleted (issue 11 item 6): ending it again is refused
      .expect((r) => expect(r.body.code).toBe('CONTROL_EDGE_ENDED'));
  });
});
