import { INestApplication, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Ack, usccCheckChar } from '@jiebang/contracts';
import { databaseRefusal } from '../../apps/api/src/common/global-exception.filter';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { dealTerms, elapseNotice, makeDeal, uploadDealFile, userOf } from '../helpers/deals';
import { changedTables, deepJson, tableSnapshot } from '../helpers/edge';

/** A valid USCC (GB 32100-2015 check character computed) of a test organisation numbered `n`. */
const uscc = (n: number) => {
  const body = `91150602MAEDGE${String(n).padStart(3, '0')}`;
  return body + usccCheckChar(body);
};
const PASSWORD = 'Edge-Test-Pa55-word!';
const registration = (n: number, over: Record<string, unknown> = {}) => ({
  uscc: uscc(n),
  name: `边界测试科技有限公司${n}`,
  type: 'tech_enterprise',
  regionCode: '150602',
  account: { username: `edge.user${n}`, password: PASSWORD, displayName: '测试' },
  ...over,
});

/**
 * Issue 11, item 1: every case a hostile or careless client found is refused at the edge with a 4xx and a code,
 * and writes nothing (a fingerprint of every table is equal before and after).
 */
describe('validation at the edge (issue 11)', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  let url: string;

  beforeAll(async () => {
    app = await bootApp('edge');
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of [
      'staff.admin',
      'staff.broker',
      'staff.approver',
      'expert.demo',
      'enterprise.demo',
      'institute.demo',
    ])
      t[u] = await tokenFor(app, u);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(() => app?.close());

  const http = () => request(app.getHttpServer());
  const as = (u: string) => ({
    post: (path: string, body?: unknown) =>
      http()
        .post(path)
        .set('Authorization', `Bearer ${t[u]}`)
        .send(body as object),
  });

  /** Runs `act`, expects every response it returns to be `status` with `code`, and the database unchanged. */
  async function refusedWithoutWrites(
    act: () => Promise<request.Response | request.Response[]>,
    status: number,
    code: string,
  ): Promise<request.Response[]> {
    const before = await tableSnapshot(app);
    const out = await act();
    const responses = Array.isArray(out) ? out : [out];
    for (const r of responses) {
      expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
      expect(typeof r.body.message).toBe('string');
    }
    expect(changedTables(before, await tableSnapshot(app))).toEqual([]);
    return responses;
  }

  describe('bodies that cannot be read', () => {
    const post = (body: string, type = 'application/json') =>
      http().post('/api/v1/organizations').set('Content-Type', type).send(body);

    it('malformed JSON is 400 MALFORMED_JSON (was 404 Cannot POST)', async () => {
      await refusedWithoutWrites(
        () => Promise.all([post('{"uscc":'), post('{a:1}'), post('[1,]')]),
        400,
        'MALFORMED_JSON',
      );
    });

    it('JSON nested 3,000 deep (15 KB) is 400 MALFORMED_JSON on every JSON route (was a stack overflow)', async () => {
      const deep = deepJson(3000);
      expect(deep.length).toBeGreaterThan(14_000);
      await refusedWithoutWrites(
        () =>
          Promise.all([
            post(deep),
            as('staff.broker')
              .post(`/api/v1/deals/${randomUUID()}/notice`)
              .set('Content-Type', 'application/json')
              .send(deep),
          ]),
        400,
        'MALFORMED_JSON',
      );
      // 64 levels are read (and then refused by the DTO, not the parser).
      const ok = await post(deepJson(60));
      expect(ok.status).toBe(400);
      expect(ok.body.code).not.toBe('MALFORMED_JSON');
    });

    it('a body over the limit is 413 PAYLOAD_TOO_LARGE', async () => {
      const big = JSON.stringify({ ...registration(1), mainBusiness: 'x'.repeat(200_000) });
      const [r] = await refusedWithoutWrites(() => post(big), 413, 'PAYLOAD_TOO_LARGE');
      expect(r.body.details).toEqual({ limit: '100kb' });
    });

    it('a JSON body that is not an object (array, number, string, null) is 400 BODY_NOT_OBJECT', async () => {
      await refusedWithoutWrites(
        () =>
          Promise.all(
            ['[]', `[${JSON.stringify(registration(1))}]`, '1', '"text"', 'null', 'true'].map((b) => post(b)),
          ),
        400,
        'BODY_NOT_OBJECT',
      );
    });
  });

  describe('text', () => {
    it('a NUL or another control character in any text field is 400 INVALID_CHARACTERS; TAB and LF pass', async () => {
      const cases = [
        registration(2, { name: '边界测试\u0000公司' }),
        registration(2, { mainBusiness: '氢能\u0007装备' }),
        registration(2, { account: { username: 'edge.user2', password: PASSWORD, displayName: '测\u0000试' } }),
        { ...registration(2), 'key\u0000': 1 },
      ];
      const rs = await refusedWithoutWrites(
        () => Promise.all(cases.map((c) => http().post('/api/v1/organizations').send(c))),
        400,
        'INVALID_CHARACTERS',
      );
      expect(rs[2].body.details).toEqual([{ property: 'account.displayName' }]);
      // In a query string and a path too.
      await refusedWithoutWrites(
        () =>
          Promise.all([
            http().get('/api/v1/listings?q=%00'),
            http().get('/api/v1/deals/%00').set('Authorization', `Bearer ${t['staff.broker']}`),
          ]),
        400,
        'INVALID_CHARACTERS',
      );
      // Long text keeps its line breaks and tabs.
      await http()
        .post('/api/v1/organizations')
        .send(registration(3, { mainBusiness: '氢能装备研发\n\t燃料电池' }))
        .expect(201);
    });

    it('text of only spaces is blank: an organisation with an empty name is 400', async () => {
      const [r] = await refusedWithoutWrites(
        () =>
          http()
            .post('/api/v1/organizations')
            .send(registration(4, { name: '     ' })),
        400,
        'VALIDATION_FAILED',
      );
      expect(r.body.details).toEqual([expect.objectContaining({ property: 'name' })]);
    });
  });

  it('registration without the nested account is 400 VALIDATION_FAILED naming account (was a TypeError 500)', async () => {
    const { account: _omitted, ...noAccount } = registration(5);
    const rs = await refusedWithoutWrites(
      () =>
        Promise.all([
          http().post('/api/v1/organizations').send(noAccount),
          http()
            .post('/api/v1/organizations')
            .send({ ...noAccount, account: null }),
          http()
            .post('/api/v1/organizations')
            .send({ ...noAccount, account: 'edge.user5' }),
          http()
            .post('/api/v1/organizations')
            .send({ ...noAccount, account: [] }),
        ]),
      400,
      'VALIDATION_FAILED',
    );
    for (const r of rs)
      expect(r.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ property: 'account' })]));
  });

  describe('unique races are 409 with their code, never 500', () => {
    it('racing registrations with one USCC: one 201, the others 409 ORG_ALREADY_REGISTERED, one organisation', async () => {
      const rs = await Promise.all(
        [10, 11, 12, 13].map((i) =>
          http()
            .post('/api/v1/organizations')
            .send(
              registration(10, { account: { username: `edge.race${i}`, password: PASSWORD, displayName: '测试' } }),
            ),
        ),
      );
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body.code).toBe('ORG_ALREADY_REGISTERED');
      expect(await db.query(`SELECT count(*)::int AS n FROM organization WHERE uscc = $1`, [uscc(10)])).toEqual([
        { n: 1 },
      ]);
      expect(await db.query(`SELECT count(*)::int AS n FROM app_user WHERE username LIKE 'edge.race%'`)).toEqual([
        { n: 1 },
      ]);
    });

    it('racing registrations with one username: one 201, the others 409 USERNAME_TAKEN', async () => {
      const rs = await Promise.all(
        [20, 21, 22].map((i) =>
          http()
            .post('/api/v1/organizations')
            .send(registration(i, { account: { username: 'edge.same', password: PASSWORD, displayName: '测试' } })),
        ),
      );
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body.code).toBe('USERNAME_TAKEN');
      expect(await db.query(`SELECT count(*)::int AS n FROM app_user WHERE username = 'edge.same'`)).toEqual([
        { n: 1 },
      ]);
    });

    it('a duplicate control edge, sequential or racing, is 409 CONTROL_EDGE_EXISTS; one edge is stored', async () => {
      const edge = {
        controllerOrgId: await orgId(app, '包头钢铁(集团)有限责任公司'),
        controlledOrgId: await orgId(app, '包头稀土研究院'),
        kind: 'agreement',
        source: '测试:边界校验',
      };
      const rs = await Promise.all([1, 2, 3].map(() => as('staff.admin').post('/api/v1/controls', edge)));
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409]);
      for (const r of rs.filter((x) => x.status === 409)) expect(r.body.code).toBe('CONTROL_EDGE_EXISTS');
      await refusedWithoutWrites(() => as('staff.admin').post('/api/v1/controls', edge), 409, 'CONTROL_EDGE_EXISTS');
    });

    it('the database constraints themselves map to those codes (the safety net behind the services)', async () => {
      const dup = (sql: string, params: unknown[]) =>
        db.query(sql, params).then(
          () => {
            throw new Error('expected a unique violation');
          },
          (e: unknown) => databaseRefusal(e) ?? String(e),
        );
      const [o] = await db.query(`SELECT uscc FROM organization WHERE uscc IS NOT NULL LIMIT 1`);
      expect(
        await dup(
          `INSERT INTO organization (uscc, name, type, region_code) SELECT uscc, name || 'x', type, region_code FROM organization WHERE uscc = $1`,
          [o.uscc],
        ),
      ).toMatchObject({ statusCode: 409, code: 'ORG_ALREADY_REGISTERED' });
      expect(
        await dup(
          `INSERT INTO app_user (username, password_hash, display_name, role) SELECT username, password_hash, display_name, role FROM app_user WHERE username = 'expert.demo'`,
          [],
        ),
      ).toMatchObject({ statusCode: 409, code: 'USERNAME_TAKEN' });
      expect(
        await dup(
          `INSERT INTO control_edge (controller_org_id, controlled_org_id, kind, equity_pct, source) SELECT controller_org_id, controlled_org_id, kind, equity_pct, source FROM control_edge WHERE valid_to IS NULL LIMIT 1`,
          [],
        ),
      ).toMatchObject({ statusCode: 409, code: 'CONTROL_EDGE_EXISTS' });
      expect(await dup(`SELECT 'not-a-uuid'::uuid`, [])).toMatchObject({ statusCode: 400, code: 'INVALID_VALUE' });
      expect(await dup(`SELECT '2026-02-30'::date`, [])).toMatchObject({ statusCode: 400, code: 'INVALID_VALUE' });
      expect(
        await dup(
          `INSERT INTO control_edge (controller_org_id, controlled_org_id, kind, source) VALUES ($1, $2, 'agreement', '测试来源')`,
          [randomUUID(), randomUUID()],
        ),
      ).toMatchObject({ statusCode: 409, code: 'REFERENCE_CONFLICT' });
    });
  });

  describe('a deal: impossible dates and blank text are refused and change nothing', () => {
    let dealId: string;
    const base = () => `/api/v1/deals/${dealId}`;
    const status = async () => (await db.query(`SELECT status FROM deal WHERE id = $1`, [dealId]))[0].status;

    beforeAll(async () => {
      ({ dealId } = await makeDeal(app, {
        kind: 'achievement',
        title: '测试:边界校验的项目',
        posterName: '包头稀土研究院',
        takerName: '包头钢铁(集团)有限责任公司',
        posterToken: t['institute.demo'],
        takerToken: t['enterprise.demo'],
        amountYuan: '3000000',
      }));
      await as('staff.broker').post(`${base()}/notice`, { reviewNote: '协议要素齐全' }).expect(200);
    });

    it('a blank objection is 400 and does not freeze the notice', async () => {
      await refusedWithoutWrites(
        () => as('expert.demo').post(`${base()}/objections`, { reasons: '            ' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(await status()).toBe('on_notice');
    });

    it('signing on 2026-02-30 or with a blank contract registration number is 400; a real date signs', async () => {
      await elapseNotice(app, dealId);
      const sign = {
        contractRegistrationNo: '1502002026000123',
        taskBookNo: 'RW-2026-123',
        signedOn: '2026-11-20',
        agreementAttachmentId: await uploadDealFile(app, t['staff.broker'], dealId, 'agreement'),
        taskBookAttachmentId: await uploadDealFile(app, t['staff.broker'], dealId, 'task_book'),
      };
      const rs = await refusedWithoutWrites(
        () =>
          Promise.all([
            as('staff.broker').post(`${base()}/sign`, { ...sign, signedOn: '2026-02-30' }),
            as('staff.broker').post(`${base()}/sign`, { ...sign, signedOn: '2026-13-01' }),
            as('staff.broker').post(`${base()}/sign`, { ...sign, contractRegistrationNo: '        ' }),
            as('staff.broker').post(`${base()}/sign`, { ...sign, taskBookNo: '      ' }),
          ]),
        400,
        'VALIDATION_FAILED',
      );
      expect(rs.map((r) => r.body.details[0].property)).toEqual([
        'signedOn',
        'signedOn',
        'contractRegistrationNo',
        'taskBookNo',
      ]);
      expect(await status()).not.toBe('in_progress');
      // A number is one line: a line break in it is a control character there.
      await refusedWithoutWrites(
        () => as('staff.broker').post(`${base()}/sign`, { ...sign, contractRegistrationNo: '150200\n2026000123' }),
        400,
        'INVALID_CHARACTERS',
      );
      const signed = await as('staff.broker').post(`${base()}/sign`, { ...sign, signedOn: '2028-02-29' });
      expect(signed.status).toBe(200);
    });

    it('paidOn, newEndOn and disbursedOn of 2026-02-30 are 400 VALIDATION_FAILED', async () => {
      const voucher = await uploadDealFile(app, t['enterprise.demo'], dealId, 'voucher');
      const rs = await refusedWithoutWrites(
        () =>
          Promise.all([
            as('enterprise.demo').post(`${base()}/installments`, {
              idempotencyKey: randomUUID(),
              amountYuan: '1000.00',
              paidOn: '2026-02-30',
              voucherAttachmentId: voucher,
            }),
            as('institute.demo').post(`${base()}/changes`, {
              kind: 'extension',
              reason: '不可抗力:关键设备供应中断,需要延期',
              newEndOn: '2026-02-30',
            }),
            as('staff.approver').post(`${base()}/subsidy/${randomUUID()}/disburse`, {
              idempotencyKey: randomUUID(),
              disbursedOn: '2026-02-30',
              reference: 'GK-2026-001',
            }),
          ]),
        400,
        'VALIDATION_FAILED',
      );
      expect(rs.map((r) => r.body.details[0].property)).toEqual(['paidOn', 'newEndOn', 'disbursedOn']);
      // The same installment with a real date is recorded.
      await as('enterprise.demo')
        .post(`${base()}/installments`, {
          idempotencyKey: randomUUID(),
          amountYuan: '1000.00',
          paidOn: '2026-02-28',
          voucherAttachmentId: voucher,
        })
        .expect(200);
    });
  });

  describe('the negotiation socket', () => {
    let negotiationId: string;
    let socket: Socket;
    const call = <T = object>(event: string, payload: unknown) =>
      new Promise<Ack<T>>((resolve) => socket.emit(event, payload, (r: Ack<T>) => resolve(r)));

    beforeAll(async () => {
      const poster = await orgId(app, '包头稀土研究院');
      const taker = await orgId(app, '包头钢铁(集团)有限责任公司');
      const [listing] = await db.query(
        `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
         VALUES ('achievement', 'rare_earth', '测试:边界校验的洽谈', 'published', $1, '包头稀土研究院', now()) RETURNING id`,
        [poster],
      );
      const takerUser = await userOf(app, t['enterprise.demo']);
      const [application] = await db.query(
        `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
         VALUES ($1, $2, 'recommended', '实施方案', '团队', 100000000, $3) RETURNING id`,
        [listing.id, taker, takerUser.id],
      );
      [{ id: negotiationId }] = await db.query(`INSERT INTO negotiation (application_id) VALUES ($1) RETURNING id`, [
        application.id,
      ]);
      socket = io(`${url}/negotiations`, {
        auth: { token: t['institute.demo'] },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(undefined));
        socket.once('connect_error', reject);
      });
      const joined = await call('room:join', { negotiationId, lastSeq: 0 });
      expect(joined.ok).toBe(true);
    });
    afterAll(() => socket?.close());

    it('an offer due on 2027-02-30, a NUL in a message, a blank message, missing terms: refused with a code, logged, nothing written', async () => {
      const logged = jest.spyOn(Logger.prototype, 'log');
      const terms = dealTerms('3000000', 'achievement');
      const bad: [string, unknown, string][] = [
        [
          'offer:propose',
          {
            negotiationId,
            idempotencyKey: randomUUID(),
            terms: {
              ...terms,
              schedule: terms.schedule.map((i, k) => (k ? i : { ...i, dueDate: '2027-02-30' })),
            },
          },
          'VALIDATION_FAILED',
        ],
        ['offer:propose', { negotiationId, idempotencyKey: randomUUID() }, 'VALIDATION_FAILED'],
        ['message:send', { negotiationId, idempotencyKey: randomUUID(), body: '你好\u0000' }, 'INVALID_CHARACTERS'],
        ['message:send', { negotiationId, idempotencyKey: randomUUID(), body: '   ' }, 'VALIDATION_FAILED'],
        ['message:send', [negotiationId], 'BODY_NOT_OBJECT'],
        ['message:send', JSON.parse(deepJson(3000)), 'INPUT_TOO_DEEP'],
      ];
      const before = await tableSnapshot(app);
      for (const [event, payload, code] of bad) {
        const r = await call(event, payload);
        expect({ event, r }).toEqual({ event, r: expect.objectContaining({ ok: false, code }) });
        const correlationId = (r as { correlationId?: string }).correlationId;
        expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
        expect(logged.mock.calls.some(([m]) => String(m).includes(correlationId!) && String(m).includes(code))).toBe(
          true,
        );
      }
      expect(changedTables(before, await tableSnapshot(app))).toEqual([]);
      logged.mockRestore();
      // The connection is still usable: a good message is stored.
      const ok = await call('message:send', { negotiationId, idempotencyKey: randomUUID(), body: '条款请见附件' });
      expect(ok.ok).toBe(true);
    });
  });
});
