import { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootApp, bufferBody, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { registeredCarrier } from '../helpers/carriers';
import { acceptedAchievementDeal } from '../helpers/deals';

const STEEL = '包头钢铁(集团)有限责任公司';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The staff exports (issue 14 item 4) against real PostgreSQL: the listings workbook opens with exceljs with
 * Chinese headers and amounts in yuan with two decimals; the CSV starts with a BOM and Chinese headers; the
 * screens' filters narrow the rows; bad filters are 400, non-staff 403; every export answers; the per-deal audit
 * workbook keeps its sheet and gains a readable one (Chinese event names, no JSON).
 */
describe('exports: Excel and CSV of the staff screens', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  const get = (u: string, path: string, query: object = {}) =>
    request(app.getHttpServer()).get(path).query(query).set('Authorization', `Bearer ${t[u]}`);
  const download = async (path: string, query: object = {}, u = 'staff.broker'): Promise<Buffer> =>
    (await get(u, path, query).buffer(true).parse(bufferBody).expect(200)).body as Buffer;
  const workbook = async (data: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data as never);
    return wb;
  };
  const rowValues = (ws: ExcelJS.Worksheet, n: number) => (ws.getRow(n).values as unknown[]).slice(1);

  beforeAll(async () => {
    app = await bootApp('exports');
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of ['staff.admin', 'staff.broker', 'staff.approver', 'enterprise.demo', 'institute.demo']) {
      t[u] = await tokenFor(app, u);
    }
    const steel = await orgId(app, STEEL);
    await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, total_investment_fen, published_at)
       VALUES ('challenge', 'hydrogen', '导出:绿氢储运', 'published', $1, $2, 1234567, '2026-03-01T16:30:00Z'),
              ('achievement', 'graphene', '导出:石墨烯导热膜', 'submitted', $1, $2, 100, NULL)`,
      [steel, STEEL],
    );
  });
  afterAll(() => app?.close());

  it('listings: an Excel workbook with Chinese headers, amounts in yuan with two decimals, Beijing dates', async () => {
    const res = await get('staff.broker', '/api/v1/exports/listings', { status: 'published' })
      .buffer(true)
      .parse(bufferBody)
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename\*=UTF-8''listings-\d{4}-\d{2}-\d{2}\.xlsx$/,
    );
    const ws = (await workbook(res.body)).getWorksheet('榜单')!;
    expect(rowValues(ws, 1)).toEqual([
      '榜单名称',
      '类别',
      '聚焦领域',
      '发榜单位',
      '所在地区',
      '状态',
      '项目预计总投入(元)',
      '发布日期',
      '创建日期',
      '榜单编号',
    ]);
    expect(ws.rowCount).toBe(2); // the published one only
    const row = rowValues(ws, 2);
    expect(row.slice(0, 4)).toEqual(['导出:绿氢储运', '技术攻关类', '氢能', STEEL]);
    expect(row[4]).toContain('包头');
    expect(row[5]).toBe('已发布');
    expect(row[6]).toBe(12345.67);
    expect(ws.getRow(2).getCell(7).numFmt).toBe('#,##0.00');
    // 2026-03-01 16:30 UTC is 2026-03-02 in Beijing.
    expect(row[7]).toBe('2026-03-02');
  });

  it('listings: CSV with a BOM and Chinese headers; filters narrow the rows; bad filters are 400', async () => {
    const all = await download('/api/v1/exports/listings', { format: 'csv' });
    expect(all.subarray(0, 3).equals(BOM)).toBe(true);
    const text = all.subarray(3).toString('utf8');
    expect(text.split('\n')[0]).toBe(
      '榜单名称,类别,聚焦领域,发榜单位,所在地区,状态,项目预计总投入(元),发布日期,创建日期,榜单编号',
    );
    expect(text).toContain('12345.67');
    expect(text).toContain(',1.00,');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM listing`);
    expect(text.trim().split('\n')).toHaveLength(n + 1);
    const graphene = (await download('/api/v1/exports/listings', { format: 'csv', field: 'graphene' }))
      .subarray(3)
      .toString('utf8');
    expect(graphene.trim().split('\n')).toHaveLength(2);
    expect(graphene).toContain('导出:石墨烯导热膜');
    expect(graphene).not.toContain('导出:绿氢储运');

    for (const query of [{ format: 'pdf' }, { status: 'nonsense' }, { field: 'oil' }]) {
      const r = await get('staff.broker', '/api/v1/exports/listings', query).expect(400);
      expect(r.body.code).toBe('VALIDATION_FAILED');
    }
    await get('enterprise.demo', '/api/v1/exports/listings').expect(403);
    await request(app.getHttpServer()).get('/api/v1/exports/listings').expect(401);
  });

  it('organisations, applications, deals and subsidies export with their filters; the audit workbook gains a readable sheet', async () => {
    const orgs = await workbook(await download('/api/v1/exports/organizations', { q: '包头钢铁' }));
    const ows = orgs.getWorksheet('单位')!;
    expect(rowValues(ows, 1).slice(0, 3)).toEqual(['单位名称', '统一社会信用代码', '单位类型']);
    expect(ows.rowCount).toBe(2);
    expect(rowValues(ows, 2)[0]).toBe(STEEL);
    const unverified = (await download('/api/v1/exports/organizations', { format: 'csv', verified: 'false' }))
      .subarray(3)
      .toString('utf8');
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM organization WHERE NOT verified`);
    expect(unverified.trim().split('\n')).toHaveLength(n + 1);

    const dealId = await acceptedAchievementDeal(app, t, '导出:稀土抛光粉');
    const deals = (await workbook(await download('/api/v1/exports/deals', { status: 'accepted' }))).getWorksheet(
      '揭榜项目',
    )!;
    expect(deals.rowCount).toBe(2);
    const d = rowValues(deals, 2);
    expect(d[0]).toBe('导出:稀土抛光粉');
    expect(d[5]).toBe('已通过验收');
    expect(d[6]).toBe(12000000); // 协议金额(元)
    expect(d[8]).toBe(12000000); // 实际到账(元)
    const none = (await download('/api/v1/exports/deals', { format: 'csv', status: 'terminated' }))
      .subarray(3)
      .toString('utf8');
    expect(none.trim().split('\n')).toHaveLength(1);
    await get('staff.broker', '/api/v1/exports/deals', { queue: 'everything' }).expect(400);

    const apps = (await download('/api/v1/exports/applications', { format: 'csv', status: 'agreement_drafted' }))
      .subarray(3)
      .toString('utf8');
    expect(apps.split('\n')[0]).toContain('申报单位');
    expect(apps).toContain('导出:稀土抛光粉');

    const subsidies = (await download('/api/v1/exports/subsidies', { format: 'csv', mode: 'post' }))
      .subarray(3)
      .toString('utf8');
    expect(subsidies.split('\n')[0]).toContain('资助金额(元)');
    await get('staff.broker', '/api/v1/exports/subsidies', { year: '1999' }).expect(400);

    // The per-deal audit workbook: the auditors' sheet as before, and 事件明细 in words.
    const history = await workbook(await download(`/api/v1/deals/${dealId}/history.xlsx`));
    expect(history.worksheets.map((w) => w.name)).toEqual(['全过程记录', '事件明细']);
    expect(rowValues(history.getWorksheet('全过程记录')!, 2)).toContain('哈希');
    const readable = history.getWorksheet('事件明细')!;
    expect(rowValues(readable, 1)).toEqual([
      '序号',
      '时间(北京时间)',
      '事项',
      '对象',
      '原状态',
      '新状态',
      '操作人',
      '理由/说明',
      '金额(元)',
    ]);
    const events: string[] = [];
    readable.eachRow((r, i) => {
      if (i === 1) return;
      const cells = (r.values as unknown[]).slice(1).map(String);
      for (const c of cells) expect(c).not.toContain('{');
      events.push(cells[2]);
    });
    const [{ count }] = await db.query(
      `SELECT count(*)::int AS count FROM audit_log WHERE (entity_type = 'deal' AND entity_id = $1)
         OR (entity_type = 'application' AND entity_id = (SELECT application_id FROM deal WHERE id = $1))`,
      [dealId],
    );
    expect(events).toHaveLength(count);
    expect(events).toEqual(expect.arrayContaining(['确认资金到位', '验收通过', '签订揭榜协议和任务书']));
    expect(events.filter((e) => e.startsWith('其他操作'))).toEqual([]); // every action has its Chinese name
  });

  it('carrier support (issue 15 §7): every record with computed and granted amounts in yuan, filters, totals equal to SQL', async () => {
    const post = (u: string, p: string, body: object = {}) =>
      request(app.getHttpServer()).post(`/api/v1/carriers${p}`).set('Authorization', `Bearer ${t[u]}`).send(body);
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const institute = await orgId(app, '包头稀土研究院');
    const pilot = await registeredCarrier(db, {
      kind: 'pilot_base',
      hostOrgId: institute,
      name: '导出稀土中试基地',
      regionCode: '150203',
    });
    const cv = await registeredCarrier(db, {
      kind: 'concept_validation',
      hostOrgId: institute,
      name: '导出概念验证中心',
      regionCode: null,
    });
    const a = await post('staff.admin', `/${pilot}/support`, { kind: 'operation', year, baseYuan: '3000000.05' });
    expect(a.status).toBe(201); // 600,000.01 yuan
    await post('staff.approver', `/support/${a.body.id}/approve`).expect(200);
    await post('staff.approver', `/support/${a.body.id}/disburse`, { voucherNo: 'DC-ZT-001' }).expect(200);
    // 就高不重复: 800,000 computed, 199,999.99 granted (001 §14).
    const b = await post('staff.admin', `/${cv}/support`, { kind: 'operation', year, baseYuan: '4000000.00' });
    expect([b.status, b.body.grantedFen]).toEqual([201, '19999999']);
    const r = await post('staff.admin', `/${cv}/support`, { kind: 'construction', year: year - 1, baseYuan: '100' });
    await post('staff.approver', `/support/${r.body.id}/reject`, { note: '投入凭证不足' }).expect(200);

    const res = await get('staff.broker', '/api/v1/exports/carrier-support').buffer(true).parse(bufferBody).expect(200);
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''carrier-support-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const ws = (await workbook(res.body)).getWorksheet('载体补助')!;
    expect(rowValues(ws, 1)).toEqual([
      '载体名称',
      '载体类型',
      '依托单位',
      '所在地区',
      '补助类别',
      '补助年度',
      '计算基数(元)',
      '封顶额(元)',
      '测算金额(元)',
      '核定金额(就高不重复后,元)',
      '状态',
      '提出日期',
      '审批日期',
      '拨付日期',
      '拨付凭证号',
      '补助编号',
    ]);
    const [{ n, granted }] = await db.query(
      `SELECT count(*)::int AS n, sum(granted_fen)::text AS granted FROM carrier_support`,
    );
    expect(ws.rowCount).toBe(n + 1);
    const rows = Array.from({ length: n }, (_, i) => rowValues(ws, i + 2));
    // The granted column adds up to the table's sum (in fen, exact).
    const grantedFen = rows.reduce((s, row) => s + BigInt(Math.round(Number(row[9]) * 100)), 0n);
    expect(grantedFen.toString()).toBe(granted);
    const byId = new Map(rows.map((row) => [row[15], row]));
    expect(byId.get(a.body.id)).toEqual([
      '内蒙古自治区导出稀土中试基地',
      '科技成果转化中试基地',
      '包头稀土研究院',
      expect.stringContaining('包头'),
      '运营补助',
      String(year),
      3000000.05,
      1000000,
      600000.01,
      600000.01,
      '已拨付',
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      'DC-ZT-001',
      a.body.id,
    ]);
    // Without a region of its own the carrier shows its host's; the reduced one shows both amounts.
    expect(byId.get(b.body.id)?.slice(3, 11)).toEqual([
      expect.stringContaining('包头'),
      '运营补助',
      String(year),
      4000000,
      1000000,
      800000,
      199999.99,
      '待审批',
    ]);
    expect(byId.get(r.body.id)?.[10]).toBe('已驳回');

    // CSV: exact two-decimal text; filters by status, class, carrier kind and support year.
    const csv = (query: object) =>
      download('/api/v1/exports/carrier-support', { format: 'csv', ...query }).then((b) =>
        b.subarray(3).toString('utf8'),
      );
    const disbursed = await csv({ status: 'disbursed' });
    expect(disbursed.trim().split('\n')).toHaveLength(2);
    expect(disbursed).toContain(',3000000.05,1000000.00,600000.01,600000.01,已拨付,');
    const [{ ops }] = await db.query(
      `SELECT count(*)::int AS ops FROM carrier_support s JOIN carrier c ON c.id = s.carrier_id
       WHERE s.kind = 'operation' AND c.kind = 'concept_validation' AND s.year = $1`,
      [year],
    );
    expect((await csv({ kind: 'operation', carrierKind: 'concept_validation', year })).trim().split('\n')).toHaveLength(
      ops + 1,
    );
    expect(await csv({ year: year - 1, kind: 'operation' })).not.toContain(a.body.id);
    for (const query of [{ kind: 'gift' }, { carrierKind: 'x' }, { year: '1999' }, { status: 'paid' }]) {
      const bad = await get('staff.broker', '/api/v1/exports/carrier-support', query).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    await get('enterprise.demo', '/api/v1/exports/carrier-support').expect(403);
  });
});
