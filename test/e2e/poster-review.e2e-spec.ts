import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApplicationDto } from '@jiebang/contracts';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

/**
 * 发榜方意见 (issue 16 item 4; seed `004 §9(五)`: review is organised by the department and the poster): the poster's
 * users read the applicants' qualifications and plans and record their opinion beside the experts' scores, only
 * while the application is under review; nobody else may.
 */
describe('poster review: the poster reads the applications and records its opinion (004 §9(五))', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  let listingId: string;
  let applicationId: string;

  const http = () => request(app.getHttpServer());
  const as = (user: string) => ({
    post: (path: string, body: object = {}) => http().post(path).set('Authorization', `Bearer ${t[user]}`).send(body),
    put: (path: string, body: object) => http().put(path).set('Authorization', `Bearer ${t[user]}`).send(body),
    get: (path: string) => http().get(path).set('Authorization', `Bearer ${t[user]}`),
  });
  const OPINION = { recommend: true, opinion: '方案与我司高炉条件契合,团队有工程经验,建议推荐。' };

  beforeAll(async () => {
    app = await bootApp('poster_review');
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of ['staff.broker', 'expert.demo', 'enterprise.demo', 'institute.demo', 'university.demo'])
      t[u] = await tokenFor(app, u);
    const steel = await orgId(app, '包头钢铁(集团)有限责任公司');
    // A published challenge of 包钢集团 (enterprise.demo); the pipeline suite covers posting and screening.
    const [l] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
       VALUES ('challenge', 'hydrogen', '评审测试:富氢冶金攻关', 'published', $1, '包头钢铁(集团)有限责任公司', now())
       RETURNING id`,
      [steel],
    );
    listingId = l.id;
    const applied = await as('university.demo')
      .post('/api/v1/applications', {
        listingId,
        plan: '分三阶段完成富氢喷吹工艺研究、装备研制与工业示范。',
        team: '冶金联合团队 12 人',
        budgetWan: '800',
        timetable: [{ milestone: '完成工艺包', dueDate: '2027-06-30' }],
      })
      .expect(201);
    applicationId = applied.body.id;
  });
  afterAll(() => app.close());

  const path = () => `/api/v1/applications/${applicationId}/poster-opinion`;

  it('refuses an opinion before the review starts with 409 REVIEW_NOT_OPEN', async () => {
    const res = await as('enterprise.demo').put(path(), OPINION);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'REVIEW_NOT_OPEN', rule: '004 §9(五)' });
    expect(Number((await db.query(`SELECT count(*) n FROM poster_opinion`))[0].n)).toBe(0);
  });

  it('the poster reads the applicants’ qualifications and plans', async () => {
    await as('staff.broker').post(`/api/v1/applications/${applicationId}/review`).expect(200);
    const res = await as('enterprise.demo').get(`/api/v1/listings/${listingId}/applications`).expect(200);
    const [a] = res.body as ApplicationDto[];
    expect(a).toMatchObject({
      id: applicationId,
      applicantName: '内蒙古科技大学',
      status: 'under_review',
      plan: '分三阶段完成富氢喷吹工艺研究、装备研制与工业示范。',
      team: '冶金联合团队 12 人',
      posterOpinion: null,
      applicantProfile: { type: 'university', independentLegalPerson: expect.any(Boolean) },
    });
    // Experts' scores stay private to staff while the review runs.
    expect(a.scores).toBeUndefined();
  });

  it('refuses another organisation (403 NOT_POSTER), staff and experts (403), and a blank opinion (400)', async () => {
    const other = await as('institute.demo').put(path(), OPINION);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('NOT_POSTER');
    const applicant = await as('university.demo').put(path(), OPINION);
    expect(applicant.status).toBe(403);
    expect(applicant.body.code).toBe('NOT_POSTER');
    expect((await as('staff.broker').put(path(), OPINION)).status).toBe(403);
    expect((await as('expert.demo').put(path(), OPINION)).status).toBe(403);
    const blank = await as('enterprise.demo').put(path(), { recommend: true, opinion: '  ' });
    expect(blank.status).toBe(400);
    const noChoice = await as('enterprise.demo').put(path(), { opinion: OPINION.opinion });
    expect(noChoice.status).toBe(400);
    expect(noChoice.body.details.map((d: { property: string }) => d.property)).toContain('recommend');
    expect(Number((await db.query(`SELECT count(*) n FROM poster_opinion`))[0].n)).toBe(0);
  });

  it('records the opinion (a second save replaces it, audited); staff read it beside the experts’ scores', async () => {
    const first = await as('enterprise.demo').put(path(), { recommend: false, opinion: '预算偏高,需补充说明。' });
    expect(first.status).toBe(200);
    expect(first.body.posterOpinion).toMatchObject({ recommend: false, opinion: '预算偏高,需补充说明。' });
    const second = await as('enterprise.demo').put(path(), OPINION).expect(200);
    expect(second.body.posterOpinion).toMatchObject({ ...OPINION, authorName: expect.any(String) });

    const staff = await as('staff.broker').get(`/api/v1/applications/${applicationId}`).expect(200);
    expect(staff.body.posterOpinion).toMatchObject(OPINION);
    expect(staff.body.scores).toEqual([]);
    // The applicant does not read the poster's opinion.
    const applicant = await as('university.demo').get(`/api/v1/applications/${applicationId}`).expect(200);
    expect(applicant.body.posterOpinion).toBeUndefined();

    const audit = await db.query(
      `SELECT action, rule, data FROM audit_log WHERE entity_id = $1 AND action = 'poster_opinion' ORDER BY seq`,
      [applicationId],
    );
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({ rule: '004 §9(五)', data: { recommend: true } });
  });

  it('refuses an opinion once the review is decided (409 REVIEW_NOT_OPEN) and keeps the recorded one', async () => {
    await as('staff.broker')
      .post(`/api/v1/applications/${applicationId}/decline`, { code: 'BUDGET', reason: '预算与目标不匹配' })
      .expect(200);
    const res = await as('enterprise.demo').put(path(), { recommend: false, opinion: '改变主意了,不推荐。' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('REVIEW_NOT_OPEN');
    const [row] = await db.query(`SELECT recommend, opinion FROM poster_opinion WHERE application_id = $1`, [
      applicationId,
    ]);
    expect(row).toEqual({ recommend: true, opinion: OPINION.opinion });
  });
});
