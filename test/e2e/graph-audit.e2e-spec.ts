import { INestApplication } from '@nestjs/common';
import dayjs from 'dayjs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { usccCheckChar } from '@jiebang/contracts';
import { beijingDate } from '@jiebang/policy';
import { EligibilityService } from '../../apps/api/src/matching/eligibility.service';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

const POSTER = '包头稀土研究院';

/**
 * What decides eligibility is audited and kept (issue 11 item 6), over the API against real PostgreSQL:
 * verifying an organisation, adding a control edge, ending one and adding a credit record each append one record
 * to the hash-chained audit log in the write's transaction (the chain stays valid); a refused write appends
 * nothing; an ended edge stays in the table with `validTo`, so eligibility on a date before the end still sees
 * the control while today's does not.
 */
describe('audit of the organisation graph', () => {
  let app: INestApplication;
  let db: DataSource;
  let staff: string;
  let admin: string;
  let posterId: string;
  let listingId: string;
  const http = () => request(app.getHttpServer());
  const as = (token: string) => ({
    post: (path: string, body: object = {}) => http().post(path).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => http().delete(path).set('Authorization', `Bearer ${token}`),
    get: (path: string) => http().get(path).set('Authorization', `Bearer ${token}`),
  });
  /** The audit records of an organisation, oldest first. */
  const records = async (
    id: string,
  ): Promise<{ action: string; reason: string | null; data: Record<string, unknown> }[]> =>
    db.query(
      `SELECT action, reason, data FROM audit_log WHERE entity_type = 'organization' AND entity_id = $1 ORDER BY seq`,
      [id],
    );
  const total = async (): Promise<number> => (await db.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n;
  /** Block codes of the new organisation taking the poster's listing on `asOf`. */
  const blocksOn = async (applicantOrgId: string, asOf: string) =>
    (await app.get(EligibilityService).check({ listingId, applicantOrgId }, asOf)).blocks.map((b) => b.code);

  beforeAll(async () => {
    app = await bootApp('graphaudit');
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    staff = await tokenFor(app, 'staff.broker');
    admin = await tokenFor(app, 'staff.admin');
    posterId = await orgId(app, POSTER);
    const [l] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
       VALUES ('achievement', 'rare_earth', '审计测试:稀土抛光材料成果转化', 'published', $1, $2, now()) RETURNING id`,
      [posterId, POSTER],
    );
    listingId = l.id;
  });
  afterAll(() => app?.close());

  it('verify, add edge, end edge, add credit record: one audit record each, none for a refusal; the chain holds', async () => {
    const body17 = '91150203MA0AUD1T0';
    const reg = await http()
      .post('/api/v1/organizations')
      .send({
        uscc: `${body17}${usccCheckChar(body17)}`,
        name: '审计测试新材料有限公司',
        type: 'enterprise',
        regionCode: '150203',
        account: { username: 'audit.test', password: 'Str0ng-Passw0rd-9', displayName: '审计' },
      })
      .expect(201);
    const orgIdNew = reg.body.id as string;

    // Verification.
    await as(staff).post(`/api/v1/organizations/${orgIdNew}/verify`, { note: '已核对营业执照' }).expect(200);
    expect(await records(orgIdNew)).toEqual([
      expect.objectContaining({ action: 'organization_verified', reason: '已核对营业执照' }),
    ]);
    let before = await total();
    await as(staff)
      .post(`/api/v1/organizations/${orgIdNew}/verify`)
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('ORG_ALREADY_VERIFIED'));
    expect(await total()).toBe(before);

    // Adding a control edge: the poster controls the new organisation by agreement.
    const edge = await as(staff)
      .post('/api/v1/controls', {
        controllerOrgId: posterId,
        controlledOrgId: orgIdNew,
        kind: 'agreement',
        source: '测试:控制协议 2026-01',
      })
      .expect(201);
    expect(edge.body).toMatchObject({ inForce: true, validTo: null });
    expect((await records(orgIdNew)).map((r) => r.action)).toEqual(['organization_verified', 'control_edge_added']);
    expect((await records(orgIdNew))[1].data).toMatchObject({ edgeId: edge.body.id, controllerOrgId: posterId });
    before = await total();
    const dup = await as(staff).post('/api/v1/controls', {
      controllerOrgId: posterId,
      controlledOrgId: orgIdNew,
      kind: 'agreement',
      source: '测试:重复登记',
    });
    expect([dup.status, dup.body.code]).toEqual([409, 'CONTROL_EDGE_EXISTS']);
    const self = await as(staff).post('/api/v1/controls', {
      controllerOrgId: orgIdNew,
      controlledOrgId: orgIdNew,
      kind: 'agreement',
      source: '测试:自身',
    });
    expect([self.status, self.body.code]).toEqual([422, 'CONTROL_SELF_EDGE']);
    expect(await total()).toBe(before);
    const today = beijingDate();
    const yesterday = dayjs(today).subtract(1, 'day').format('YYYY-MM-DD');
    expect(await blocksOn(orgIdNew, today)).toContain('SUBSIDIARY_OF_POSTER');

    // Ending it through the old DELETE route: kept, with validTo = yesterday (Beijing), audited.
    await as(staff).delete(`/api/v1/controls/${edge.body.id}`).expect(204);
    const [row] = await db.query(`SELECT to_char(valid_to, 'YYYY-MM-DD') AS valid_to FROM control_edge WHERE id = $1`, [
      edge.body.id,
    ]);
    expect(row).toEqual({ valid_to: yesterday });
    expect((await records(orgIdNew)).map((r) => r.action)).toEqual([
      'organization_verified',
      'control_edge_added',
      'control_edge_ended',
    ]);
    const listed = await as(staff).get(`/api/v1/organizations/${orgIdNew}/controls`).expect(200);
    expect(listed.body.controllers).toEqual([
      expect.objectContaining({ id: edge.body.id, validTo: yesterday, inForce: false }),
    ]);
    // Today the control no longer counts; on a date before the end it still does (the graph of that date).
    expect(await blocksOn(orgIdNew, today)).not.toContain('SUBSIDIARY_OF_POSTER');
    expect(await blocksOn(orgIdNew, yesterday)).toContain('SUBSIDIARY_OF_POSTER');
    expect(await blocksOn(orgIdNew, '2025-06-01')).toContain('SUBSIDIARY_OF_POSTER');
    // Ending it again is refused and writes nothing.
    before = await total();
    await as(staff)
      .post(`/api/v1/controls/${edge.body.id}/end`, { reason: '再次终止' })
      .expect(409)
      .expect((r) => expect(r.body.code).toBe('CONTROL_EDGE_ENDED'));
    await as(staff).delete(`/api/v1/controls/${edge.body.id}`).expect(409);
    expect(await total()).toBe(before);

    // History: the pair may be related again from today; an edge entered by mistake is ended the day before it
    // began (never in force), with the reason in the audit record.
    const again = await as(staff)
      .post('/api/v1/controls', {
        controllerOrgId: posterId,
        controlledOrgId: orgIdNew,
        kind: 'agreement',
        validFrom: today,
        source: '测试:重新签订控制协议',
      })
      .expect(201);
    const ended = await as(staff)
      .post(`/api/v1/controls/${again.body.id}/end`, { validTo: yesterday, reason: '误录,撤销' })
      .expect(200);
    expect(ended.body).toMatchObject({ validFrom: today, validTo: yesterday, inForce: false });
    const last = (await records(orgIdNew)).at(-1)!;
    expect(last).toMatchObject({ action: 'control_edge_ended', reason: '误录,撤销' });
    expect(last.data).toMatchObject({ edgeId: again.body.id, validTo: yesterday, previousValidTo: null });
    expect(await blocksOn(orgIdNew, today)).not.toContain('SUBSIDIARY_OF_POSTER');
    expect(
      Number((await db.query(`SELECT count(*) n FROM control_edge WHERE controlled_org_id = $1`, [orgIdNew]))[0].n),
    ).toBe(2);

    // A credit record.
    await as(staff)
      .post('/api/v1/credit-records', {
        orgId: orgIdNew,
        kind: 'blacklist',
        reason: '测试:科研失信',
        validFrom: '2026-01-01',
        source: '测试文号',
      })
      .expect(201);
    expect((await records(orgIdNew)).at(-1)).toMatchObject({ action: 'credit_record_added', reason: '测试:科研失信' });
    before = await total();
    const bad = await as(staff).post('/api/v1/credit-records', {
      orgId: orgIdNew,
      kind: 'blacklist',
      reason: '测试:有效期颠倒',
      validFrom: '2026-02-01',
      validTo: '2026-01-01',
      source: '测试文号',
    });
    expect([bad.status, bad.body.code]).toEqual([422, 'VALIDITY_RANGE']);
    expect(await total()).toBe(before);

    const verify = await as(admin).get('/api/v1/audit/verify').expect(200);
    expect(verify.body).toEqual({ ok: true, records: await total() });
  });
});
