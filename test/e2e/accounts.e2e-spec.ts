import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash as bcryptHash } from 'bcryptjs';
import { generate } from 'otplib';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD, DEMO_TOTP_SECRETS } from '../../apps/api/src/auth/demo-accounts';
import { hashPassword } from '../../apps/api/src/auth/passwords';
import { bootApp, demoData, importAndIndex, loginBody, seedAccounts } from '../helpers/app';

/**
 * Issue 11, item 3 — accounts that cannot be turned against their owners: throttling by account+address and by
 * address with growing delays (no lock-out anyone can trigger), one answer for unknown users and wrong passwords,
 * the password policy and argon2id, sessions with rotating refresh tokens, logout and password change revoking
 * them (sockets included), TOTP for approvers and administrators. Against the real services; the app trusts
 * `X-Forwarded-For` (`TRUST_PROXY=true`) so that requests can come from several client addresses.
 */
describe('accounts that cannot be turned against their owners', () => {
  let app: INestApplication;
  let db: DataSource;
  let url: string;
  const sockets: Socket[] = [];
  const http = () => request(app.getHttpServer());
  const from = (address: string) => ({
    login: (body: object) => http().post('/api/v1/auth/login').set('X-Forwarded-For', address).send(body),
  });
  const me = (token: string) => http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const hashOf = async (username: string) =>
    (
      (await db.query(`SELECT password_hash FROM app_user WHERE username = $1`, [username])) as {
        password_hash: string;
      }[]
    )[0].password_hash;
  let nextAddress = 1;
  /** A client address no other test used. */
  const freshAddress = () => `198.51.100.${nextAddress++}`;

  beforeAll(async () => {
    app = await bootApp('accounts', {
      env: {
        TRUST_PROXY: 'true',
        LOGIN_MAX_FAILURES: '3',
        LOGIN_ADDRESS_MAX_FAILURES: '8',
        LOGIN_DELAY_BASE_SECONDS: '1',
        LOGIN_LOCK_MINUTES: '15',
      },
    });
    db = app.get(DataSource);
    await importAndIndex(app, {
      organizations: (demoData() as { organizations: unknown[] }).organizations.slice(0, 40),
    });
    await seedAccounts(app);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app.close();
  });

  it('answers an unknown user and a wrong password with the same 401 body', async () => {
    const address = freshAddress();
    const wrong = await from(address).login({ username: 'staff.broker', password: 'wrong password!' });
    const unknown = await from(address).login({ username: 'nobody.here', password: 'wrong password!' });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('anonymous bad logins from one address cannot lock staff.approver out', async () => {
    const attacker = freshAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      const res = await from(attacker).login({ username: 'staff.approver', password: `guess-${i}-password` });
      statuses.push(res.status);
      expect(res.body.code).not.toBe('ACCOUNT_LOCKED');
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3).every((s) => s === 429)).toBe(true);
    // The attacker's address waits even with the right password…
    const attackerRight = await from(attacker).login(await loginBody(app, 'staff.approver'));
    expect(attackerRight.status).toBe(429);
    // …while the owner, from their own address, gets in at once.
    const owner = await from(freshAddress()).login(await loginBody(app, 'staff.approver'));
    expect(owner.status).toBe(200);
    expect((await me(owner.body.accessToken).expect(200)).body.username).toBe('staff.approver');
  });

  it('slows one account+address down with growing delays, answered 429 with Retry-After', async () => {
    const address = freshAddress();
    const bad = () => from(address).login({ username: 'expert.demo', password: 'not the password' });
    for (let i = 0; i < 3; i += 1) expect((await bad()).status).toBe(401);
    const first = await bad();
    expect([first.status, first.body.code, first.headers['retry-after']]).toEqual([429, 'LOGIN_THROTTLED', '1']);
    await sleep(1100);
    expect((await bad()).status).toBe(401); // counted: the next wait doubles
    const second = await bad();
    expect([second.status, second.headers['retry-after']]).toEqual([429, '2']);
    await sleep(2100);
    // The right password after the wait gets in and clears the pair.
    expect((await from(address).login({ username: 'expert.demo', password: DEMO_PASSWORD })).status).toBe(200);
    expect((await bad()).status).toBe(401);
  });

  it('slows a guessing address down across accounts, not the accounts themselves', async () => {
    const address = freshAddress();
    for (let i = 0; i < 8; i += 1) {
      const res = await from(address).login({ username: `someone.${i}`, password: 'not the password' });
      expect(res.status).toBe(401);
    }
    const next = await from(address).login({ username: 'institute.demo', password: DEMO_PASSWORD });
    expect([next.status, next.body.code]).toEqual([429, 'LOGIN_THROTTLED']);
    expect(Number(next.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await from(freshAddress()).login({ username: 'institute.demo', password: DEMO_PASSWORD })).status).toBe(
      200,
    );
  });

  it('stores argon2id hashes and re-hashes a legacy bcrypt hash at the next login', async () => {
    await db.query(`UPDATE app_user SET password_hash = $2 WHERE username = $1`, [
      'university.demo',
      await bcryptHash(DEMO_PASSWORD, 10),
    ]);
    expect(await hashOf('university.demo')).toMatch(/^\$2[aby]\$/);
    expect((await from(freshAddress()).login({ username: 'university.demo', password: DEMO_PASSWORD })).status).toBe(
      200,
    );
    expect(await hashOf('university.demo')).toMatch(/^\$argon2id\$/);
    expect((await from(freshAddress()).login({ username: 'university.demo', password: DEMO_PASSWORD })).status).toBe(
      200,
    );
  });

  it('rotates refresh tokens and revokes the session when a rotated one is presented again', async () => {
    const login = await from(freshAddress())
      .login({ username: 'enterprise.demo', password: DEMO_PASSWORD })
      .expect(200);
    expect(login.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 900,
    });
    const r1 = await http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken }).expect(200);
    expect(r1.body.refreshToken).not.toBe(login.body.refreshToken);
    await me(r1.body.accessToken).expect(200);
    const r2 = await http().post('/api/v1/auth/refresh').send({ refreshToken: r1.body.refreshToken }).expect(200);
    // The first refresh token again: stolen or replayed → the whole session is revoked.
    const reuse = await http().post('/api/v1/auth/refresh').send({ refreshToken: login.body.refreshToken });
    expect([reuse.status, reuse.body.code]).toEqual([401, 'REFRESH_TOKEN_REUSED']);
    expect((await me(r2.body.accessToken)).status).toBe(401);
    const after = await http().post('/api/v1/auth/refresh').send({ refreshToken: r2.body.refreshToken });
    expect([after.status, after.body.code]).toEqual([401, 'INVALID_REFRESH_TOKEN']);
    const [s] = await db.query(
      `SELECT revoked_reason FROM auth_session s JOIN app_user u ON u.id = s.user_id
       WHERE u.username = 'enterprise.demo' ORDER BY s.created_at DESC LIMIT 1`,
    );
    expect(s.revoked_reason).toBe('refresh_reuse');
  });

  it('tells an expired access token (TOKEN_EXPIRED) from an invalid one', async () => {
    const login = await from(freshAddress()).login({ username: 'expert.demo', password: DEMO_PASSWORD }).expect(200);
    const claims = JSON.parse(Buffer.from(login.body.accessToken.split('.')[1], 'base64url').toString());
    const expired = await app.get(JwtService).signAsync({ sub: claims.sub, sid: claims.sid }, { expiresIn: -10 });
    expect((await me(expired)).body.code).toBe('TOKEN_EXPIRED');
    expect((await me(`${login.body.accessToken}x`)).body.code).toBe('UNAUTHORIZED');
  });

  it('logout revokes the session: its access and refresh tokens are refused at once, other sessions live', async () => {
    const a = await from(freshAddress()).login({ username: 'institute.demo', password: DEMO_PASSWORD }).expect(200);
    const b = await from(freshAddress()).login({ username: 'institute.demo', password: DEMO_PASSWORD }).expect(200);
    await http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${a.body.accessToken}`).expect(204);
    const old = await me(a.body.accessToken);
    expect([old.status, old.body.code]).toEqual([401, 'UNAUTHORIZED']);
    expect((await http().post('/api/v1/auth/refresh').send({ refreshToken: a.body.refreshToken })).status).toBe(401);
    await me(b.body.accessToken).expect(200);
    const [audit] = await db.query(
      `SELECT count(*)::int n FROM audit_log WHERE entity_type = 'user' AND action = 'logout'`,
    );
    expect(audit.n).toBe(1);
  });

  it('disconnects the sockets of a revoked session', async () => {
    const a = await from(freshAddress()).login({ username: 'institute.demo', password: DEMO_PASSWORD }).expect(200);
    const b = await from(freshAddress()).login({ username: 'institute.demo', password: DEMO_PASSWORD }).expect(200);
    const connect = (token: string) =>
      new Promise<Socket>((resolve, reject) => {
        const s = io(`${url}/negotiations`, {
          auth: { token },
          transports: ['websocket'],
          reconnection: false,
          forceNew: true,
        });
        sockets.push(s);
        s.once('connect', () => resolve(s));
        s.once('connect_error', reject);
      });
    const [sa, sb] = [await connect(a.body.accessToken), await connect(b.body.accessToken)];
    const gone = new Promise<string>((resolve) => sa.once('disconnect', (reason) => resolve(reason)));
    await http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${a.body.accessToken}`).expect(204);
    expect(await gone).toBe('io server disconnect');
    await sleep(200);
    expect(sb.connected).toBe(true);
    // A revoked token cannot open a socket either.
    await expect(connect(a.body.accessToken)).rejects.toThrow('UNAUTHORIZED');
  });

  it('refuses new passwords the policy forbids, with codes saying what to fix, and changes nothing', async () => {
    const login = await from(freshAddress()).login({ username: 'expert.demo', password: DEMO_PASSWORD }).expect(200);
    const before = await hashOf('expert.demo');
    const change = (newPassword: string, currentPassword = DEMO_PASSWORD) =>
      http()
        .post('/api/v1/auth/change-password')
        .set('Authorization', `Bearer ${login.body.accessToken}`)
        .send({ currentPassword, newPassword });
    for (const [pw, code] of [
      [' '.repeat(14), 'PASSWORD_BLANK'],
      ['abcdefghij1', 'PASSWORD_TOO_SHORT'], // 11 characters
      ['短密码一二三四五六七', 'PASSWORD_TOO_SHORT'], // 10 code points, 30 bytes
      [DEMO_PASSWORD, 'PASSWORD_BLOCKED'], // the demo password, outside demo mode
      ['Password@2026', 'PASSWORD_BLOCKED'],
      ['qwertyuiop123', 'PASSWORD_BLOCKED'],
      ['my-expert.demo-secret', 'PASSWORD_CONTAINS_USERNAME'],
      ['x'.repeat(129) + 'yz', 'PASSWORD_TOO_LONG'],
    ]) {
      const res = await change(pw);
      expect([pw, res.status, res.body.code]).toEqual([pw, 400, code]);
      expect(res.body.message).toEqual(expect.any(String));
    }
    const wrong = await change('a perfectly fine passphrase', 'not my password');
    expect([wrong.status, wrong.body.code]).toEqual([400, 'CURRENT_PASSWORD_INVALID']);
    expect(await hashOf('expert.demo')).toBe(before);
    await me(login.body.accessToken).expect(200);
  });

  it('changing the password revokes every session, keeps nothing past 72 bytes ambiguous, and is audited', async () => {
    const address = freshAddress();
    const a = await from(address).login({ username: 'staff.broker', password: DEMO_PASSWORD }).expect(200);
    const b = await from(freshAddress()).login({ username: 'staff.broker', password: DEMO_PASSWORD }).expect(200);
    // 72 bytes of UTF-8 (24 CJK characters) and then a tail: bcrypt would have ignored the tail.
    const head = '内蒙古自治区科技厅揭榜挂帅科技成果转化平台登录密码'.slice(0, 24);
    expect(Buffer.byteLength(head)).toBe(72);
    const changed = await http()
      .post('/api/v1/auth/change-password')
      .set('Authorization', `Bearer ${a.body.accessToken}`)
      .send({ currentPassword: DEMO_PASSWORD, newPassword: `${head}-tail-one` })
      .expect(200);
    expect(await hashOf('staff.broker')).toMatch(/^\$argon2id\$/);
    for (const old of [a.body.accessToken, b.body.accessToken]) expect((await me(old)).status).toBe(401);
    expect((await http().post('/api/v1/auth/refresh').send({ refreshToken: b.body.refreshToken })).status).toBe(401);
    await me(changed.body.accessToken).expect(200);
    expect((await from(address).login({ username: 'staff.broker', password: DEMO_PASSWORD })).status).toBe(401);
    expect((await from(address).login({ username: 'staff.broker', password: `${head}-tail-two` })).status).toBe(401);
    await from(address)
      .login({ username: 'staff.broker', password: `${head}-tail-one` })
      .expect(200);
    const [audit] = await db.query(
      `SELECT data FROM audit_log WHERE entity_type = 'user' AND action = 'password_changed' ORDER BY seq DESC LIMIT 1`,
    );
    expect(audit.data).toEqual({ revokedSessions: 2 });
    // Back to the demo password for the other tests (straight in the database: the policy refuses it here).
    await db.query(`UPDATE app_user SET password_hash = $2 WHERE username = $1`, [
      'staff.broker',
      await hashPassword(DEMO_PASSWORD),
    ]);
  });

  it('requires a TOTP code of approvers and administrators and refuses a replayed one', async () => {
    for (const username of ['staff.approver', 'staff.admin']) {
      const address = freshAddress();
      const none = await from(address).login({ username, password: DEMO_PASSWORD });
      expect([none.status, none.body.code]).toEqual([401, 'TOTP_REQUIRED']);
      const wrongCode = await from(address).login({ username, password: DEMO_PASSWORD, totpCode: '000000' });
      expect([wrongCode.status, wrongCode.body.code]).toEqual([401, 'TOTP_INVALID']);
      const body = await loginBody(app, username);
      await from(address).login(body).expect(200);
      const replay = await from(freshAddress()).login(body);
      expect([replay.status, replay.body.code]).toEqual([401, 'TOTP_INVALID']);
      // A wrong password with a code is still just INVALID_CREDENTIALS (the password is checked first).
      const wrongPw = await from(freshAddress()).login({ ...body, password: 'not the password' });
      expect(wrongPw.body.code).toBe('INVALID_CREDENTIALS');
    }
    const [stored] = await db.query(`SELECT totp_secret_enc FROM app_user WHERE username = 'staff.approver'`);
    expect(stored.totp_secret_enc).not.toContain(DEMO_TOTP_SECRETS['staff.approver']);
    // A broker may log in without a second factor.
    await from(freshAddress()).login({ username: 'staff.broker', password: DEMO_PASSWORD }).expect(200);
  });

  it('makes a new approver enrol a second factor before the first login completes', async () => {
    await db.query(
      `INSERT INTO app_user (username, password_hash, display_name, role, staff_roles)
       VALUES ('new.approver', $1, '新审批人', 'staff', '{approver}')`,
      [await hashPassword('a long enough passphrase')],
    );
    const address = freshAddress();
    const first = await from(address).login({ username: 'new.approver', password: 'a long enough passphrase' });
    expect([first.status, first.body.code]).toEqual([403, 'TOTP_ENROLMENT_REQUIRED']);
    const enrolmentToken = first.body.details.enrolmentToken as string;
    expect((await me(enrolmentToken)).status).toBe(401); // not an access token
    const enrol = await http().post('/api/v1/auth/totp/enrol').send({ enrolmentToken }).expect(200);
    expect(enrol.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/.+secret=/);
    const secret = enrol.body.secret as string;
    const bad = await http()
      .post('/api/v1/auth/totp/confirm')
      .set('X-Forwarded-For', address)
      .send({ enrolmentToken, code: '123456' });
    expect([bad.status, bad.body.code]).toEqual([401, 'TOTP_INVALID']);
    const code = await generate({ secret });
    const ok = await http()
      .post('/api/v1/auth/totp/confirm')
      .set('X-Forwarded-For', address)
      .send({ enrolmentToken, code })
      .expect(200);
    expect(ok.body).toMatchObject({ totpEnabled: true, accessToken: expect.any(String) });
    await me(ok.body.accessToken).expect(200);
    const again = await http()
      .post('/api/v1/auth/totp/enrol')
      .set('Authorization', `Bearer ${ok.body.accessToken}`)
      .send({});
    expect([again.status, again.body.code]).toEqual([409, 'TOTP_ALREADY_ENABLED']);
    const noCode = await from(address).login({ username: 'new.approver', password: 'a long enough passphrase' });
    expect(noCode.body.code).toBe('TOTP_REQUIRED');
    const replayed = await from(address).login({
      username: 'new.approver',
      password: 'a long enough passphrase',
      totpCode: code,
    });
    expect(replayed.body.code).toBe('TOTP_INVALID');
  });
});
