import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CarrierKind, type CarrierThreshold } from '@jiebang/contracts';
import { applicableThresholds, beijingDate, RULE_SET_YN_2025_11 } from '@jiebang/policy';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';
import { schemaLog } from '../helpers/schema';

/**
 * Issue 15 — evidence as uploaded files, objections resolved by staff and the reduced public view during notice,
 * against the real services (PostgreSQL, local storage): a direct pilot-base application under the shipped 云南
 * rule set uploads real bytes per required evidence item (several files per item, removed while a draft), an item
 * counts on submission only with a file (a typed reference does not), the files are downloaded byte for byte by
 * the applicant, staff and the invited expert and refused (403) to anyone else — also while on notice; the formal
 * review shows each threshold with its files; on notice a visitor sees only the platform, kind, 依托单位, region,
 * fields, period and how to object; objections are listed to staff and resolved (dismissed, upheld) with refusals.
 */
describe('carrier evidence files, objections and the public notice (issue 15)', () => {
  let app: INestApplication;
  let db: DataSource;
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokens: Record<string, string> = {};
  const as = async (username: string) => (tokens[username] ??= await tokenFor(app, username));
  const base = (id: string) => `/api/v1/carriers/applications/${id}`;
  const rules = RULE_SET_YN_2025_11;
  const today = beijingDate();
  const plus = (days: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  };
  /** A minimal PDF and PNG (judged by content) and an HTML file renamed .pdf. */
  const pdf = (tag: string) => Buffer.from(`%PDF-1.4\n% ${tag}\n1 0 obj <<>> endobj\n%%EOF\n`);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test')]);
  const html = Buffer.from('<!doctype html><script>alert(1)</script>');

  const upload = async (username: string, id: string, key: string, data: Buffer, name: string) =>
    http()
      .post(`${base(id)}/evidence/${key}`)
      .set(bearer(await as(username)))
      .attach('file', data, name);
  const download = async (username: string | null, id: string, fileId: string) => {
    const req = http()
      .get(`${base(id)}/evidence/${fileId}/download`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const all = Buffer.concat(chunks);
          // Refusals are JSON bodies with their code; files stay bytes.
          const json = /json/.test(String(res.headers['content-type'] ?? ''));
          cb(null, json ? JSON.parse(all.toString('utf8')) : all);
        });
      });
    return username ? req.set(bearer(await as(username))) : req;
  };
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

  /** A form meeting every applicable threshold of the kind, with the old typed evidence references. */
  function passingForm(kind: CarrierKind): Record<string, unknown> {
    const form: Record<string, unknown> = { fields: ['rare_earth'], evidence: {} };
    for (const t of applicableThresholds(rules, kind, null) as CarrierThreshold[]) {
      if (t.unit === 'bool') form[t.key] = true;
      else if (t.unit === 'ratio' && t.ratioOf) {
        const [a, b] = t.minRatio ?? [0, t.maxRatio?.[1] ?? 1];
        form[t.ratioOf.part] = a;
        form[t.ratioOf.whole] = b;
      } else form[t.key] = t.min ?? t.max ?? 0;
    }
    for (const e of rules.requiredEvidence) (form.evidence as Record<string, string>)[e.key] = `${e.label}(纸质件)`;
    delete form.integrityPledge;
    return form;
  }

  let roundId: string;
  let appId: string;
  let expertId: string;
  let photoA: string;
  let photoB: string;

  beforeAll(async () => {
    app = await bootApp('carrier_evidence');
    db = app.get(DataSource);
    await importAndIndex(app, demoData());
    await seedAccounts(app);
    expertId = (await db.query(`SELECT id FROM app_user WHERE username = 'expert.demo'`))[0].id;
    const round = await ok(
      'staff.broker',
      '/carriers/rounds',
      {
        programmeId: 'platform_filing',
        title: '2026 年中试基地备案(材料测试)',
        documentNo: '测试〔2026〕7号',
        kinds: [CarrierKind.PilotBase],
        opensOn: plus(-1),
        closesOn: plus(30),
        recommendDeadline: plus(40),
        ruleSetId: 'yn-kegui-2025-11@1',
      },
      201,
    );
    roundId = round.body.id;
    await ok('staff.broker', `/carriers/rounds/${roundId}/open`);
    const created = await ok(
      'institute.demo',
      '/carriers/applications',
      { roundId, kind: CarrierKind.PilotBase, platformName: '稀土材料中试基地', direct: true },
      201,
    );
    appId = created.body.id;
    await http()
      .patch(base(appId))
      .set(bearer(await as('institute.demo')))
      .send({ form: passingForm(CarrierKind.PilotBase) })
      .expect(200);
  }, 300_000);
  afterAll(() => app?.close());

  it('lists the kind’s required evidence items; a typed reference does not count: submission lists every item', async () => {
    const list = await http()
      .get(`${base(appId)}/evidence`)
      .set(bearer(await as('institute.demo')))
      .expect(200);
    expect(list.body.editable).toBe(true);
    const keys = list.body.items.map((i: { key: string }) => i.key);
    expect(keys).toEqual([
      'constructionPlan',
      'sitePhotos',
      'projectList',
      'equipmentProof',
      'usccCertificate',
      'integrityProof',
    ]);
    const photos = list.body.items.find((i: { key: string }) => i.key === 'sitePhotos');
    expect(photos).toMatchObject({ label: '场地实景图片', note: '场地实景图片(纸质件)', files: [] });
    expect(photos.thresholdKeys).toContain('spaceM2');
    const refused = await post('institute.demo', `/carriers/applications/${appId}/submit`, { integrityPledge: true });
    expect([refused.status, refused.body.code]).toEqual([422, 'CARRIER_APPLICATION_INCOMPLETE']);
    expect(refused.body.details.missing.map((m: { key: string }) => m.key)).toEqual(
      keys.map((k: string) => `evidence.${k}`),
    );
  });

  it('uploads real bytes (several per item), refuses wrong content, unknown items and strangers; removes while a draft', async () => {
    const a = await upload('institute.demo', appId, 'sitePhotos', png, '厂房实景.png');
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ evidenceKey: 'sitePhotos', filename: '厂房实景.png', contentType: 'image/png' });
    photoA = a.body.id;
    const b = await upload('institute.demo', appId, 'sitePhotos', pdf('photos-2'), '中试车间实景.pdf');
    expect(b.status).toBe(201);
    photoB = b.body.id;
    const spare = await upload('institute.demo', appId, 'sitePhotos', pdf('spare'), '多余的一张.pdf');
    expect(spare.status).toBe(201);

    const disguised = await upload('institute.demo', appId, 'sitePhotos', html, '实景.pdf');
    expect([disguised.status, disguised.body.code]).toEqual([400, 'ATTACHMENT_TYPE_NOT_ALLOWED']);
    const empty = await upload('institute.demo', appId, 'sitePhotos', Buffer.alloc(0), '空.pdf');
    expect([empty.status, empty.body.code]).toEqual([400, 'ATTACHMENT_EMPTY']);
    const unknown = await upload('institute.demo', appId, 'boardList', pdf('x'), '理事会名单.pdf');
    expect([unknown.status, unknown.body.code]).toEqual([422, 'CARRIER_EVIDENCE_KEY_UNKNOWN']);
    const stranger = await upload('enterprise.demo', appId, 'sitePhotos', pdf('x'), '冒名.pdf');
    expect([stranger.status, stranger.body.code]).toEqual([403, 'CARRIER_EVIDENCE_NOT_ALLOWED']);

    await http()
      .delete(`${base(appId)}/evidence/${spare.body.id}`)
      .set(bearer(await as('enterprise.demo')))
      .expect(403);
    await http()
      .delete(`${base(appId)}/evidence/${spare.body.id}`)
      .set(bearer(await as('institute.demo')))
      .expect(204);
    const list = await http()
      .get(`${base(appId)}/evidence`)
      .set(bearer(await as('institute.demo')))
      .expect(200);
    const photos = list.body.items.find((i: { key: string }) => i.key === 'sitePhotos');
    expect(photos.files.map((f: { filename: string }) => f.filename)).toEqual(['厂房实景.png', '中试车间实景.pdf']);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM carrier_evidence_file WHERE application_id = $1`, [
      appId,
    ]);
    expect(n).toBe(2);

    const got = await download('institute.demo', appId, photoA);
    expect(got.status).toBe(200);
    expect(Buffer.compare(got.body as Buffer, png)).toBe(0);
    expect(got.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('submits once every item has a file; then files can no longer be added or removed', async () => {
    const partial = await post('institute.demo', `/carriers/applications/${appId}/submit`, { integrityPledge: true });
    expect(partial.status).toBe(422);
    expect(partial.body.details.missing.map((m: { key: string }) => m.key)).not.toContain('evidence.sitePhotos');
    for (const key of ['constructionPlan', 'projectList', 'equipmentProof', 'usccCertificate', 'integrityProof'])
      expect((await upload('institute.demo', appId, key, pdf(key), `${key}.pdf`)).status).toBe(201);
    const submitted = await ok('institute.demo', `/carriers/applications/${appId}/submit`, { integrityPledge: true });
    expect(submitted.body.status).toBe('submitted');
    const late = await upload('institute.demo', appId, 'sitePhotos', pdf('late'), '补交.pdf');
    expect([late.status, late.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const gone = await http()
      .delete(`${base(appId)}/evidence/${photoB}`)
      .set(bearer(await as('institute.demo')));
    expect([gone.status, gone.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
  });

  it('downloads: staff and the invited expert get the bytes; a stranger and an uninvited expert 403; anonymous 401', async () => {
    const staff = await download('staff.broker', appId, photoB);
    expect(staff.status).toBe(200);
    expect(Buffer.compare(staff.body as Buffer, pdf('photos-2'))).toBe(0);
    const stranger = await download('enterprise.demo', appId, photoB);
    expect([stranger.status, stranger.body.code]).toEqual([403, 'CARRIER_EVIDENCE_NOT_ALLOWED']);
    const strangerList = await http()
      .get(`${base(appId)}/evidence`)
      .set(bearer(await as('enterprise.demo')));
    expect([strangerList.status, strangerList.body.code]).toEqual([403, 'CARRIER_EVIDENCE_NOT_ALLOWED']);
    expect((await download('expert.demo', appId, photoB)).status).toBe(403);
    expect((await download(null, appId, photoB)).status).toBe(401);

    const formal = await ok('staff.broker', `/carriers/applications/${appId}/formal-review`, {
      pass: true,
      note: '材料齐全',
    });
    // The formal review shows each threshold with its evidence files.
    const photos = formal.body.evidenceItems.find((i: { key: string }) => i.key === 'sitePhotos');
    expect(photos.thresholdKeys).toContain('spaceM2');
    expect(photos.files.map((f: { id: string }) => f.id)).toEqual([photoA, photoB]);
    expect(formal.body.thresholds.find((t: { key: string }) => t.key === 'spaceM2')).toMatchObject({ met: true });

    await ok('staff.broker', `/carriers/applications/${appId}/experts`, { expertUserId: expertId });
    const invited = await download('expert.demo', appId, photoA);
    expect(invited.status).toBe(200);
    expect(Buffer.compare(invited.body as Buffer, png)).toBe(0);
  });

  it('on notice a visitor sees only the reduced view; files stay closed to strangers', async () => {
    await ok('expert.demo', `/carriers/applications/${appId}/expert-opinion`, {
      score: 85,
      recommend: true,
      opinion: '中试条件完备,设备清单属实',
    });
    await ok('staff.broker', `/carriers/applications/${appId}/expert-review`, { pass: true, note: '专家评审通过' });
    await ok('staff.broker', `/carriers/applications/${appId}/site-visit`, { pass: true, note: '场地与申报一致' });
    await ok('staff.broker', `/carriers/applications/${appId}/decision`, { pass: true, note: '厅务会研究同意' });
    const opened = await ok('staff.broker', `/carriers/applications/${appId}/notice`);
    expect(opened.body.status).toBe('on_notice');

    const list = await http().get('/api/v1/carriers/notices').expect(200);
    const entry = list.body.items.find((n: { id: string }) => n.id === appId);
    expect(Object.keys(entry).sort()).toEqual(
      [
        'fields',
        'hostOrgName',
        'howToObject',
        'id',
        'intlBaseType',
        'kind',
        'kindLabel',
        'noticeEndsAt',
        'noticeFirstDay',
        'noticeLastDay',
        'platformName',
        'regionCode',
        'roundTitle',
        'rule',
        'status',
      ].sort(),
    );
    expect(entry).toMatchObject({
      platformName: '稀土材料中试基地',
      kind: 'pilot_base',
      kindLabel: expect.any(String),
      hostOrgName: '包头稀土研究院',
      fields: ['rare_earth'],
      status: 'on_notice',
      noticeLastDay: opened.body.noticeLastDay,
    });
    expect(entry.howToObject).toContain('异议');
    const one = await http().get(`/api/v1/carriers/notices/${appId}`).expect(200);
    expect(one.body).toEqual(entry);
    const text = JSON.stringify(list.body);
    for (const secret of [
      '中试条件完备',
      '场地与申报一致',
      '厅务会研究同意',
      '厂房实景',
      '纸质件',
      'spaceM2',
      'siteCheck',
    ])
      expect(text).not.toContain(secret);

    // A signed-in stranger reading the application gets the reduced view (no figures, steps, experts, files).
    const seen = await http()
      .get(base(appId))
      .set(bearer(await as('enterprise.demo')))
      .expect(200);
    expect(seen.body).toMatchObject({
      publicView: true,
      form: { fields: ['rare_earth'] },
      thresholds: [],
      experts: [],
      formalReview: null,
      siteVisit: null,
      decision: null,
    });
    expect(seen.body.evidenceItems).toBeUndefined();
    expect(seen.body.objections).toBeUndefined();
    expect(JSON.stringify(seen.body)).not.toContain('中试条件完备');
    expect((await download('enterprise.demo', appId, photoA)).status).toBe(403);
    // The applicant still sees all of it.
    const own = await http()
      .get(base(appId))
      .set(bearer(await as('institute.demo')))
      .expect(200);
    expect(own.body.publicView).toBeUndefined();
    expect(own.body.evidenceItems.length).toBe(6);
  });

  it('staff see the objections and resolve them (dismissed → back on notice, upheld → rejected), with refusals', async () => {
    await ok('enterprise.demo', `/carriers/applications/${appId}/objections`, { reasons: '申报场地系租用,面积不实' });
    const frozen = await http().get(`/api/v1/carriers/notices/${appId}`).expect(200);
    expect(frozen.body.status).toBe('objection');
    const staffView = await http()
      .get(base(appId))
      .set(bearer(await as('staff.broker')))
      .expect(200);
    expect(staffView.body.objections).toEqual([
      expect.objectContaining({ reasons: '申报场地系租用,面积不实', status: 'open', lodgedByName: expect.any(String) }),
    ]);
    const objectionId = staffView.body.objections[0].id;
    const applicantView = await http()
      .get(base(appId))
      .set(bearer(await as('institute.demo')))
      .expect(200);
    expect(applicantView.body.objections).toBeUndefined();

    const byApplicant = await post('institute.demo', `/carriers/objections/${objectionId}/resolve`, {
      outcome: 'dismissed',
      resolution: '自己驳回',
    });
    expect(byApplicant.status).toBe(403);
    const noReason = await post('staff.broker', `/carriers/objections/${objectionId}/resolve`, {
      outcome: 'dismissed',
      resolution: ' ',
    });
    expect(noReason.status).toBe(400);
    const badOutcome = await post('staff.broker', `/carriers/objections/${objectionId}/resolve`, {
      outcome: 'ignored',
      resolution: '不予理会',
    });
    expect(badOutcome.status).toBe(400);
    const unknown = await post('staff.broker', `/carriers/objections/00000000-0000-4000-8000-000000000000/resolve`, {
      outcome: 'dismissed',
      resolution: '经核实不实',
    });
    expect(unknown.status).toBe(404);

    const dismissed = await ok('staff.broker', `/carriers/objections/${objectionId}/resolve`, {
      outcome: 'dismissed',
      resolution: '经核实,场地为自有产权',
    });
    expect(dismissed.body.status).toBe('on_notice');
    expect(dismissed.body.objections[0]).toMatchObject({ status: 'dismissed', resolution: '经核实,场地为自有产权' });
    const again = await post('staff.broker', `/carriers/objections/${objectionId}/resolve`, {
      outcome: 'upheld',
      resolution: '再次处理',
    });
    expect([again.status, again.body.code]).toEqual([409, 'ILLEGAL_TRANSITION']);

    await ok('university.demo', `/carriers/applications/${appId}/objections`, {
      reasons: '设备清单中的中试线尚未建成',
    });
    const second = (
      await http()
        .get(base(appId))
        .set(bearer(await as('staff.broker')))
        .expect(200)
    ).body.objections.find((o: { status: string }) => o.status === 'open');
    const upheld = await ok('staff.broker', `/carriers/objections/${second.id}/resolve`, {
      outcome: 'upheld',
      resolution: '经实地核查,中试线未建成,异议成立',
    });
    expect(upheld.body.status).toBe('rejected');
    const list = await http().get('/api/v1/carriers/notices').expect(200);
    expect(list.body.items.map((n: { id: string }) => n.id)).not.toContain(appId);
    const off = await http().get(`/api/v1/carriers/notices/${appId}`);
    expect([off.status, off.body.code]).toEqual([404, 'CARRIER_NOT_ON_NOTICE']);
  });

  it('keeps the schema of the evidence table equal to its entity', async () => {
    const log = await schemaLog(db);
    const mine = log.upQueries.map((q) => q.query).filter((q) => /carrier_evidence/.test(q));
    expect(mine).toEqual([]);
  });
});
