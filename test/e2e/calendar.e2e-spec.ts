import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DealNoticeService } from '../../apps/api/src/deals/deal-notice.service';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';
import { makeDeal, userOf } from '../helpers/deals';

/**
 * Issue 14 item 5 — the holiday calendar staff maintain, against the real services. The State Council's 2027
 * notice is not in the project's sources (/work/shared), so 2027 is entered by hand: 1–4 January off (Friday to
 * Monday), Saturday 9 January a make-up working day. A notice opened on 2026-12-31 (the last working day of 2026)
 * then ends on 2027-01-09; without the entered year it ends on 2027-01-07 and is provisional.
 *
 * The HTTP route opens a notice "now", so the notice on a chosen date is opened through the same service the
 * route calls (`DealNoticeService.openNotice` with its `openedAt`, as the demo seed does).
 */
describe('holiday calendar (issue 14 item 5)', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const bearer = (u: string) => ({ Authorization: `Bearer ${t[u]}` });
  const audits = async (action: string) =>
    Number((await db.query(`SELECT count(*)::int n FROM audit_log WHERE action = $1`, [action]))[0].n);
  const Y2027 = {
    documentNo: '国办发明电〔2026〕99号(测试录入)',
    publishedOn: '2026-11-20',
    holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-01-04'],
    makeUpWorkdays: ['2027-01-09'],
  };
  const LAST_WORKING_DAY_2026 = new Date('2026-12-31T02:00:00Z'); // 10:00 Beijing

  async function openNoticeOn(title: string, at: Date) {
    const { dealId } = await makeDeal(app, {
      kind: 'achievement',
      title,
      posterName: '包头稀土研究院',
      takerName: '包头钢铁(集团)有限责任公司',
      posterToken: t['institute.demo'],
      takerToken: t['enterprise.demo'],
      amountYuan: '1000000',
    });
    const broker = await userOf(app, t['staff.broker']);
    return app.get(DealNoticeService).openNotice(broker, dealId, undefined, '协议要素齐全', at);
  }

  beforeAll(async () => {
    app = await bootApp('calendar');
    db = app.get(DataSource);
    await importAndIndex(app, { organizations: (demoData() as { organizations: unknown[] }).organizations });
    await seedAccounts(app);
    for (const u of ['staff.admin', 'staff.broker', 'enterprise.demo', 'institute.demo']) t[u] = await tokenFor(app, u);
  });
  afterAll(() => app?.close());

  it('without 2027 data, 2027 is provisional and a notice from 2026-12-31 counts 1 January as a working day', async () => {
    const overview = await http().get('/api/v1/calendar/years').expect(200);
    expect(overview.body.years).toEqual([]);
    expect(overview.body.coverage).toEqual(
      expect.arrayContaining([
        { year: 2026, source: 'package', provisional: false },
        { year: 2027, source: 'none', provisional: true },
      ]),
    );
    const deal = await openNoticeOn('日历测试:未录入 2027 年', LAST_WORKING_DAY_2026);
    expect(deal.notice).toMatchObject({ firstDay: '2027-01-01', lastDay: '2027-01-07', provisional: true });
    await http().get('/api/v1/calendar/years/2027').expect(404);
  });

  it('refuses non-staff and staff without the capability (403), and anonymous writes (401)', async () => {
    await http().put('/api/v1/calendar/years/2027').send(Y2027).expect(401);
    for (const u of ['enterprise.demo', 'staff.broker']) {
      const r = await http().put('/api/v1/calendar/years/2027').set(bearer(u)).send(Y2027);
      expect([r.status, r.body.code]).toEqual([403, 'FORBIDDEN']);
      const d = await http().delete('/api/v1/calendar/years/2027').query({ confirm: '2027' }).set(bearer(u));
      expect([d.status, d.body.code]).toEqual([403, 'FORBIDDEN']);
    }
    expect(Number((await db.query(`SELECT count(*)::int n FROM calendar_year`))[0].n)).toBe(0);
  });

  it('refuses dates outside the year, a date both holiday and make-up day, a bad year and bad input (nothing written)', async () => {
    const put = (year: string | number, body: object) =>
      http().put(`/api/v1/calendar/years/${year}`).set(bearer('staff.admin')).send(body);
    const outside = await put(2027, { ...Y2027, holidays: ['2026-12-31', ...Y2027.holidays] });
    expect([outside.status, outside.body.code]).toEqual([422, 'CALENDAR_DATE_OUTSIDE_YEAR']);
    expect(outside.body.message).toContain('2026-12-31');
    const both = await put(2027, { ...Y2027, makeUpWorkdays: ['2027-01-02', '2027-01-09'] });
    expect([both.status, both.body.code]).toEqual([422, 'CALENDAR_DATE_CONFLICT']);
    expect(both.body.message).toContain('2027-01-02');
    const year = await put(1999, { ...Y2027, holidays: [], makeUpWorkdays: [] });
    expect([year.status, year.body.code]).toEqual([422, 'CALENDAR_YEAR_INVALID']);
    const unreal = await put(2027, { ...Y2027, holidays: ['2027-02-30'] });
    expect([unreal.status, unreal.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noDoc = await put(2027, { ...Y2027, documentNo: '   ' });
    expect(noDoc.status).toBe(400);
    expect(Number((await db.query(`SELECT count(*)::int n FROM calendar_year`))[0].n)).toBe(0);
    expect(Number((await db.query(`SELECT count(*)::int n FROM calendar_day`))[0].n)).toBe(0);
  });

  it('staff admin enters 2027; a notice opened on 2026-12-31 ends on the date the entered calendar gives', async () => {
    const saved = await http().put('/api/v1/calendar/years/2027').set(bearer('staff.admin')).send(Y2027).expect(200);
    expect(saved.body).toMatchObject({ year: 2027, ...Y2027, updatedBy: 'staff.admin' });
    expect(await audits('calendar_created')).toBe(1);

    const one = await http().get('/api/v1/calendar/years/2027').expect(200);
    expect(one.body.holidays).toEqual(Y2027.holidays);
    const overview = await http().get('/api/v1/calendar/years').expect(200);
    expect(overview.body.coverage).toContainEqual({ year: 2027, source: 'maintained', provisional: false });

    const deal = await openNoticeOn('日历测试:已录入 2027 年', LAST_WORKING_DAY_2026);
    expect(deal.notice).toMatchObject({
      firstDay: '2027-01-05',
      lastDay: '2027-01-09',
      endsAt: '2027-01-09T16:00:00.000Z',
      provisional: false,
    });
    const wd = await http().get('/api/v1/calendar/working-days').query({ from: '2026-12-31', count: 5 }).expect(200);
    expect(wd.body).toEqual({
      from: '2026-12-31',
      count: 5,
      days: ['2027-01-05', '2027-01-06', '2027-01-07', '2027-01-08', '2027-01-09'],
      provisional: false,
    });
    await http().get('/api/v1/calendar/working-days').query({ from: '2026-12-32', count: 5 }).expect(400);
  });

  it('a correction replaces the year and is audited with what it was before', async () => {
    const corrected = { ...Y2027, holidays: ['2027-01-01'], makeUpWorkdays: [] };
    await http().put('/api/v1/calendar/years/2027').set(bearer('staff.admin')).send(corrected).expect(200);
    const [a] = await db.query(`SELECT data FROM audit_log WHERE action = 'calendar_updated'`);
    expect(a.data.before.holidays).toEqual(Y2027.holidays);
    expect(a.data.holidays).toEqual(['2027-01-01']);
    const wd = await http().get('/api/v1/calendar/working-days').query({ from: '2026-12-31', count: 1 }).expect(200);
    expect(wd.body.days).toEqual(['2027-01-04']);
  });

  it('another API process picks a change up through LISTEN/NOTIFY', async () => {
    // Write 2028 as another process would (rows and the notification in one transaction), bypassing this one.
    await db.transaction(async (em) => {
      await em.query(
        `INSERT INTO calendar_year (year, document_no, published_on) VALUES (2028, '另一进程录入', '2027-11-01')`,
      );
      await em.query(`INSERT INTO calendar_day (day, year, kind) VALUES ('2028-01-03', 2028, 'holiday')`);
      await em.query(`SELECT pg_notify('jiebang_calendar', '2028')`);
    });
    let source = 'none';
    for (let i = 0; i < 100 && source !== 'maintained'; i++) {
      const r = await http().get('/api/v1/calendar/years').expect(200);
      source = r.body.coverage.find((c: { year: number }) => c.year === 2028)?.source;
      if (source !== 'maintained') await new Promise((r) => setTimeout(r, 100));
    }
    expect(source).toBe('maintained');
    const wd = await http().get('/api/v1/calendar/working-days').query({ from: '2027-12-31', count: 1 }).expect(200);
    expect(wd.body.days).toEqual(['2028-01-04']);
  });

  it('deleting needs the year confirmed; then 2027 falls back to provisional', async () => {
    const unconfirmed = await http().delete('/api/v1/calendar/years/2027').set(bearer('staff.admin'));
    expect([unconfirmed.status, unconfirmed.body.code]).toEqual([422, 'CALENDAR_DELETE_UNCONFIRMED']);
    const wrong = await http()
      .delete('/api/v1/calendar/years/2027')
      .query({ confirm: '2028' })
      .set(bearer('staff.admin'));
    expect(wrong.status).toBe(422);
    await http().get('/api/v1/calendar/years/2027').expect(200);
    const gone = await http()
      .delete('/api/v1/calendar/years/2027')
      .query({ confirm: '2027' })
      .set(bearer('staff.admin'))
      .expect(200);
    expect(gone.body).toEqual({ year: 2027, source: 'none', provisional: true });
    expect(await audits('calendar_deleted')).toBe(1);
    await http().get('/api/v1/calendar/years/2027').expect(404);
    await http()
      .delete('/api/v1/calendar/years/2027')
      .query({ confirm: '2027' })
      .set(bearer('staff.admin'))
      .expect(404);
    expect(Number((await db.query(`SELECT count(*)::int n FROM calendar_day WHERE year = 2027`))[0].n)).toBe(0);
    const wd = await http().get('/api/v1/calendar/working-days').query({ from: '2026-12-31', count: 1 }).expect(200);
    expect(wd.body).toMatchObject({ days: ['2027-01-01'], provisional: true });
  });
});
