import { INestApplication } from '@nestjs/common';
import { generate } from 'otplib';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../apps/api/src/auth/demo-accounts';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

/**
 * Issue 13 item 1 — the department's accounts, against the real services: staff administrators create staff and
 * expert accounts with one-time passwords that must be replaced at the first login, disable accounts (sessions
 * and sockets end at once), reset passwords; an organisation's first user manages its colleagues; refusals change
 * nothing; every change is audited.
 */
describe('accounts administration (issue 13)', () => {
  let app: INestApplication;
  let db: DataSource;
  let url: string;
  let admin: string;
  const sockets: Socket[] = [];
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (username: string, password: string, totpCode?: string) =>
    http()
      .post('/api/v1/auth/login')
      .send(totpCode ? { username, password, totpCode } : { username, password });
  const users = async () => Number((await db.query(`SELECT count(*)::int n FROM app_user`))[0].n);
  const audits = async (action: string) =>
    Number((await db.query(`SELECT count(*)::int n FROM audit_log WHERE action = $1`, [action]))[0].n);
  const NEW_PASSWORD = '一条足够长的新口令 2026';

  beforeAll(async () => {
    app = await bootApp('users');
    db = app.get(DataSource);
    await importAndIndex(app, {
      organizations: (demoData() as { organizations: unknown[] }).organizations.slice(0, 40),
    });
    await seedAccounts(app);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
    admin = await tokenFor(app, 'staff.admin');
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app.close();
  });

  const create = (body: object, token = admin) => http().post('/api/v1/users').set(bearer(token)).send(body);

  it('creates a broker with a one-time password that must be replaced at the first login', async () => {
    const created = await create({
      username: 'new.broker',
      displayName: '新对接专员',
      role: 'staff',
      staffRoles: ['broker'],
    }).expect(201);
    expect(created.body.user).toMatchObject({
      username: 'new.broker',
      role: 'staff',
      staffRoles: ['broker'],
      mustChangePassword: true,
      disabled: false,
    });
    const otp = created.body.oneTimePassword as string;
    expect(otp).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    const [stored] = await db.query(`SELECT password_hash FROM app_user WHERE username = 'new.broker'`);
    expect(stored.password_hash).not.toContain(otp);
    expect(await audits('user_created')).toBeGreaterThanOrEqual(1);

    const first = await login('new.broker', otp).expect(200);
    expect(first.body.mustChangePassword).toBe(true);
    const token = first.body.accessToken as string;
    // Nothing but who-am-I, logout and the password change until the user has its own password.
    const blocked = await http().get('/api/v1/organizations').set(bearer(token));
    expect([blocked.status, blocked.body.code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
    const me = await http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
    expect(me.body.mustChangePassword).toBe(true);
    // A weak new password is refused and changes nothing.
    const weak = await http()
      .post('/api/v1/auth/change-password')
      .set(bearer(token))
      .send({ currentPassword: otp, newPassword: 'short' });
    expect([weak.status, weak.body.code]).toEqual([400, 'PASSWORD_TOO_SHORT']);
    const changed = await http()
      .post('/api/v1/auth/change-password')
      .set(bearer(token))
      .send({ currentPassword: otp, newPassword: NEW_PASSWORD })
      .expect(200);
    await http().get('/api/v1/organizations').set(bearer(changed.body.accessToken)).expect(200);
    await login('new.broker', otp).expect(401);
    const again = await login('new.broker', NEW_PASSWORD).expect(200);
    expect(again.body.mustChangePassword).toBeUndefined();
  });

  it('creates an approver, who enrols a second factor and then sets its own password', async () => {
    const created = await create({
      username: 'new.approver',
      displayName: '新审批人',
      role: 'staff',
      staffRoles: ['approver'],
    }).expect(201);
    const otp = created.body.oneTimePassword as string;
    const first = await login('new.approver', otp);
    expect([first.status, first.body.code]).toEqual([403, 'TOTP_ENROLMENT_REQUIRED']);
    const enrolmentToken = first.body.details.enrolmentToken as string;
    const enrol = await http().post('/api/v1/auth/totp/enrol').send({ enrolmentToken }).expect(200);
    const confirmed = await http()
      .post('/api/v1/auth/totp/confirm')
      .send({ enrolmentToken, code: await generate({ secret: enrol.body.secret }) })
      .expect(200);
    expect(confirmed.body).toMatchObject({ totpEnabled: true, mustChangePassword: true });
    const blocked = await http().get('/api/v1/deals').set(bearer(confirmed.body.accessToken));
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = await http()
      .post('/api/v1/auth/change-password')
      .set(bearer(confirmed.body.accessToken))
      .send({ currentPassword: otp, newPassword: NEW_PASSWORD })
      .expect(200);
    const me = await http().get('/api/v1/auth/me').set(bearer(changed.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ username: 'new.approver', staffRoles: ['approver'], mustChangePassword: false });
  });

  it('creates an expert with a profile and an affiliation', async () => {
    const org = await orgId(app, '包头稀土研究院');
    const created = await create({
      username: 'new.expert',
      displayName: '新专家',
      role: 'expert',
      orgId: org,
      expert: { fields: ['rare_earth'], title: '研究员', specialities: ['稀土永磁'], available: true },
    }).expect(201);
    expect(created.body.user).toMatchObject({ role: 'expert', orgId: org, orgName: '包头稀土研究院' });
    const [p] = await db.query(`SELECT fields, title FROM expert_profile WHERE user_id = $1`, [created.body.user.id]);
    expect(p).toEqual({ fields: ['rare_earth'], title: '研究员' });
  });

  it('lists accounts with filters and pagination', async () => {
    const page = await http()
      .get('/api/v1/users')
      .query({ role: 'staff', staffRole: 'broker', pageSize: 1 })
      .set(bearer(admin))
      .expect(200);
    expect(page.body.total).toBe(2); // staff.broker and new.broker
    expect(page.body.items).toHaveLength(1);
    const q = await http().get('/api/v1/users').query({ q: 'new.exp' }).set(bearer(admin)).expect(200);
    expect(q.body.items.map((u: { username: string }) => u.username)).toEqual(['new.expert']);
  });

  it('disabling a user ends its sessions and sockets at once; enabling lets it in again', async () => {
    const session = await login('institute.demo', DEMO_PASSWORD).expect(200);
    const token = session.body.accessToken as string;
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = io(`${url}/negotiations`, { auth: { token }, transports: ['websocket'], reconnection: false });
      sockets.push(s);
      s.once('connect', () => resolve(s));
      s.once('connect_error', reject);
    });
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const [{ id }] = await db.query(`SELECT id FROM app_user WHERE username = 'institute.demo'`);
    const disabled = await http().post(`/api/v1/users/${id}/disable`).set(bearer(admin)).expect(200);
    expect(disabled.body.disabled).toBe(true);
    expect(await gone).toBe('io server disconnect');
    const next = await http().get('/api/v1/auth/me').set(bearer(token));
    expect([next.status, next.body.code]).toEqual([401, 'UNAUTHORIZED']);
    await http().post('/api/v1/auth/refresh').send({ refreshToken: session.body.refreshToken }).expect(401);
    const refused = await login('institute.demo', DEMO_PASSWORD);
    expect([refused.status, refused.body.code]).toEqual([403, 'ACCOUNT_DISABLED']);
    // A wrong password does not reveal that the account is disabled.
    expect((await login('institute.demo', 'a wrong password!')).body.code).toBe('INVALID_CREDENTIALS');
    expect(await audits('user_disabled')).toBe(1);
    await http().post(`/api/v1/users/${id}/enable`).set(bearer(admin)).expect(200);
    await login('institute.demo', DEMO_PASSWORD).expect(200);
  });

  it('resets a password: the old one stops working and the new one-time password must be replaced', async () => {
    const session = await login('expert.demo', DEMO_PASSWORD).expect(200);
    const [{ id }] = await db.query(`SELECT id FROM app_user WHERE username = 'expert.demo'`);
    const reset = await http().post(`/api/v1/users/${id}/reset-password`).set(bearer(admin)).expect(200);
    await http().get('/api/v1/auth/me').set(bearer(session.body.accessToken)).expect(401);
    await login('expert.demo', DEMO_PASSWORD).expect(401);
    const first = await login('expert.demo', reset.body.oneTimePassword).expect(200);
    expect(first.body.mustChangePassword).toBe(true);
    expect(await audits('password_reset')).toBe(1);
  });

  it('refuses non-administrators, duplicates and mismatched roles, and changes nothing', async () => {
    const before = [await users(), await audits('user_created')];
    const broker = await tokenFor(app, 'staff.broker');
    const forbidden = await create(
      { username: 'x.broker', displayName: 'X', role: 'staff', staffRoles: ['broker'] },
      broker,
    );
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'FORBIDDEN']);
    expect((await http().get('/api/v1/users').set(bearer(broker))).status).toBe(403);
    const duplicate = await create({
      username: 'staff.broker',
      displayName: 'X',
      role: 'staff',
      staffRoles: ['broker'],
    });
    expect([duplicate.status, duplicate.body.code]).toEqual([409, 'USERNAME_TAKEN']);
    const noAuthority = await create({
      username: 'x.rec',
      displayName: 'X',
      role: 'staff',
      staffRoles: ['recommender'],
    });
    expect([noAuthority.status, noAuthority.body.code]).toEqual([422, 'AUTHORITY_UNKNOWN']);
    const mixed = await create({
      username: 'x.rec',
      displayName: 'X',
      role: 'staff',
      staffRoles: ['recommender', 'broker'],
      authority: '150200',
    });
    expect([mixed.status, mixed.body.code]).toEqual([422, 'USER_ROLE_INVALID']);
    const orgless = await create({ username: 'x.ent', displayName: 'X', role: 'enterprise' });
    expect([orgless.status, orgless.body.code]).toEqual([422, 'USER_ROLE_INVALID']);
    const badName = await create({ username: 'x y', displayName: 'X', role: 'expert' });
    expect(badName.status).toBe(400);
    const [{ id: self }] = await db.query(`SELECT id FROM app_user WHERE username = 'staff.admin'`);
    const selfDisable = await http().post(`/api/v1/users/${self}/disable`).set(bearer(admin));
    expect([selfDisable.status, selfDisable.body.code]).toEqual([409, 'CANNOT_CHANGE_SELF']);
    expect([await users(), await audits('user_created')]).toEqual(before);
  });

  it("lets an organisation's first user manage its own colleagues only", async () => {
    const owner = await tokenFor(app, 'enterprise.demo');
    const me = await http().get('/api/v1/auth/me').set(bearer(owner)).expect(200);
    expect(me.body.orgAdmin).toBe(true);
    const invited = await create(
      { username: 'colleague.one', displayName: '同事一', role: 'staff', staffRoles: ['admin'] },
      owner,
    ).expect(201);
    // Role and organisation are the inviter's, whatever the body says.
    expect(invited.body.user).toMatchObject({ role: 'enterprise', orgId: me.body.orgId, staffRoles: [] });
    const list = await http().get('/api/v1/users').set(bearer(owner)).expect(200);
    expect(new Set(list.body.items.map((u: { orgId: string }) => u.orgId))).toEqual(new Set([me.body.orgId]));
    const [{ id: stranger }] = await db.query(`SELECT id FROM app_user WHERE username = 'institute.demo'`);
    await http().post(`/api/v1/users/${stranger}/disable`).set(bearer(owner)).expect(404);
    await http().post(`/api/v1/users/${invited.body.user.id}/disable`).set(bearer(owner)).expect(200);
    await http().post(`/api/v1/users/${invited.body.user.id}/enable`).set(bearer(owner)).expect(200);
    // The colleague is not the first user: it administers no one.
    const first = await login('colleague.one', invited.body.oneTimePassword).expect(200);
    const changed = await http()
      .post('/api/v1/auth/change-password')
      .set(bearer(first.body.accessToken))
      .send({ currentPassword: invited.body.oneTimePassword, newPassword: NEW_PASSWORD })
      .expect(200);
    const refused = await http().get('/api/v1/users').set(bearer(changed.body.accessToken));
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
  });
  it('a recommender of 包头市 sees only 包头 records, read only', async () => {
    const created = await create({
      username: 'baotou.recommender',
      displayName: '包头市科技局',
      role: 'staff',
      staffRoles: ['recommender'],
      authority: '150200',
    }).expect(201);
    expect(created.body.user).toMatchObject({ staffRoles: ['recommender'], authority: '150200' });
    const first = await login('baotou.recommender', created.body.oneTimePassword).expect(200);
    const token = (
      await http()
        .post('/api/v1/auth/change-password')
        .set(bearer(first.body.accessToken))
        .send({ currentPassword: created.body.oneTimePassword, newPassword: NEW_PASSWORD })
        .expect(200)
    ).body.accessToken as string;
    const baotou = await orgId(app, '包头钢铁(集团)有限责任公司');
    const ordos = await orgId(app, '内蒙古伊泰集团有限公司');
    const [creator] = await db.query(`SELECT id FROM app_user WHERE username = 'enterprise.demo'`);
    const listing = async (title: string, poster: string, posterName: string) =>
      (
        await db.query(
          `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
           VALUES ('challenge', 'rare_earth', $1, 'published', $2, $3, now()) RETURNING id`,
          [title, poster, posterName],
        )
      )[0].id as string;
    const inBaotou = await listing('包头的榜单', baotou, '包头钢铁(集团)有限责任公司');
    const inOrdos = await listing('鄂尔多斯的榜单', ordos, '内蒙古伊泰集团有限公司');
    for (const [l, applicant] of [
      [inOrdos, baotou],
      [inBaotou, ordos],
    ]) {
      await db.query(
        `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
         VALUES ($1, $2, 'submitted', '方案', '团队', 100, $3)`,
        [l, applicant, creator.id],
      );
    }
    const read = (kind: string, query: object = {}, t = token) =>
      http().get(`/api/v1/authority/${kind}`).query(query).set(bearer(t)).expect(200);

    const orgs = await read('organizations', { pageSize: 100, authority: '150600' }); // its own, whatever it asks
    const [{ n }] = await db.query(`SELECT count(*)::int n FROM organization WHERE region_code LIKE '1502%'`);
    expect(orgs.body.authority).toMatchObject({ code: '150200', name: '包头市科技局' });
    expect(orgs.body.total).toBe(n);
    expect(orgs.body.items.every((o: { regionCode: string }) => o.regionCode.startsWith('1502'))).toBe(true);
    expect((await read('listings')).body.items.map((l: { title: string }) => l.title)).toEqual(['包头的榜单']);
    const apps = (await read('applications')).body.items;
    expect(apps.map((a: { title: string; orgName: string }) => [a.title, a.orgName])).toEqual([
      ['鄂尔多斯的榜单', '包头钢铁(集团)有限责任公司'],
    ]);
    expect((await read('deals')).body.total).toBe(0);
    // An administrator names the authority.
    const ordosListings = await read('listings', { authority: '150600' }, admin);
    expect(ordosListings.body.items.map((l: { title: string }) => l.title)).toEqual(['鄂尔多斯的榜单']);
    const unnamed = await http().get('/api/v1/authority/listings').set(bearer(admin));
    expect([unnamed.status, unnamed.body.code]).toEqual([422, 'AUTHORITY_UNKNOWN']);
    // Staff routes and writes are refused with a code; others cannot read an authority's records.
    await http().get('/api/v1/notifications').set(bearer(token)).expect(200); // its own account: the bell works
    const staffList = await http().get('/api/v1/organizations').set(bearer(token));
    expect([staffList.status, staffList.body.code]).toEqual([403, 'RECOMMENDER_READ_ONLY']);
    const verify = await http().post(`/api/v1/organizations/${ordos}/verify`).set(bearer(token)).send({});
    expect([verify.status, verify.body.code]).toEqual([403, 'RECOMMENDER_READ_ONLY']);
    const broker = await tokenFor(app, 'staff.broker');
    await http().get('/api/v1/authority/listings').query({ authority: '150200' }).set(bearer(broker)).expect(403);
    // The users list filters by authority: its recommenders and the users of its organisations.
    const byAuthority = await http()
      .get('/api/v1/users')
      .query({ authority: '150200', pageSize: 100 })
      .set(bearer(admin))
      .expect(200);
    const names = byAuthority.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['baotou.recommender', 'enterprise.demo', 'institute.demo']));
    expect(names).not.toContain('staff.broker');
  });
  it('a 自治区部门 recommender sees the organisations whose carrier applications name it (issue 15 §3)', async () => {
    const created = await create({
      username: 'industry.recommender',
      displayName: '自治区工业和信息化厅',
      role: 'staff',
      staffRoles: ['recommender'],
      authority: 'dept.industry',
    }).expect(201);
    const first = await login('industry.recommender', created.body.oneTimePassword).expect(200);
    const token = (
      await http()
        .post('/api/v1/auth/change-password')
        .set(bearer(first.body.accessToken))
        .send({ currentPassword: created.body.oneTimePassword, newPassword: NEW_PASSWORD })
        .expect(200)
    ).body.accessToken as string;
    const read = (kind: string, query: object = {}, t = token) =>
      http().get(`/api/v1/authority/${kind}`).query(query).set(bearer(t)).expect(200);
    // Before any application names it, a department has no records at all.
    expect((await read('organizations')).body).toMatchObject({
      authority: { code: 'dept.industry', kind: 'department' },
      items: [],
      total: 0,
    });

    const baotou = await orgId(app, '包头钢铁(集团)有限责任公司');
    const ordos = await orgId(app, '内蒙古伊泰集团有限公司');
    const [creator] = await db.query(`SELECT id FROM app_user WHERE username = 'staff.admin'`);
    const [round] = await db.query(
      `INSERT INTO carrier_round (programme_id, title, document_no, kinds, opens_on, closes_on, recommend_deadline,
         rule_set_id, status, created_by)
       VALUES ('platform_filing', '部门推荐批次', '内科发〔2026〕782号', '{pilot_base}', '2026-01-01', '2026-02-01',
         '2026-03-01', 'yn-kegui-2025-11@1', 'open', $1) RETURNING id`,
      [creator.id],
    );
    for (const [org, authority] of [
      [baotou, 'dept.industry'],
      [ordos, 'dept.energy'],
    ]) {
      await db.query(
        `INSERT INTO carrier_application (round_id, org_id, kind, platform_name, status, authority, created_by)
         VALUES ($1, $2, 'pilot_base', '部门推荐的中试基地', 'submitted', $3, $4)`,
        [round.id, org, authority, creator.id],
      );
    }
    const orgs = (await read('organizations', { authority: '150600' })).body; // its own, whatever it asks
    expect(orgs.authority.code).toBe('dept.industry');
    expect(orgs.items.map((o: { id: string }) => o.id)).toEqual([baotou]);
    expect(orgs.total).toBe(1);
    // Listings, applications and deals stay region-scoped: a department has none.
    for (const kind of ['listings', 'applications', 'deals']) expect((await read(kind)).body.total).toBe(0);
    // An administrator naming the other department sees that one's organisation; 包头 keeps its region.
    const energy = (await read('organizations', { authority: 'dept.energy' }, admin)).body;
    expect(energy.items.map((o: { id: string }) => o.id)).toEqual([ordos]);
    const region = (await read('organizations', { authority: '150200', pageSize: 100 }, admin)).body;
    const [{ n }] = await db.query(`SELECT count(*)::int n FROM organization WHERE region_code LIKE '1502%'`);
    expect(region.total).toBe(n);
    expect(region.items.map((o: { id: string }) => o.id)).not.toContain(ordos);
  });
});
