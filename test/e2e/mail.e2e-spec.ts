import { INestApplication } from '@nestjs/common';
import { AddressInfo, createServer } from 'node:net';
import { AddressObject, ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DealDto, NotificationSettingsDto, WorkbenchDto } from '@jiebang/contracts';
import { JobsService } from '../../apps/api/src/jobs/jobs.service';
import { NotificationDeliveryService } from '../../apps/api/src/notifications/delivery/delivery.service';
import { NotificationDispatcher } from '../../apps/api/src/notifications/delivery/dispatcher';
import { NotificationsService } from '../../apps/api/src/notifications/notifications.service';
import { bootApp, demoData, importAndIndex, orgId, seedAccounts, tokenFor } from '../helpers/app';
import { acceptedAchievementDeal } from '../helpers/deals';

const PUBLIC_URL = 'https://jiebang.example.org';
const EXPERT_MAIL = 'expert.demo@example.org';

/** Every message the suite's SMTP server accepted, parsed, in arrival order. */
const inbox: ParsedMail[] = [];
let smtp: SMTPServer | undefined;

/** A real SMTP server (no TLS, no login) on `port` that parses and keeps each message. */
function startSmtp(port: number): Promise<void> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          inbox.push(mail);
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  const s = smtp;
  return new Promise((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve());
  });
}

function stopSmtp(): Promise<void> {
  const s = smtp;
  smtp = undefined;
  return new Promise((resolve) => (s ? s.close(() => resolve()) : resolve()));
}

/** A TCP port free right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const recipients = (m: ParsedMail): string[] =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a: AddressObject) => a.value.map((v) => v.address ?? ''));
const to = (address: string) => inbox.filter((m) => recipients(m).includes(address));

/**
 * Reminders that leave the platform (issue 14 item 2) against a real SMTP server started here: a notification
 * written through the API is e-mailed after its transaction commits, by a job, as the recipient chose (at once, in
 * the daily digest, or not at all); a rolled-back one sends nothing; an SMTP outage is recorded and retried, not
 * lost; no send happens twice.
 */
describe('notification e-mail (SMTP)', () => {
  let app: INestApplication;
  let db: DataSource;
  let port: number;
  let broker: string;
  let expert: string;
  let expertId: string;
  let posterOrg: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    port = await freePort();
    await startSmtp(port);
    app = await bootApp('mail', {
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL, SMS_DRIVER: 'log', DIGEST_AT: '08:00' },
    });
    db = app.get(DataSource);
    await importAndIndex(app, {
      organizations: (demoData() as { organizations: unknown[] }).organizations,
    });
    await seedAccounts(app);
    broker = await tokenFor(app, 'staff.broker');
    expert = await tokenFor(app, 'expert.demo');
    [{ id: expertId }] = await db.query(`SELECT id FROM app_user WHERE username = 'expert.demo'`);
    posterOrg = await orgId(app, '包头钢铁(集团)有限责任公司');
  });
  afterAll(async () => {
    await app?.close();
    await stopSmtp();
  });

  /**
   * Staff invite expert.demo to 需求论证 of a new submitted listing through the API (a `task` notification, link
   * `/expert`); resolves with the notification's id once it was handed to delivery.
   */
  async function inviteExpert(title: string): Promise<string> {
    const [listing] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name)
       VALUES ('challenge', 'rare_earth', $1, 'submitted', $2, '包头钢铁(集团)有限责任公司') RETURNING id`,
      [title, posterOrg],
    );
    await http()
      .post(`/api/v1/listings/${listing.id}/experts`)
      .set('Authorization', `Bearer ${broker}`)
      .send({ expertUserId: expertId })
      .expect(204);
    const [n] = await db.query(
      `SELECT id FROM notification WHERE user_id = $1 AND body LIKE '%' || $2 || '%' ORDER BY created_at DESC LIMIT 1`,
      [expertId, title],
    );
    await until('dispatch', async () => {
      const [row] = await db.query(`SELECT dispatched_at FROM notification WHERE id = $1`, [n.id]);
      return row.dispatched_at ? true : undefined;
    });
    return n.id as string;
  }

  const setTask = (email: 'immediate' | 'digest' | 'off') =>
    http()
      .put('/api/v1/notifications/preferences')
      .set('Authorization', `Bearer ${expert}`)
      .send({ preferences: [{ category: 'task', email, sms: false }] })
      .expect(200);

  const deliveries = (notificationId: string) =>
    db.query(
      `SELECT user_id, channel, address, status, attempts, sent_at, error FROM notification_delivery
              WHERE notification_id = $1`,
      [notificationId],
    );

  it('shows the defaults and the demo address, and refuses an unknown category or a malformed address', async () => {
    const got = await http().get('/api/v1/notifications/preferences').set('Authorization', `Bearer ${expert}`);
    expect(got.status).toBe(200);
    const settings = got.body as NotificationSettingsDto;
    expect(settings).toMatchObject({ email: EXPERT_MAIL, emailEnabled: true, smsEnabled: true, digestAt: '08:00' });
    expect(settings.preferences.find((p) => p.category === 'task')).toEqual({
      category: 'task',
      email: 'immediate',
      sms: false,
    });
    expect(settings.preferences.find((p) => p.category === 'progress')?.email).toBe('digest');
    expect(settings.preferences).toHaveLength(6);

    const unknown = await http()
      .put('/api/v1/notifications/preferences')
      .set('Authorization', `Bearer ${expert}`)
      .send({ preferences: [{ category: 'weather', email: 'off', sms: false }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('NOTIFICATION_CATEGORY_UNKNOWN');

    const badMail = await http()
      .put('/api/v1/notifications/preferences')
      .set('Authorization', `Bearer ${expert}`)
      .send({ email: 'not-an-address', preferences: [{ category: 'task', email: 'off', sms: false }] });
    expect(badMail.status).toBe(400);
    expect(badMail.body.code).toBe('VALIDATION_FAILED');

    const after = await http().get('/api/v1/notifications/preferences').set('Authorization', `Bearer ${expert}`);
    expect(after.body.email).toBe(EXPERT_MAIL);
    expect(after.body.preferences.find((p: { category: string }) => p.category === 'task').email).toBe('immediate');
  });

  it("lets an administrator set or clear a user's address in the users module (validated)", async () => {
    const admin = await tokenFor(app, 'staff.admin');
    const [{ id: brokerId }] = await db.query(`SELECT id FROM app_user WHERE username = 'staff.broker'`);
    const patch = (body: object) =>
      http().patch(`/api/v1/users/${brokerId}`).set('Authorization', `Bearer ${admin}`).send(body);
    expect((await patch({ email: 'broker.office@example.org' })).body).toMatchObject({
      email: 'broker.office@example.org',
    });
    const bad = await patch({ email: 'broker at example' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const mine = await http().get('/api/v1/notifications/preferences').set('Authorization', `Bearer ${broker}`);
    expect(mine.body.email).toBe('broker.office@example.org');
    expect((await patch({ email: 'staff.broker.demo@example.org' })).status).toBe(200);
  });

  it('e-mails a task at once after commit: recipient, Chinese subject and body with the link; never twice', async () => {
    const id = await inviteExpert('邮件测试:稀土永磁立即通知');
    const mail = await until('the e-mail', () =>
      to(EXPERT_MAIL).find((m) => m.text?.includes('邮件测试:稀土永磁立即通知')),
    );
    expect(mail.subject).toBe('【揭榜挂帅】需求论证邀请');
    expect(mail.text).toContain('评审专家您好');
    expect(mail.text).toContain('请对榜单"邮件测试:稀土永磁立即通知"出具论证意见');
    expect(mail.text).toContain(`${PUBLIC_URL}/expert`);
    expect(mail.text).toContain(`${PUBLIC_URL}/account/notifications`);
    expect(mail.from?.text).toContain('noreply@');
    await app.get(JobsService).drain();
    const rows = await deliveries(id);
    expect(rows).toEqual([
      expect.objectContaining({
        user_id: expertId,
        channel: 'email',
        address: EXPERT_MAIL,
        status: 'sent',
        attempts: 1,
      }),
    ]);
    expect(rows[0].sent_at).toBeTruthy();

    // The same notification handed over again (a second API process, a redelivered job): nothing more is sent.
    const before = inbox.length;
    await app.get(NotificationDispatcher).dispatch(id);
    await app.get(NotificationDeliveryService).deliver(id);
    await app.get(JobsService).drain();
    expect(inbox.length).toBe(before);
    expect((await deliveries(id))[0].attempts).toBe(1);
  });

  it('sends nothing for a category turned off', async () => {
    await setTask('off');
    const before = inbox.length;
    const id = await inviteExpert('邮件测试:关闭的类别');
    await app.get(JobsService).drain();
    expect(inbox.length).toBe(before);
    expect(await deliveries(id)).toEqual([]);
    // In-app it is there all the same.
    const list = await http().get('/api/v1/notifications').set('Authorization', `Bearer ${expert}`).expect(200);
    expect(list.body.find((n: { id: string }) => n.id === id)).toMatchObject({ category: 'task', readAt: null });
  });

  it('keeps a digest category for the daily digest: nothing at once, one digest listing it, once per day', async () => {
    await setTask('digest');
    const before = inbox.length;
    const id = await inviteExpert('邮件测试:汇总的类别');
    await app.get(JobsService).drain();
    expect(inbox.length).toBe(before);
    expect(await deliveries(id)).toEqual([]);

    const delivery = app.get(NotificationDeliveryService);
    const first = await delivery.digest('2026-01-15');
    expect(first.sent).toBeGreaterThanOrEqual(1);
    const digest = await until('the digest', () => to(EXPERT_MAIL).find((m) => m.subject?.includes('每日通知汇总')));
    expect(digest.subject).toMatch(/^【揭榜挂帅】每日通知汇总\(2026-01-15,\d+ 条未读\)$/);
    expect(digest.text).toContain('【待办/审批】');
    expect(digest.text).toContain('需求论证邀请:请对榜单"邮件测试:汇总的类别"出具论证意见');
    expect(digest.text).toContain(`${PUBLIC_URL}/expert`);
    const [row] = await db.query(
      `SELECT status, attempts FROM notification_delivery WHERE user_id = $1 AND digest_date = '2026-01-15'`,
      [expertId],
    );
    expect(row).toEqual({ status: 'sent', attempts: 1 });

    // Run again for the same day (a retried job, a second process): nobody gets a second digest.
    const again = await delivery.digest('2026-01-15');
    expect(again.sent).toBe(0);
    expect(to(EXPERT_MAIL).filter((m) => m.subject?.includes('2026-01-15'))).toHaveLength(1);
  });

  it('sends nothing for a notification whose transaction rolled back', async () => {
    await setTask('immediate');
    const notifications = app.get(NotificationsService);
    await expect(
      db.transaction(async (em) => {
        await notifications.notifyUser(em, expertId, '回滚的提醒', '不应发出', '/expert', 'task');
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    // A committed one after it arrives; the rolled-back one never does, not even after a sweep.
    await db.transaction((em) => notifications.notifyUser(em, expertId, '提交的提醒', '应当发出', '/expert', 'task'));
    await until('the committed one', () => to(EXPERT_MAIL).find((m) => m.subject === '【揭榜挂帅】提交的提醒'));
    await app.get(NotificationDispatcher).sweep(0);
    await app.get(JobsService).drain();
    expect(inbox.filter((m) => m.subject?.includes('回滚的提醒'))).toEqual([]);
    expect(await db.query(`SELECT id FROM notification WHERE title = '回滚的提醒'`)).toEqual([]);
  });

  it('e-mails staff.approver about the subsidy waiting on the workbench, with its due date', async () => {
    const t: Record<string, string> = {};
    for (const u of ['staff.broker', 'staff.approver', 'institute.demo', 'enterprise.demo']) {
      t[u] = await tokenFor(app, u);
    }
    const dealId = await acceptedAchievementDeal(app, t, '邮件测试:稀土永磁成果转化');
    const proposed = await http()
      .post(`/api/v1/deals/${dealId}/subsidy`)
      .set('Authorization', `Bearer ${t['staff.broker']}`)
      .send({ idempotencyKey: randomUUID(), note: '验收通过,效益已确认' })
      .expect(200);
    const subsidyId = (proposed.body as DealDto).subsidies.find((x) => x.status === 'proposed')!.id;

    const wb = await http().get('/api/v1/workbench').set('Authorization', `Bearer ${t['staff.approver']}`).expect(200);
    const item = (wb.body as WorkbenchDto).queues
      .find((q) => q.queue === 'subsidyApproval')!
      .items.find((i) => i.id === subsidyId)!;
    expect(item.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const approverMail = 'staff.approver.demo@example.org';
    const mail = await until("the approver's e-mail", () =>
      to(approverMail).find((m) => m.subject === '【揭榜挂帅】待办:补助审批'),
    );
    expect(mail.text).toContain('科技厅审批人您好');
    expect(mail.text).toContain('后补助:邮件测试:稀土永磁成果转化');
    expect(mail.text).toContain(`请于 ${item.dueOn} 前处理`);
    expect(mail.text).toContain(`${PUBLIC_URL}/deals/${dealId}`);
    // The proposer is not asked to approve its own proposal.
    await app.get(JobsService).drain();
    expect(to('staff.broker.demo@example.org').filter((m) => m.subject === '【揭榜挂帅】待办:补助审批')).toEqual([]);
  });

  it('records a send that failed while SMTP was down and delivers it when the sweep retries', async () => {
    await stopSmtp();
    const id = await inviteExpert('邮件测试:服务器停机');
    await app.get(JobsService).drain();
    const [failed] = await deliveries(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, sent_at: null });
    expect(failed.error).toBeTruthy();
    // Staff administrators see the failure and why; nobody else may list sends.
    const admin = await tokenFor(app, 'staff.admin');
    const seen = await http()
      .get('/api/v1/notifications/deliveries?status=failed')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(seen.body.items).toEqual([
      expect.objectContaining({
        notificationId: id,
        title: '需求论证邀请',
        username: 'expert.demo',
        channel: 'email',
        address: EXPERT_MAIL,
        status: 'failed',
        attempts: 3,
        error: failed.error,
      }),
    ]);
    await http().get('/api/v1/notifications/deliveries').set('Authorization', `Bearer ${expert}`).expect(403);

    await startSmtp(port);
    expect(await app.get(NotificationDispatcher).sweep(0)).toBeGreaterThanOrEqual(1);
    await app.get(JobsService).drain();
    const mail = await until('the retried e-mail', () =>
      to(EXPERT_MAIL).find((m) => m.text?.includes('邮件测试:服务器停机')),
    );
    expect(mail.subject).toBe('【揭榜挂帅】需求论证邀请');
    const [sent] = await deliveries(id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 4, error: null });
    expect(to(EXPERT_MAIL).filter((m) => m.text?.includes('邮件测试:服务器停机'))).toHaveLength(1);
  });
});
