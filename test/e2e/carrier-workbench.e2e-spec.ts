import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CarrierKind, WORKBENCH_QUEUE, WorkbenchJob, type WorkbenchDto } from '@jiebang/contracts';
import { addYears, beijingDate } from '@jiebang/policy';
import { JobsService } from '../../apps/api/src/jobs/jobs.service';
import { enterJobId, WorkQueueNotifier } from '../../apps/api/src/workbench/work-notifier.service';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

/**
 * Issue 15 §3, §4, §6 — whose workbench a carrier item lands on, against the real services.
 *
 * The recommender queues (`recommenderHolderSql`): a carrier recommended by a 自治区部门 (自治区工业和信息化厅, no
 * region) has its annual report, its major change and its centre's 考核申请 on that department's workbench and
 * reviewed by it; the 盟市 of the host's region (包头) neither sees them nor may review them (403), although the
 * host lies in its region; a registry entry without an application still goes to 包头 by region, not to the
 * department; the notifications follow the same rule. An applicant may name a 自治区部门 as its 归口管理部门 (`000` 四.1),
 * never a 盟市 other than its region's (422 `CARRIER_AUTHORITY_NOT_ALLOWED`).
 *
 * Staff's 公示期满待发文公布 (`carrierNoticeEnded`; `000` 四.3, `001 §10(三)`): an application whose notice has ended
 * (end instant moved into the past by SQL) without an open objection waits there, is announced to the staff who run
 * the programmes by the job scheduled at its end, and leaves on publication; one with an open objection stays out
 * until the objection is dismissed (then it enters at once), and leaves for good when an objection is upheld.
 */
describe('carrier items on the workbench: recommending authorities and ended notices (issue 15)', () => {
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
  const workbench = async (username: string): Promise<WorkbenchDto> =>
    (
      await http()
        .get('/api/v1/workbench')
        .query({ limit: 100 })
        .set(bearer(await as(username)))
        .expect(200)
    ).body;
  const ids = async (username: string, queue: string) =>
    ((await workbench(username)).queues.find((q) => q.queue === queue)?.items ?? []).map((i) => i.id);
  const told = async (username: string, title: string, bodyLike: string): Promise<number> => {
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM notification n JOIN app_user u ON u.id = n.user_id
       WHERE u.username = $1 AND n.title = $2 AND n.body LIKE $3`,
      [username, title, `%${bodyLike}%`],
    );
    return n as number;
  };
  const NEW_PASSWORD = '载体工作台测试口令 2026';

  /** A recommender account created by the administrator (as the users page does), signed in. */
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
  const lastYear = Number(today.slice(0, 4)) - 1;
  const plusDays = (days: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };

  let hostOrg: string;

  async function round(programmeId: string, kind: CarrierKind, ruleSetId: string, no: string): Promise<string> {
    const r = await ok(
      'staff.broker',
      '/carriers/rounds',
      {
        programmeId,
        title: `工作台测试批次 ${no}`,
        documentNo: `内科发〔2026〕${no}号`,
        kinds: [kind],
        opensOn: plusDays(-1),
        closesOn: plusDays(30),
        recommendDeadline: plusDays(40),
        ruleSetId,
      },
      201,
    );
    return r.body.id as string;
  }

  let rounds = 610;
  /**
   * An application in a round of its own (one per organisation, kind and round) as the review leaves it in
   * `status`, recommended by `authority` (SQL: the application path is the carriers suite's).
   */
  async function application(kind: CarrierKind, name: string, status: string, authority: string | null) {
    const roundId =
      kind === CarrierKind.InnovationCenter
        ? await round('innovation_center_formation', kind, 'nm-tic-2025@1', String(++rounds))
        : await round('platform_filing', kind, 'yn-kegui-2025-11@1', String(++rounds));
    const [a] = await db.query(
      `INSERT INTO carrier_application (round_id, org_id, kind, platform_name, form, status, authority, submitted_at,
         integrity_pledge_at, recommendation, created_by)
       VALUES ($1, $2, $3, $4, '{"fields":["rare_earth"]}', $5, $6, now(), now(),
         '{"by":"x","at":"x","opinion":"同意推荐"}', (SELECT id FROM app_user WHERE username = 'institute.demo'))
       RETURNING id`,
      [roundId, hostOrg, kind, name, status, authority],
    );
    return a.id as string;
  }

  /** A registry entry as publication writes it, registered by `applicationId` (or none). */
  async function registered(
    name: string,
    kind: CarrierKind,
    ruleSetId: string,
    publishedOn: string,
    status: string,
    applicationId: string | null,
  ): Promise<string> {
    const [c] = await db.query(
      `INSERT INTO carrier (kind, host_org_id, name, plate_name, document_no, published_on, status, region_code,
         fields, rule_set_id, application_id)
       VALUES ($1, $2, $3, '内蒙古自治区' || $3, '内科发〔2024〕9号', $4, $5, '150203', '{rare_earth}', $6, $7)
       RETURNING id`,
      [kind, hostOrg, name, publishedOn, status, ruleSetId, applicationId],
    );
    if (applicationId)
      await db.query(`UPDATE carrier_application SET carrier_id = $1 WHERE id = $2`, [c.id, applicationId]);
    return c.id as string;
  }

  beforeAll(async () => {
    app = await bootApp('carrier_workbench');
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    hostOrg = await orgId(app, '包头稀土研究院');
    await account('industry.dept', { role: 'staff', staffRoles: ['recommender'], authority: 'dept.industry' });
    await account('baotou.city', { role: 'staff', staffRoles: ['recommender'], authority: '150200' });
  }, 300_000);
  afterAll(() => app?.close());

  describe('a 自治区部门 recommender holds its own carriers’ items; the 盟市 of the region does not', () => {
    let deptBase: string;

    beforeAll(async () => {
      const a = await application(CarrierKind.PilotBase, '稀土永磁中试基地', 'published', 'dept.industry');
      deptBase = await registered(
        '稀土永磁中试基地',
        CarrierKind.PilotBase,
        'yn-kegui-2025-11@1',
        addYears(today, -2),
        'operating',
        a,
      );
    });

    it('gives the department the annual report to review (and the notice of it), not 包头; 包头 may not review it', async () => {
      const report = await ok(
        'institute.demo',
        `/carriers/${deptBase}/reports`,
        { year: lastYear, content: { summary: '全年完成永磁材料中试 4 项' } },
        201,
      );
      expect(await ids('industry.dept', 'carrierReportReview')).toEqual([report.body.id]);
      expect(await ids('baotou.city', 'carrierReportReview')).not.toContain(report.body.id);
      expect(await told('industry.dept', '待办:年度报告待审核', '稀土永磁中试基地')).toBe(1);
      expect(await told('baotou.city', '待办:年度报告待审核', '稀土永磁中试基地')).toBe(0);
      const foreign = await post('baotou.city', `/carriers/reports/${report.body.id}/review`, { note: '数据属实' });
      expect([foreign.status, foreign.body.code]).toEqual([403, 'NOT_OWN_AUTHORITY']);
      await ok('industry.dept', `/carriers/reports/${report.body.id}/review`, { note: '经审核,数据属实' });
      expect(await ids('industry.dept', 'carrierReportReview')).toEqual([]);
      expect(await ids('staff.broker', 'carrierReportFiling')).toContain(report.body.id);
    });

    it('gives the department the major change to review, not 包头 (which is refused)', async () => {
      const change = await ok(
        'institute.demo',
        `/carriers/${deptBase}/changes`,
        { kind: 'scope', changedOn: plusDays(-10), description: '新增永磁电机中试服务' },
        201,
      );
      expect(change.body).toMatchObject({ status: 'awaiting_recommender', recommenderAuthority: 'dept.industry' });
      expect(await ids('industry.dept', 'carrierChangeRecommend')).toContain(change.body.id);
      expect(await ids('baotou.city', 'carrierChangeRecommend')).not.toContain(change.body.id);
      expect(await told('industry.dept', '待办:重大事项变更待审核(组织单位)', '稀土永磁中试基地')).toBe(1);
      expect(await told('baotou.city', '待办:重大事项变更待审核(组织单位)', '稀土永磁中试基地')).toBe(0);
      const foreign = await post('baotou.city', `/carriers/changes/${change.body.id}/recommend`, {
        agree: true,
        note: '同意',
      });
      expect([foreign.status, foreign.body.code]).toEqual([403, 'NOT_OWN_AUTHORITY']);
      await ok('industry.dept', `/carriers/changes/${change.body.id}/recommend`, {
        agree: true,
        note: '属实,同意报送',
      });
      expect(await ids('industry.dept', 'carrierChangeRecommend')).not.toContain(change.body.id);
      expect(await ids('staff.broker', 'carrierChangeReview')).toContain(change.body.id);
    });

    it('gives the department (组织单位) its centre’s 考核申请, not 包头', async () => {
      const a = await application(CarrierKind.InnovationCenter, '稀土永磁技术创新中心', 'published', 'dept.industry');
      const centre = await registered(
        '稀土永磁技术创新中心',
        CarrierKind.InnovationCenter,
        'nm-tic-2025@1',
        addYears(plusDays(20), -2),
        'preparing',
        a,
      );
      // As the centre's submission leaves it (003 §20; the submission path is the carrier-running suite's).
      const [r] = await db.query(
        `INSERT INTO carrier_establishment_request (carrier_id, summary, status, authority, submitted_by)
         VALUES ($1, '筹建任务已完成,申请考核', 'submitted', 'dept.industry',
           (SELECT id FROM app_user WHERE username = 'institute.demo')) RETURNING id`,
        [centre],
      );
      expect(await ids('industry.dept', 'carrierEstablishmentRecommend')).toContain(r.id);
      expect(await ids('baotou.city', 'carrierEstablishmentRecommend')).not.toContain(r.id);
      const foreign = await post('baotou.city', `/carriers/establishment-requests/${r.id}/recommend`, {
        agree: true,
        note: '同意',
      });
      expect([foreign.status, foreign.body.code]).toEqual([403, 'NOT_OWN_AUTHORITY']);
      await ok('industry.dept', `/carriers/establishment-requests/${r.id}/recommend`, {
        agree: true,
        note: '同意考核',
      });
      expect(await ids('industry.dept', 'carrierEstablishmentRecommend')).not.toContain(r.id);
    });

    it('lets an applicant name a 自治区部门 as its 归口管理部门 (000 四.1), never another 盟市 (422)', async () => {
      const roundId = await round('platform_filing', CarrierKind.ConceptValidation, 'yn-kegui-2025-11@1', '690');
      await ok('staff.broker', `/carriers/rounds/${roundId}/open`);
      const body = { roundId, kind: CarrierKind.ConceptValidation, platformName: '稀土材料概念验证中心' };
      const count = async () =>
        (await db.query(`SELECT count(*)::int AS n FROM carrier_application WHERE round_id = $1`, [roundId]))[0].n;
      const ordos = await post('institute.demo', '/carriers/applications', { ...body, authority: '150600' });
      expect([ordos.status, ordos.body.code, ordos.body.rule]).toEqual([
        422,
        'CARRIER_AUTHORITY_NOT_ALLOWED',
        '000 四.1; 002 二(一)',
      ]);
      expect(ordos.body.message).toContain('包头市科技局');
      const unknown = await post('institute.demo', '/carriers/applications', { ...body, authority: 'dept.nosuch' });
      expect(unknown.status).toBe(400);
      expect(await count()).toBe(0);
      const created = await ok(
        'institute.demo',
        '/carriers/applications',
        { ...body, authority: 'dept.industry' },
        201,
      );
      expect(created.body.authority).toBe('dept.industry');
      const patch = async (b: object) =>
        http()
          .patch(`/api/v1/carriers/applications/${created.body.id}`)
          .set(bearer(await as('institute.demo')))
          .send(b);
      expect((await patch({ authority: '150200' })).body.authority).toBe('150200');
      const refused = await patch({ authority: '150600' });
      expect([refused.status, refused.body.code]).toEqual([422, 'CARRIER_AUTHORITY_NOT_ALLOWED']);
      const [{ authority }] = await db.query(`SELECT authority FROM carrier_application WHERE id = $1`, [
        created.body.id,
      ]);
      expect(authority).toBe('150200');
      expect((await patch({ authority: 'dept.industry' })).body.authority).toBe('dept.industry');
      // A direct application has no 归口管理部门, whatever it names.
      expect((await patch({ direct: true, authority: 'dept.industry' })).body.authority).toBeNull();
    });

    it('still gives 包头 (by region) a registry entry without an application, and not the department', async () => {
      const base = await registered(
        '稀土抛光粉中试基地',
        CarrierKind.PilotBase,
        'yn-kegui-2025-11@1',
        addYears(today, -2),
        'operating',
        null,
      );
      const report = await ok(
        'institute.demo',
        `/carriers/${base}/reports`,
        { year: lastYear, content: { summary: '全年完成抛光粉中试 2 项' } },
        201,
      );
      expect(await ids('baotou.city', 'carrierReportReview')).toContain(report.body.id);
      expect(await ids('industry.dept', 'carrierReportReview')).not.toContain(report.body.id);
      expect(await told('baotou.city', '待办:年度报告待审核', '稀土抛光粉中试基地')).toBe(1);
      expect(await told('industry.dept', '待办:年度报告待审核', '稀土抛光粉中试基地')).toBe(0);
      const foreign = await post('industry.dept', `/carriers/reports/${report.body.id}/review`, { note: '属实' });
      expect([foreign.status, foreign.body.code]).toEqual([403, 'NOT_OWN_AUTHORITY']);
      await ok('baotou.city', `/carriers/reports/${report.body.id}/review`, { note: '数据属实' });
    });
  });

  describe('公示期满待发文公布 (carrierNoticeEnded) on staff’s workbench', () => {
    const endNow = (id: string) =>
      db.query(`UPDATE carrier_application SET notice_ends_at = now() - interval '1 minute' WHERE id = $1`, [id]);

    it('enters when the notice ends without objection, is announced by the job set at its end, leaves on publication', async () => {
      const id = await application(CarrierKind.PilotBase, '稀土储氢中试基地', 'decided', '150200');
      const opened = await ok('staff.broker', `/carriers/applications/${id}/notice`);
      expect(opened.body.status).toBe('on_notice');
      const endsAt = new Date(opened.body.noticeEndsAt as string);
      const job = enterJobId({ queue: 'carrierNoticeEnded', itemId: id }, endsAt);
      expect(app.get(JobsService).scheduledInProcess()).toContain(`${WORKBENCH_QUEUE}/${WorkbenchJob.Enter}/${job}`);
      // While it runs: not waiting; the job at its end would find nothing to say.
      expect(await ids('staff.broker', 'carrierNoticeEnded')).not.toContain(id);
      await app.get(WorkQueueNotifier).enterNow({ queue: 'carrierNoticeEnded', itemId: id });
      expect(await told('staff.broker', '待办:公示期满待发文公布', '稀土储氢中试基地')).toBe(0);

      await endNow(id);
      const q = (await workbench('staff.broker')).queues.find((x) => x.queue === 'carrierNoticeEnded')!;
      expect(q).toMatchObject({ label: '公示期满待发文公布', source: 'configuration', workingDays: 10 });
      expect(q.items.find((i) => i.id === id)).toMatchObject({
        kind: 'carrier_application',
        title: `稀土储氢中试基地(公示至 ${opened.body.noticeLastDay})`,
        link: `/staff/carriers?status=on_notice&open=${id}`,
        overdue: false,
      });
      // Staff who run the programmes only: not an approver, not the recommender, not the applicant.
      expect((await workbench('staff.approver')).queues.map((x) => x.queue)).not.toContain('carrierNoticeEnded');
      expect((await workbench('baotou.city')).queues.map((x) => x.queue)).not.toContain('carrierNoticeEnded');
      expect((await workbench('institute.demo')).queues.map((x) => x.queue)).not.toContain('carrierNoticeEnded');
      // The job at the end announces it to them, once it waits.
      await app.get(WorkQueueNotifier).enterNow({ queue: 'carrierNoticeEnded', itemId: id });
      expect(await told('staff.broker', '待办:公示期满待发文公布', '稀土储氢中试基地')).toBe(1);
      expect(await told('staff.admin', '待办:公示期满待发文公布', '稀土储氢中试基地')).toBe(1);
      expect(await told('staff.approver', '待办:公示期满待发文公布', '稀土储氢中试基地')).toBe(0);

      await ok('staff.broker', `/carriers/applications/${id}/publish`, {
        documentNo: '内科发〔2026〕620号',
        publishedOn: today,
      });
      expect(await ids('staff.broker', 'carrierNoticeEnded')).not.toContain(id);
    });

    it('stays out while an objection is open, enters when it is dismissed, and leaves when one is upheld', async () => {
      const id = await application(CarrierKind.PilotBase, '稀土催化中试基地', 'decided', '150200');
      await ok('staff.broker', `/carriers/applications/${id}/notice`);
      const lodged = await ok('enterprise.demo', `/carriers/applications/${id}/objections`, {
        reasons: '申报的中试场地面积与实际不符',
      });
      expect(lodged.body.status).toBe('objection');
      await endNow(id);
      expect(await ids('staff.broker', 'carrierNoticeEnded')).not.toContain(id);
      const early = await post('staff.broker', `/carriers/applications/${id}/publish`, {
        documentNo: '内科发〔2026〕621号',
        publishedOn: today,
      });
      expect([early.status, early.body.code]).toEqual([409, 'CARRIER_NOTICE_RUNNING']);
      const late = await post('enterprise.demo', `/carriers/applications/${id}/objections`, {
        reasons: '公示期满后再提异议',
      });
      expect([late.status, late.body.code]).toEqual([409, 'NOTICE_CLOSED']);

      const [o] = await db.query(`SELECT id FROM carrier_objection WHERE application_id = $1`, [id]);
      await ok('staff.broker', `/carriers/objections/${o.id}/resolve`, {
        outcome: 'dismissed',
        resolution: '经实地核实,面积与申报一致',
      });
      const item = (await workbench('staff.admin')).queues
        .find((x) => x.queue === 'carrierNoticeEnded')!
        .items.find((i) => i.id === id);
      expect(item).toBeDefined();
      // Entered at the dismissal (after the notice's end), told to the other staff at once.
      const [{ resolved_at }] = await db.query(`SELECT resolved_at FROM carrier_objection WHERE id = $1`, [o.id]);
      expect(item!.enteredAt).toBe(new Date(resolved_at).toISOString());
      expect(await told('staff.admin', '待办:公示期满待发文公布', '稀土催化中试基地')).toBe(1);
      expect(await told('staff.broker', '待办:公示期满待发文公布', '稀土催化中试基地')).toBe(0);

      // An upheld objection (lodged while a second notice runs) rejects it: it never waits for publication.
      const other = await application(CarrierKind.PilotBase, '稀土冶炼中试基地', 'decided', '150200');
      await ok('staff.broker', `/carriers/applications/${other}/notice`);
      await ok('enterprise.demo', `/carriers/applications/${other}/objections`, { reasons: '存在失信记录' });
      await endNow(other);
      const [o2] = await db.query(`SELECT id FROM carrier_objection WHERE application_id = $1`, [other]);
      const upheld = await ok('staff.broker', `/carriers/objections/${o2.id}/resolve`, {
        outcome: 'upheld',
        resolution: '经核实存在失信记录',
      });
      expect(upheld.body.status).toBe('rejected');
      expect(await ids('staff.broker', 'carrierNoticeEnded')).not.toContain(other);
    });
  });
});
