import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CarrierKind, type WorkbenchDto } from '@jiebang/contracts';
import {
  addYears,
  applicableThresholds,
  beijingDate,
  carrierReportDue,
  nextEvaluationDueOn,
  preparingEndsOn,
  queueDue,
  RULE_SET_NM_INNOVATION_CENTER,
  RULE_SET_YN_2025_11,
} from '@jiebang/policy';
import { WorkQueueNotifier } from '../../apps/api/src/workbench/work-notifier.service';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { schemaLog } from '../helpers/schema';

/**
 * Issue 15 §6 — the running years of registered carriers against the real services: the annual report due on the
 * host's workbench (and not on another organisation's), then on its recommender's (not another authority's), then
 * on staff's for filing; the evaluation, the end of 筹建 and their due dates on staff's workbench; a due reminder
 * sent once however often it runs; a major change reported late (flagged) and a rename approved by a second staff
 * member (self-confirmation refused) and applied to the registry; 一事一议 (`003 §12`): formal review of a 技术创新中心
 * below the thresholds refused until a second staff member approves it (the proposer may not); 筹建 → 考核 → 正式成立
 * (`003 §20–21`) and a failed 考核 ending the 筹建. The recommender's review (H11; `001 §19`, `003 §20`, `§30`): a change
 * and a 考核申请 go to the carrier's recommender (所辖盟市 / 组织单位) first — staff refused until it agreed (409),
 * another authority's recommender refused (403) — and 不再符合备案条件 revokes the carrier once a second staff member
 * confirms.
 */
describe('carrier running years (issue 15 §6)', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokens: Record<string, string> = {};
  const as = async (username: string) => (tokens[username] ??= await tokenFor(app, username));
  const post = async (username: string, path: string, body: object = {}) =>
    http()
      .post(`/api/v1${path}`)
      .set(bearer(await as(username)))
      .send(body);
  const ok = async (username: string, path: string, body: object = {}, status = 200) => {
    const res = await post(username, path, body);
    if (res.status !== status)
      throw new Error(`POST ${path} as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  /** A minimal PDF and PNG (judged by content) and an HTML file renamed .pdf. */
  const pdf = (tag: string) => Buffer.from(`%PDF-1.4\n% ${tag}\n1 0 obj <<>> endobj\n%%EOF\n`);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test')]);
  const html = Buffer.from('<!doctype html><script>alert(1)</script>');
  /** Uploads one file of the 考核申请 material `key` of `centre` (`003 §20`). */
  const uploadMaterial = async (username: string, centre: string, key: string, data: Buffer, name: string) =>
    http()
      .post(`/api/v1/carriers/${centre}/establishment-materials/${key}`)
      .set(bearer(await as(username)))
      .attach('file', data, name);
  /** Downloads one material file: the bytes, or the refusal's JSON body. */
  const downloadMaterial = async (username: string, centre: string, fileId: string) =>
    http()
      .get(`/api/v1/carriers/${centre}/establishment-materials/${fileId}/download`)
      .set(bearer(await as(username)))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          const json = /json/.test(String(res.headers['content-type'] ?? ''));
          cb(null, json ? JSON.parse(all.toString('utf8')) : all);
        });
      });
  /** The 总结报告 uploaded by the centre's user (the material a 考核申请 needs). */
  const summaryReport = async (centre: string) => {
    const res = await uploadMaterial('institute.demo', centre, 'summary_report', pdf(centre), '筹建期工作总结报告.pdf');
    if (res.status !== 201) throw new Error(`summary report: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; requestId: string | null };
  };
  const workbench = async (username: string): Promise<WorkbenchDto> =>
    (
      await http()
        .get('/api/v1/workbench')
        .query({ limit: 100 })
        .set(bearer(await as(username)))
        .expect(200)
    ).body;
  const items = async (username: string, queue: string) =>
    (await workbench(username)).queues.find((q) => q.queue === queue)?.items ?? [];
  const NEW_PASSWORD = '载体运行年度测试口令 2026';

  async function account(username: string, body: object): Promise<void> {
    const created = await ok('staff.admin', '/users', { username, displayName: username, ...body }, 201);
    const first = await http()
      .post('/api/v1/auth/login')
      .send({ username, password: created.body.oneTimePassword })
      .expect(200);
    const changed = await http()
      .post('/api/v1/auth/change-password')
      .set(bearer(first.body.accessToken))
      .send({ currentPassword: created.body.oneTimePassword, newPassword: NEW_PASSWORD })
      .expect(200);
    tokens[username] = changed.body.accessToken as string;
  }

  const today = beijingDate();
  const thisYear = Number(today.slice(0, 4));
  const lastYear = thisYear - 1;
  /** `today` moved by whole days / months (Beijing dates). */
  const plusDays = (days: number, from = today) => {
    const d = new Date(`${from}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  const minusMonths = (months: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(1);
    d.setUTCMonth(d.getUTCMonth() - months);
    return d.toISOString().slice(0, 10);
  };

  /** A registry entry as publication writes it (the publication path itself is the carriers suite's). */
  async function registered(
    name: string,
    kind: CarrierKind,
    ruleSetId: string,
    publishedOn: string,
    status: string,
  ): Promise<string> {
    const [c] = await db.query(
      `INSERT INTO carrier (kind, host_org_id, name, plate_name, document_no, published_on, status, region_code,
         fields, rule_set_id)
       VALUES ($1, $2, $3, '内蒙古自治区' || $3, '内科发〔2024〕7号', $4, $5, '150203', '{rare_earth}', $6) RETURNING id`,
      [kind, hostOrg, name, publishedOn, status, ruleSetId],
    );
    return c.id as string;
  }

  let hostOrg: string;
  let pilotId: string;
  const pilotPublishedOn = addYears(plusDays(10), -2);

  beforeAll(async () => {
    app = await bootApp('carrier_running');
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    hostOrg = await orgId(app, '包头稀土研究院');
    await account('baotou.runner', { role: 'staff', staffRoles: ['recommender'], authority: '150200' });
    await account('ordos.runner', { role: 'staff', staffRoles: ['recommender'], authority: '150600' });
    pilotId = await registered(
      '稀土功能材料中试基地',
      CarrierKind.PilotBase,
      'yn-kegui-2025-11@1',
      pilotPublishedOn,
      'operating',
    );
  }, 300_000);
  afterAll(() => app?.close());

  it('puts last year’s annual report on the host’s workbench by its due date, not on another organisation’s', async () => {
    const due = carrierReportDue(lastYear, RULE_SET_YN_2025_11);
    const mine = (await items('institute.demo', 'carrierReportDue')).filter((i) => i.link === `/carriers/${pilotId}`);
    expect(mine).toEqual([
      expect.objectContaining({
        kind: 'carrier_report_due',
        title: `内蒙古自治区稀土功能材料中试基地 · ${lastYear} 年度报告`,
        dueOn: due.dueOn,
      }),
    ]);
    const q = (await workbench('institute.demo')).queues.find((x) => x.queue === 'carrierReportDue')!;
    expect(q.source).toContain('003 §29');
    expect(q.source).toContain('configuration');
    const other = await items('enterprise.demo', 'carrierReportDue');
    expect(other.filter((i) => i.link === `/carriers/${pilotId}`)).toEqual([]);
    const running = await http().get(`/api/v1/carriers/${pilotId}/running`).expect(200);
    expect(running.body).toMatchObject({ reportYear: lastYear, reportDueOn: due.dueOn });
  });

  it('sends the overdue reminder of the due report once, however often it runs', async () => {
    const [item] = (await items('institute.demo', 'carrierReportDue')).filter((i) => i.link === `/carriers/${pilotId}`);
    const overdueAt = queueDue('carrierReportDue', new Date(), { ownDueOn: item.dueOn }).overdueAt;
    const later = new Date(Math.max(Date.now(), overdueAt.getTime()) + 3_600_000);
    const notifier = app.get(WorkQueueNotifier);
    const remind = () => notifier.remind({ queue: 'carrierReportDue', itemId: item.id, kind: 'overdue' }, later);
    expect(await remind()).toBe(true);
    expect(await remind()).toBe(false);
    await notifier.sweep(later);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM notification WHERE org_id = $1 AND title = '已逾期:年度报告待提交'
         AND body LIKE $2`,
      [hostOrg, `%稀土功能材料中试基地 · ${lastYear}%`],
    );
    expect(n).toBe(1);
  });

  it('moves the submitted report to its recommender (not another authority), then to staff for filing', async () => {
    const report = await ok(
      'institute.demo',
      `/carriers/${pilotId}/reports`,
      { year: lastYear, content: { summary: '全年完成中试项目 6 项' } },
      201,
    );
    expect((await items('institute.demo', 'carrierReportDue')).map((i) => i.link)).not.toContain(
      `/carriers/${pilotId}`,
    );
    expect((await items('baotou.runner', 'carrierReportReview')).map((i) => i.id)).toEqual([report.body.id]);
    expect(await items('ordos.runner', 'carrierReportReview')).toEqual([]);
    expect((await workbench('baotou.runner')).queues.map((q) => q.queue)).toEqual([
      'carrierReportReview',
      'carrierChangeRecommend',
      'carrierEstablishmentRecommend',
    ]);
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.user_id
       WHERE u.username = 'baotou.runner' AND n.title = '待办:年度报告待审核'`,
    );
    expect(n).toBe(1);
    expect((await items('staff.broker', 'carrierReportFiling')).map((i) => i.id)).not.toContain(report.body.id);
    await ok('baotou.runner', `/carriers/reports/${report.body.id}/review`, { note: '数据属实' });
    expect(await items('baotou.runner', 'carrierReportReview')).toEqual([]);
    expect((await items('staff.broker', 'carrierReportFiling')).map((i) => i.id)).toContain(report.body.id);
    await ok('staff.broker', `/carriers/reports/${report.body.id}/file`, {});
    expect((await items('staff.broker', 'carrierReportFiling')).map((i) => i.id)).not.toContain(report.body.id);
  });

  it('puts the evaluation due every 2 years (001 §16) on staff’s workbench with its date', async () => {
    const due = nextEvaluationDueOn(pilotPublishedOn, RULE_SET_YN_2025_11);
    const evaluation = (await items('staff.broker', 'carrierEvaluationDue')).filter(
      (i) => i.link === `/carriers/${pilotId}`,
    );
    expect(evaluation).toEqual([expect.objectContaining({ kind: 'carrier_evaluation_due', dueOn: due })]);
    expect((await workbench('institute.demo')).queues.map((q) => q.queue)).not.toContain('carrierEvaluationDue');
  });

  it('flags a change reported more than 3 months after it took effect (001 §19); staff file it', async () => {
    const changedOn = minusMonths(4);
    const late = await ok(
      'institute.demo',
      `/carriers/${pilotId}/changes`,
      { kind: 'scope', changedOn, description: '新增稀土永磁材料中试服务' },
      201,
    );
    expect(late.body).toMatchObject({
      late: true,
      needsApproval: false,
      altersRegistry: false,
      status: 'awaiting_recommender',
      recommenderAuthority: '150200',
    });
    expect(late.body.reportBy < today).toBe(true);
    // The recommender (所辖盟市) reviews it first (001 §19): staff may not decide it yet, nor see it queued.
    expect((await items('staff.broker', 'carrierChangeReview')).map((i) => i.id)).not.toContain(late.body.id);
    const early = await post('staff.broker', `/carriers/changes/${late.body.id}/decide`, {
      approve: true,
      note: '备案',
    });
    expect([early.status, early.body.code]).toEqual([409, 'CARRIER_CHANGE_NOT_RECOMMENDED']);
    expect((await items('baotou.runner', 'carrierChangeRecommend')).map((i) => i.id)).toContain(late.body.id);
    expect((await items('ordos.runner', 'carrierChangeRecommend')).map((i) => i.id)).not.toContain(late.body.id);
    const stranger = await post('ordos.runner', `/carriers/changes/${late.body.id}/recommend`, {
      agree: true,
      note: '同意',
    });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'NOT_OWN_AUTHORITY']);
    const seen = await ok('baotou.runner', `/carriers/changes/${late.body.id}/recommend`, {
      agree: true,
      note: '经审核属实,同意报送',
    });
    expect(seen.body).toMatchObject({ status: 'reported', recommenderNote: '经审核属实,同意报送' });
    const twice = await post('baotou.runner', `/carriers/changes/${late.body.id}/recommend`, {
      agree: true,
      note: '再次审核',
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const foreign = await post('enterprise.demo', `/carriers/${pilotId}/changes`, {
      kind: 'scope',
      changedOn,
      description: '冒名报告',
    });
    expect(foreign.status).toBe(404);
    expect((await items('staff.broker', 'carrierChangeReview')).map((i) => i.id)).toContain(late.body.id);
    const filed = await ok('staff.broker', `/carriers/changes/${late.body.id}/decide`, {
      approve: true,
      note: '同意备案,逾期报告已记录',
    });
    expect(filed.body.status).toBe('acknowledged');
    const again = await post('staff.admin', `/carriers/changes/${late.body.id}/confirm`, {
      approve: true,
      note: '复核',
    });
    expect([again.status, again.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  });

  it('a rename needs a second staff member, not the first (four eyes), and then renames the registry entry', async () => {
    const rename = await ok(
      'institute.demo',
      `/carriers/${pilotId}/changes`,
      { kind: 'rename', changedOn: plusDays(-10), description: '依托单位更名', newName: '稀土新材料中试基地' },
      201,
    );
    expect(rename.body).toMatchObject({ late: false, altersRegistry: true });
    await ok('baotou.runner', `/carriers/changes/${rename.body.id}/recommend`, { agree: true, note: '同意' });
    await ok('staff.broker', `/carriers/changes/${rename.body.id}/decide`, { approve: true, note: '材料齐全' });
    const self = await post('staff.broker', `/carriers/changes/${rename.body.id}/confirm`, {
      approve: true,
      note: '本人复核',
    });
    expect([self.status, self.body.code]).toEqual([409, 'SAME_APPROVER']);
    expect((await http().get(`/api/v1/carriers/${pilotId}`).expect(200)).body.name).toBe('稀土功能材料中试基地');
    const confirmed = await ok('staff.admin', `/carriers/changes/${rename.body.id}/confirm`, {
      approve: true,
      note: '复核同意',
    });
    expect(confirmed.body).toMatchObject({ status: 'approved', secondDecisionNote: '复核同意' });
    const entry = (await http().get(`/api/v1/carriers/${pilotId}`).expect(200)).body;
    expect(entry).toMatchObject({ name: '稀土新材料中试基地', plateName: '内蒙古自治区稀土新材料中试基地' });
    expect(entry.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining([
        'carrier_change_reported',
        'carrier_change_recommended',
        'carrier_change_awaiting_second',
        'carrier_change_approved',
      ]),
    );
    const list = await http()
      .get(`/api/v1/carriers/${pilotId}/changes`)
      .set(bearer(await as('institute.demo')))
      .expect(200);
    expect(list.body.items.map((c: { kind: string }) => c.kind)).toEqual(['rename', 'scope']);
  });

  it('一事一议 (003 §12): below the thresholds no formal review passes until a second staff member approves', async () => {
    const round = await ok(
      'staff.broker',
      '/carriers/rounds',
      {
        programmeId: 'innovation_center_formation',
        title: `${thisYear} 年技术创新中心组建`,
        documentNo: '内科发〔2026〕301号',
        kinds: [CarrierKind.InnovationCenter],
        opensOn: plusDays(-1),
        closesOn: plusDays(30),
        recommendDeadline: plusDays(40),
        ruleSetId: 'nm-tic-2025@1',
      },
      201,
    );
    const form: Record<string, unknown> = { fields: ['rare_earth'] };
    for (const t of applicableThresholds(RULE_SET_NM_INNOVATION_CENTER, CarrierKind.InnovationCenter, null)) {
      if (t.unit === 'bool') form[t.key] = true;
      else if (t.unit === 'ratio' && t.ratioOf) {
        const [a, b] = t.minRatio ?? [0, t.maxRatio?.[1] ?? 1];
        form[t.ratioOf.part] = a;
        form[t.ratioOf.whole] = b;
      } else form[t.key] = t.min ?? t.max ?? 0;
    }
    const short = applicableThresholds(RULE_SET_NM_INNOVATION_CENTER, CarrierKind.InnovationCenter, null).find(
      (t) => t.unit === 'person' && t.min,
    )!;
    form[short.key] = short.min! - 10;
    // As the recommender's step leaves it (the application path itself is the carriers suite's).
    const [a] = await db.query(
      `INSERT INTO carrier_application (round_id, org_id, kind, platform_name, form, status, authority, submitted_at,
         integrity_pledge_at, recommendation, created_by)
       VALUES ($1, $2, 'innovation_center', '稀土新材料技术创新中心', $3, 'recommended', '150200', now(), now(),
         '{"by":"x","at":"x","note":"同意推荐"}', (SELECT id FROM app_user WHERE username = 'institute.demo'))
       RETURNING id`,
      [round.body.id, hostOrg, JSON.stringify(form)],
    );
    const formal = (user = 'staff.broker') =>
      post(user, `/carriers/applications/${a.id}/formal-review`, { pass: true, note: '形式审查通过' });
    const refused = await formal();
    expect([refused.status, refused.body.code, refused.body.details.missed]).toEqual([
      422,
      'CARRIER_THRESHOLDS_NOT_MET',
      [short.key],
    ]);
    const proposed = await ok(
      'staff.broker',
      `/carriers/applications/${a.id}/case-by-case`,
      { reasons: '落实自治区稀土产业重大战略部署,定向组织组建' },
      201,
    );
    expect((await items('staff.admin', 'caseByCaseApproval')).map((i) => i.id)).toContain(proposed.body.id);
    const self = await post('staff.broker', `/carriers/case-by-case/${proposed.body.id}/approve`, { note: '同意' });
    expect([self.status, self.body.code]).toEqual([409, 'SAME_APPROVER']);
    const stillRefused = await formal();
    expect([stillRefused.status, stillRefused.body.code]).toEqual([422, 'CARRIER_THRESHOLDS_NOT_MET']);
    const twice = await post('staff.admin', `/carriers/applications/${a.id}/case-by-case`, {
      reasons: '再次提出一事一议的理由',
    });
    expect([twice.status, twice.body.code]).toEqual([409, 'CASE_BY_CASE_EXISTS']);
    await ok('staff.admin', `/carriers/case-by-case/${proposed.body.id}/approve`, { note: '经厅务会研究同意一事一议' });
    const passed = await formal();
    expect(passed.status).toBe(200);
    expect(passed.body.status).toBe('expert_review');
    const history = await http()
      .get(`/api/v1/carriers/applications/${a.id}/history`)
      .set(bearer(await as('staff.broker')))
      .expect(200);
    const actions = (history.body.items ?? history.body).map((h: { action: string }) => h.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'carrier_case_by_case_proposed',
        'carrier_case_by_case_approved',
        'carrier_formal_review',
      ]),
    );
    // Not for other kinds: a pilot base's misses are the reasons of a rejection, never a 一事一议.
    const [p] = await db.query(
      `INSERT INTO carrier_application (round_id, org_id, kind, platform_name, form, status, authority, created_by)
       VALUES ($1, $2, 'pilot_base', '稀土中试基地', '{}', 'recommended', '150200',
         (SELECT id FROM app_user WHERE username = 'institute.demo')) RETURNING id`,
      [round.body.id, hostOrg],
    );
    const na = await post('staff.broker', `/carriers/applications/${p.id}/case-by-case`, {
      reasons: '不适用的一事一议理由',
    });
    expect([na.status, na.body.code]).toEqual([422, 'CASE_BY_CASE_NOT_APPLICABLE']);
  });

  it('筹建 → 考核 → 正式成立 (003 §20–21): the end of 筹建 is on staff’s workbench; passing establishes the centre', async () => {
    const approvedOn = addYears(plusDays(20), -2);
    const centre = await registered(
      '稀土技术创新中心',
      CarrierKind.InnovationCenter,
      'nm-tic-2025@1',
      approvedOn,
      'preparing',
    );
    const ends = preparingEndsOn(approvedOn, RULE_SET_NM_INNOVATION_CENTER);
    const dueOf = async () =>
      (await items('staff.broker', 'carrierPreparingDue')).filter((i) => i.link === `/carriers/${centre}`);
    // 003 §20: the centre submits its 考核申请, its 组织单位 agrees, only then staff hold the 考核.
    expect(await dueOf()).toEqual([]);
    const notYet = await post('staff.broker', `/carriers/${centre}/establishment-review`, {
      pass: true,
      note: '专家考核通过',
      decidedOn: today,
    });
    expect([notYet.status, notYet.body.code]).toEqual([409, 'CARRIER_ESTABLISHMENT_NOT_AGREED']);
    // Its materials (003 §20): without the 总结报告 nothing is submitted; files are checked like every upload.
    const bare = await post('institute.demo', `/carriers/${centre}/establishment-requests`, {
      summary: '筹建任务已全部完成,申请筹建期满考核',
    });
    expect([bare.status, bare.body.code]).toEqual([422, 'CARRIER_ESTABLISHMENT_MATERIALS_MISSING']);
    expect(bare.body.details.missing).toEqual([expect.objectContaining({ key: 'summary_report' })]);
    expect(
      (
        await db.query(`SELECT count(*)::int AS n FROM carrier_establishment_request WHERE carrier_id = $1`, [centre])
      )[0].n,
    ).toBe(0);
    const disguised = await uploadMaterial('institute.demo', centre, 'summary_report', html, '总结报告.pdf');
    expect([disguised.status, disguised.body.code]).toEqual([400, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    const unknown = await uploadMaterial('institute.demo', centre, 'budget', pdf('x'), '预算.pdf');
    expect([unknown.status, unknown.body.code]).toEqual([422, 'CARRIER_ESTABLISHMENT_MATERIAL_UNKNOWN']);
    const foreignUpload = await uploadMaterial('enterprise.demo', centre, 'summary_report', pdf('x'), '冒名.pdf');
    expect([foreignUpload.status, foreignUpload.body.code]).toEqual([403, 'CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED']);
    const report = await summaryReport(centre);
    const photo = await uploadMaterial('institute.demo', centre, 'supporting', png, '中试线.png');
    expect(photo.status).toBe(201);
    const draft = await http()
      .get(`/api/v1/carriers/${centre}/establishment-materials`)
      .set(bearer(await as('institute.demo')))
      .expect(200);
    expect(draft.body).toMatchObject({ editable: true });
    expect(draft.body.items.map((m: { key: string; files: unknown[] }) => [m.key, m.files.length])).toEqual([
      ['summary_report', 1],
      ['supporting', 1],
    ]);
    const request = await ok(
      'institute.demo',
      `/carriers/${centre}/establishment-requests`,
      { summary: '筹建任务已全部完成,申请筹建期满考核' },
      201,
    );
    expect(request.body).toMatchObject({ status: 'submitted', authority: '150200', rule: '003 §20' });
    expect(request.body.files.map((f: { id: string; requestId: string }) => [f.id, f.requestId])).toEqual([
      [report.id, request.body.id],
      [photo.body.id, request.body.id],
    ]);
    // Submitted: the materials are the request's; no more uploads or removals.
    const late = await uploadMaterial('institute.demo', centre, 'supporting', pdf('late'), '补充.pdf');
    expect([late.status, late.body.code]).toEqual([409, 'CARRIER_ESTABLISHMENT_REQUEST_OPEN']);
    const removed = await http()
      .delete(`/api/v1/carriers/${centre}/establishment-materials/${report.id}`)
      .set(bearer(await as('institute.demo')));
    expect([removed.status, removed.body.code]).toEqual([409, 'CARRIER_ESTABLISHMENT_REQUEST_OPEN']);
    // Its 组织单位 and staff download the bytes; another authority's recommender and another organisation may not.
    for (const reader of ['baotou.runner', 'staff.broker', 'institute.demo']) {
      const got = await downloadMaterial(reader, centre, report.id);
      expect([reader, got.status]).toEqual([reader, 200]);
      expect(Buffer.compare(got.body as Buffer, pdf(centre))).toBe(0);
      expect(got.headers['content-disposition']).toMatch(/^attachment;/);
    }
    for (const stranger of ['ordos.runner', 'enterprise.demo']) {
      const refused = await downloadMaterial(stranger, centre, report.id);
      expect([stranger, refused.status, refused.body.code]).toEqual([
        stranger,
        403,
        'CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED',
      ]);
    }
    const open = await post('institute.demo', `/carriers/${centre}/establishment-requests`, {
      summary: '重复提交的考核申请内容',
    });
    expect([open.status, open.body.code]).toEqual([409, 'CARRIER_ESTABLISHMENT_REQUEST_OPEN']);
    expect((await items('baotou.runner', 'carrierEstablishmentRecommend')).map((i) => i.id)).toContain(request.body.id);
    const stranger = await post('ordos.runner', `/carriers/establishment-requests/${request.body.id}/recommend`, {
      agree: true,
      note: '同意',
    });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'NOT_OWN_AUTHORITY']);
    const stillNot = await post('staff.broker', `/carriers/${centre}/establishment-review`, {
      pass: true,
      note: '专家考核通过',
      decidedOn: today,
    });
    expect([stillNot.status, stillNot.body.code]).toEqual([409, 'CARRIER_ESTABLISHMENT_NOT_AGREED']);
    const agreed = await ok('baotou.runner', `/carriers/establishment-requests/${request.body.id}/recommend`, {
      agree: true,
      note: '组织单位审核同意,报科技厅考核',
    });
    expect(agreed.body.status).toBe('agreed');
    expect(agreed.body.files).toHaveLength(2);
    const afterAgreed = await uploadMaterial('institute.demo', centre, 'supporting', pdf('agreed'), '补充.pdf');
    expect([afterAgreed.status, afterAgreed.body.code]).toEqual([409, 'CARRIER_ESTABLISHMENT_REQUEST_OPEN']);
    expect(await dueOf()).toEqual([expect.objectContaining({ kind: 'carrier_preparing_due', dueOn: ends })]);
    const wrong = await post('institute.demo', `/carriers/${centre}/establishment-review`, {
      pass: true,
      note: '自评通过',
      decidedOn: today,
    });
    expect(wrong.status).toBe(403);
    const established = await ok('staff.broker', `/carriers/${centre}/establishment-review`, {
      pass: true,
      note: '专家考核通过',
      decidedOn: today,
      documentNo: '内科发〔2026〕350号',
    });
    expect(established.body).toMatchObject({
      status: 'operating',
      establishedOn: today,
      evaluationDueOn: addYears(today, 3),
      preparingEndsOn: null,
    });
    const entry = (await http().get(`/api/v1/carriers/${centre}`).expect(200)).body;
    expect(entry.status).toBe('operating');
    expect(entry.history.map((h: { action: string }) => h.action)).toEqual(
      expect.arrayContaining([
        'carrier_establishment_requested',
        'carrier_establishment_request_agreed',
        'carrier_established',
      ]),
    );
    const requests = await http()
      .get(`/api/v1/carriers/${centre}/establishment-requests`)
      .set(bearer(await as('institute.demo')))
      .expect(200);
    expect(requests.body.items).toEqual([expect.objectContaining({ id: request.body.id, status: 'decided' })]);
    const decided = await uploadMaterial('institute.demo', centre, 'supporting', pdf('decided'), '补充.pdf');
    expect([decided.status, decided.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    expect((await downloadMaterial('staff.broker', centre, report.id)).status).toBe(200);
    expect(entry.evaluations).toEqual([expect.objectContaining({ basis: 'establishment', toStatus: 'operating' })]);
    expect((await items('staff.broker', 'carrierPreparingDue')).map((i) => i.link)).not.toContain(
      `/carriers/${centre}`,
    );
    const again = await post('staff.broker', `/carriers/${centre}/establishment-review`, {
      pass: true,
      note: '重复考核',
      decidedOn: today,
    });
    expect([again.status, again.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    // Its lead or co-builders change only with the department's approval (003 §30(一)).
    const builders = await ok(
      'institute.demo',
      `/carriers/${centre}/changes`,
      { kind: 'builders', changedOn: today, description: '新增共建单位:包头稀土研究院二分院' },
      201,
    );
    expect(builders.body).toMatchObject({ needsApproval: true, rule: '003 §30(一)' });
  });

  it('failing the 筹建期满考核 ends the 筹建 (003 §20–21): the entry is closed with that ground', async () => {
    const centre = await registered(
      '稀土储氢技术创新中心',
      CarrierKind.InnovationCenter,
      'nm-tic-2025@1',
      addYears(today, -2),
      'preparing',
    );
    const report = await summaryReport(centre);
    const request = await ok(
      'institute.demo',
      `/carriers/${centre}/establishment-requests`,
      { summary: '筹建期满,申请考核(部分任务未完成)' },
      201,
    );
    const returned = await ok('baotou.runner', `/carriers/establishment-requests/${request.body.id}/recommend`, {
      agree: false,
      note: '材料不全,请补充后重新提交',
    });
    expect(returned.body).toMatchObject({
      status: 'returned',
      recommenderNote: '材料不全,请补充后重新提交',
      files: [],
    });
    // A return gives the files back to the centre: it adds what was missing and submits again.
    const draft = await http()
      .get(`/api/v1/carriers/${centre}/establishment-materials`)
      .set(bearer(await as('institute.demo')))
      .expect(200);
    expect(draft.body.editable).toBe(true);
    expect(draft.body.items[0].files).toEqual([expect.objectContaining({ id: report.id, requestId: null })]);
    // The draft is the centre's again: its 组织单位 no longer reads it.
    expect((await downloadMaterial('baotou.runner', centre, report.id)).body.code).toBe(
      'CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED',
    );
    expect((await uploadMaterial('institute.demo', centre, 'supporting', pdf('more'), '补充佐证材料.pdf')).status).toBe(
      201,
    );
    const again = await ok(
      'institute.demo',
      `/carriers/${centre}/establishment-requests`,
      { summary: '已补充材料,再次申请筹建期满考核' },
      201,
    );
    expect(again.body.files).toHaveLength(2);
    await ok('baotou.runner', `/carriers/establishment-requests/${again.body.id}/recommend`, {
      agree: true,
      note: '同意',
    });
    const failed = await ok('staff.broker', `/carriers/${centre}/establishment-review`, {
      pass: false,
      note: '功能定位未实现',
      decidedOn: today,
    });
    expect(failed.body.status).toBe('revoked');
    const entry = (await http().get(`/api/v1/carriers/${centre}`).expect(200)).body;
    expect(entry).toMatchObject({ status: 'revoked', revokedOn: today });
    expect(entry.revocationGround).toContain('筹建');
    expect(entry.history.map((h: { action: string }) => h.action)).toContain('carrier_preparation_ended');
  });

  it('refuses a 考核申请 before the last 60 days of 筹建 (003 §20; configuration)', async () => {
    const centre = await registered(
      '稀土催化技术创新中心',
      CarrierKind.InnovationCenter,
      'nm-tic-2025@1',
      addYears(today, -1),
      'preparing',
    );
    const early = await post('institute.demo', `/carriers/${centre}/establishment-requests`, {
      summary: '提前申请筹建期满考核',
    });
    expect([early.status, early.body.code]).toEqual([409, 'CARRIER_ESTABLISHMENT_TOO_EARLY']);
    const foreign = await post('enterprise.demo', `/carriers/${centre}/establishment-requests`, {
      summary: '冒名提交的筹建期满考核申请',
    });
    expect(foreign.status).toBe(404);
  });

  it('a change the recommender returns never reaches staff; 不再符合备案条件 revokes after a second staff member (001 §19)', async () => {
    const base = await registered(
      '稀土分离中试基地',
      CarrierKind.PilotBase,
      'yn-kegui-2025-11@1',
      addYears(today, -1),
      'operating',
    );
    const report = (description: string) =>
      ok(
        'institute.demo',
        `/carriers/${base}/changes`,
        { kind: 'merger_split', changedOn: plusDays(-5), description },
        201,
      );
    const first = await report('依托单位被并购,中试场地转让');
    const back = await ok('baotou.runner', `/carriers/changes/${first.body.id}/recommend`, {
      agree: false,
      note: '请补充并购协议',
    });
    expect(back.body.status).toBe('returned');
    const refused = await post('staff.broker', `/carriers/changes/${first.body.id}/decide`, {
      approve: true,
      note: '备案',
    });
    expect([refused.status, refused.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const second = await report('依托单位被并购,中试场地转让(附并购协议)');
    await ok('baotou.runner', `/carriers/changes/${second.body.id}/recommend`, { agree: true, note: '属实' });
    const proposed = await ok('staff.broker', `/carriers/changes/${second.body.id}/decide`, {
      approve: false,
      revoke: true,
      note: '中试场地已转让,不再符合备案条件',
    });
    expect(proposed.body).toMatchObject({ status: 'awaiting_second', revokeProposed: true });
    const self = await post('staff.broker', `/carriers/changes/${second.body.id}/confirm`, {
      approve: true,
      note: '本人复核',
    });
    expect([self.status, self.body.code]).toEqual([409, 'SAME_APPROVER']);
    expect((await http().get(`/api/v1/carriers/${base}`).expect(200)).body.status).toBe('operating');
    const confirmed = await ok('staff.admin', `/carriers/changes/${second.body.id}/confirm`, {
      approve: true,
      note: '复核同意取消备案',
    });
    expect(confirmed.body.status).toBe('acknowledged');
    const entry = (await http().get(`/api/v1/carriers/${base}`).expect(200)).body;
    expect(entry).toMatchObject({ status: 'revoked', revokedOn: today });
    expect(entry.revocationGround).toContain(`自 ${Number(plusDays(-5).slice(0, 4))} 年起取消备案资格`);
    expect(entry.history).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'carrier_revoked', rule: '001 §19' })]),
    );
  });

  it('keeps the schema of the running-year tables equal to the entities', async () => {
    const log = await schemaLog(db);
    const mine = log.upQueries
      .map((q) => q.query)
      .filter((q) =>
        /carrier_change|carrier_case_decision|established_on|carrier_establishment_(request|file)/.test(q),
      );
    expect(mine).toEqual([]);
  });
});
