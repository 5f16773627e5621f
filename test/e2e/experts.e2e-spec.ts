import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';

/**
 * Issue 13 item 2 — the expert pool, against the real services: staff search experts by field and availability,
 * see who is conflicted with an application before offering it (the recusal rule of the assignment), assign one
 * without conflict; the expert reads its invitation, what it needs and by when.
 */
describe('expert pool (issue 13)', () => {
  let app: INestApplication;
  let db: DataSource;
  let admin: string;
  let applicationId: string;
  const ids: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const NEW_PASSWORD = '一条足够长的新口令 2026';

  beforeAll(async () => {
    app = await bootApp('experts');
    db = app.get(DataSource);
    await importAndIndex(app, {
      organizations: (demoData() as { organizations: unknown[] }).organizations.slice(0, 40),
    });
    await seedAccounts(app);
    admin = await tokenFor(app, 'staff.admin');
    const poster = await orgId(app, '包头钢铁(集团)有限责任公司');
    const applicant = await orgId(app, '包头稀土研究院');
    const [applicantUser] = await db.query(`SELECT id FROM app_user WHERE username = 'institute.demo'`);
    const [listing] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name, published_at)
       VALUES ('challenge', 'rare_earth', '专家库测试:稀土永磁攻关', 'published', $1, '包头钢铁(集团)有限责任公司', now())
       RETURNING id`,
      [poster],
    );
    const [application] = await db.query(
      `INSERT INTO application (listing_id, applicant_org_id, status, plan, team, budget_fen, created_by)
       VALUES ($1, $2, 'under_review', '实施方案', '团队', 100000000, $3) RETURNING id`,
      [listing.id, applicant, applicantUser.id],
    );
    applicationId = application.id;
    const university = await orgId(app, '内蒙古科技大学');
    const experts = [
      { username: 'pool.conflicted', displayName: '甲专家', orgId: applicant, fields: ['rare_earth'], available: true },
      { username: 'pool.free', displayName: '乙专家', orgId: university, fields: ['rare_earth'], available: true },
      { username: 'pool.hydrogen', displayName: '丙专家', orgId: university, fields: ['hydrogen'], available: true },
      { username: 'pool.busy', displayName: '丁专家', orgId: university, fields: ['rare_earth'], available: false },
    ];
    for (const e of experts) {
      const res = await http()
        .post('/api/v1/users')
        .set(bearer(admin))
        .send({
          username: e.username,
          displayName: e.displayName,
          role: 'expert',
          orgId: e.orgId,
          expert: { fields: e.fields, available: e.available, title: '研究员', specialities: ['稀土永磁材料'] },
        })
        .expect(201);
      ids[e.username] = res.body.user.id;
      // The expert sets its own password at the first login.
      const first = await http()
        .post('/api/v1/auth/login')
        .send({ username: e.username, password: res.body.oneTimePassword });
      await http()
        .post('/api/v1/auth/change-password')
        .set(bearer(first.body.accessToken))
        .send({ currentPassword: res.body.oneTimePassword, newPassword: NEW_PASSWORD })
        .expect(200);
    }
  });
  afterAll(() => app.close());

  it('finds experts by field and availability, with their affiliation and history', async () => {
    const res = await http()
      .get('/api/v1/experts')
      .query({ field: 'rare_earth', available: 'true' })
      .set(bearer(admin))
      .expect(200);
    expect(res.body.map((e: { username: string }) => e.username).sort()).toEqual(['pool.conflicted', 'pool.free']);
    expect(res.body.find((e: { username: string }) => e.username === 'pool.free')).toMatchObject({
      orgName: '内蒙古科技大学',
      title: '研究员',
      available: true,
      history: { applicationAssignments: 0, scores: 0 },
    });
    const words = await http().get('/api/v1/experts').query({ q: '永磁' }).set(bearer(admin)).expect(200);
    expect(words.body).toHaveLength(4);
    const expert = await tokenFor(app, 'expert.demo');
    await http().get('/api/v1/experts').set(bearer(expert)).expect(403);
  });

  it('flags the conflicted expert before offering, and assigns one without conflict', async () => {
    const res = await http()
      .get('/api/v1/experts')
      .query({ field: 'rare_earth', available: 'true', applicationId })
      .set(bearer(admin))
      .expect(200);
    const byName = Object.fromEntries(res.body.map((e: { username: string }) => [e.username, e]));
    expect(byName['pool.conflicted'].conflict).toMatch(/同一主体.*包头稀土研究院/);
    expect(byName['pool.free'].conflict).toBeNull();
    // The assignment enforces the same rule.
    const refused = await http()
      .post(`/api/v1/applications/${applicationId}/experts`)
      .set(bearer(admin))
      .send({ expertUserId: ids['pool.conflicted'] });
    expect([refused.status, refused.body.code]).toEqual([422, 'EXPERT_CONFLICT']);
    await http()
      .post(`/api/v1/applications/${applicationId}/experts`)
      .set(bearer(admin))
      .send({ expertUserId: ids['pool.free'] })
      .expect(204);
    const after = await http().get('/api/v1/experts').query({ q: '乙专家' }).set(bearer(admin)).expect(200);
    expect(after.body[0].history.applicationAssignments).toBe(1);
  });

  it("lists an expert's invitations: what each needs and by when", async () => {
    const token = await tokenFor(app, 'pool.free', NEW_PASSWORD);
    const res = await http().get('/api/v1/experts/me/invitations').set(bearer(token)).expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        subjectType: 'application',
        subjectId: applicationId,
        title: '专家库测试:稀土永磁攻关',
        kind: '评审',
        needs: expect.stringContaining('打分'),
        dueAt: expect.any(String),
        done: false,
      }),
    ]);
    const other = await tokenFor(app, 'pool.hydrogen', NEW_PASSWORD);
    expect((await http().get('/api/v1/experts/me/invitations').set(bearer(other)).expect(200)).body).toEqual([]);
  });
});
