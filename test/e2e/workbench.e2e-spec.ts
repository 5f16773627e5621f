import { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import {
  DealDto,
  DEALS_QUEUE,
  DealsJob,
  NotificationDto,
  WorkbenchDto,
  WORKBENCH_QUEUE,
  WorkbenchJob,
} from '@jiebang/contracts';
import { queueDue } from '@jiebang/policy';
import { JobsOptions, JobsService } from '../../apps/api/src/jobs/jobs.service';
import { remindJobId, WorkQueueNotifier } from '../../apps/api/src/workbench/work-notifier.service';
import { bootApp, demoData, importAndIndex, seedAccounts, tokenFor } from '../helpers/app';
import { acceptedAchievementDeal, elapseNotice, makeDeal, uploadDealFile } from '../helpers/deals';

/**
 * The workbench (issue 14 item 1) over the API against real PostgreSQL: staff.approver finds the waiting subsidy
 * in 补助审批 with its due date in working days (WORK_QUEUE_DAYS=subsidyApproval=3 here) and a notification about
 * it; the proposer and users without the capability do not get the queue; a party sees its own work (milestones
 * to report); an overdue item is counted; the due/overdue reminder job notifies once, however often it runs, and
 * not once the item has left the queue.
 */
describe('workbench: queues, due dates, queue notifications, reminders', () => {
  let app: INestApplication;
  let db: DataSource;
  const t: Record<string, string> = {};
  const as = (u: string) => {
    const agent = request(app.getHttpServer());
    const auth = (r: request.Test) => r.set('Authorization', `Bearer ${t[u]}`);
    return {
      get: (p: string) => auth(agent.get(p)),
      post: (p: string, body?: object) => auth(agent.post(p)).send(body ?? {}),
    };
  };
  const workbench = async (u: string): Promise<WorkbenchDto> => (await as(u).get('/api/v1/workbench').expect(200)).body;
  const notes = async (u: string): Promise<NotificationDto[]> =>
    (await as(u).get('/api/v1/notifications').expect(200)).body;
  let dealId: string;
  let subsidyId: string;
  let proposedAt: Date;

  beforeAll(async () => {
    app = await bootApp('workbench', { env: { WORK_QUEUE_DAYS: 'subsidyApproval=3' } });
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
    dealId = await acceptedAchievementDeal(app, t, '工作台:稀土永磁材料成果转化');
    const d: DealDto = (
      await as('staff.broker')
        .post(`/api/v1/deals/${dealId}/subsidy`, { idempotencyKey: randomUUID(), note: '验收通过,效益已确认' })
        .expect(200)
    ).body;
    subsidyId = d.subsidies.find((s) => s.status === 'proposed')!.id;
    const [row] = await db.query(`SELECT created_at FROM subsidy WHERE id = $1`, [subsidyId]);
    proposedAt = row.created_at;
  });
  afterAll(() => app?.close());

  it('shows staff.approver the waiting subsidy in 补助审批 with its due date counted in working days', async () => {
    const wb = await workbench('staff.approver');
    const q = wb.queues.find((x) => x.queue === 'subsidyApproval');
    expect(q).toMatchObject({ label: '补助审批', workingDays: 3, source: 'configuration', total: 1, overdue: 0 });
    const expected = queueDue('subsidyApproval', proposedAt, { overrides: { subsidyApproval: 3 } });
    expect(q!.items).toEqual([
      expect.objectContaining({
        queue: 'subsidyApproval',
        kind: 'subsidy',
        id: subsidyId,
        title: '后补助:工作台:稀土永磁材料成果转化',
        link: `/deals/${dealId}`,
        dueOn: expected.dueOn,
        overdue: false,
        workingDaysLeft: expected.workingDaysLeft,
      }),
    ]);
    expect(q!.items[0].dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(q!.items[0].workingDaysLeft).toBeGreaterThanOrEqual(1);
    // An approver holds no broker queue.
    expect(wb.queues.map((x) => x.queue)).toEqual(['changeDecision', 'subsidyApproval']);
  });

  it('notifies the approvers (not the proposer) in the transaction that proposed the subsidy', async () => {
    const mine = (await notes('staff.approver')).filter((n) => n.title === '待办:补助审批');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ link: `/deals/${dealId}`, readAt: null });
    expect(mine[0].body).toContain('请于 ');
    expect((await notes('staff.admin')).filter((n) => n.title === '待办:补助审批')).toHaveLength(1);
    expect((await notes('staff.broker')).filter((n) => n.title === '待办:补助审批')).toHaveLength(0);
  });

  it('gives users without the capability no approval queue', async () => {
    const broker = await workbench('staff.broker');
    expect(broker.queues.map((q) => q.queue)).not.toContain('subsidyApproval');
    expect(broker.queues.map((q) => q.queue)).toContain('installmentConfirmation');
    const enterprise = await workbench('enterprise.demo');
    expect(enterprise.queues.map((q) => q.queue)).not.toContain('subsidyApproval');
    const expert = await workbench('expert.demo');
    expect(expert.queues.map((q) => q.queue)).toEqual(['expertReview']);
    // The admin holds every staff queue and sees the same subsidy.
    const admin = await workbench('staff.admin');
    expect(admin.queues.find((q) => q.queue === 'subsidyApproval')!.items.map((i) => i.id)).toEqual([subsidyId]);
  });

  it('shows a party its own work: the taker its milestones to report, with their agreed dates; not the poster', async () => {
    const { dealId: second } = await makeDeal(app, {
      kind: 'achievement',
      title: '工作台:储能材料成果转化',
      posterName: '包头稀土研究院',
      takerName: '包头钢铁(集团)有限责任公司',
      posterToken: t['institute.demo'],
      takerToken: t['enterprise.demo'],
      amountYuan: '3000000',
    });
    // Both sides' acceptance opened the deal: its agreement waits for the brokers' review, and they were told.
    const review = (await workbench('staff.broker')).queues.find((q) => q.queue === 'agreementReview')!;
    expect(review.items.map((i) => i.id)).toContain(second);
    expect(
      (await notes('staff.broker')).some((n) => n.title === '待办:协议审查' && n.link === `/deals/${second}`),
    ).toBe(true);
    expect((await notes('staff.approver')).some((n) => n.title === '待办:协议审查')).toBe(false);
    await as('staff.broker').post(`/api/v1/deals/${second}/notice`, { reviewNote: '协议要素齐全' }).expect(200);
    const jobs = app.get(JobsService);
    expect(
      jobs
        .scheduledInProcess()
        .some((id) => id.startsWith(`${DEALS_QUEUE}/${DealsJob.CloseNotices}/close-notice:${second}:`)),
    ).toBe(true);
    await elapseNotice(app, second, { runCloseJob: false });
    // No read closes the notice (issue 14 item 2: off the request path): the closing job does (here run at once,
    // as the sweep would).
    expect((await as('staff.broker').get(`/api/v1/deals/${second}`).expect(200)).body.status).toBe('on_notice');
    await as('staff.broker').get('/api/v1/deals').expect(200);
    await request(app.getHttpServer()).get('/api/v1/notices').expect(200);
    expect((await db.query(`SELECT status FROM deal WHERE id = $1`, [second]))[0].status).toBe('on_notice');
    expect(
      (await workbench('staff.broker')).queues.find((q) => q.queue === 'signing')!.items.map((i) => i.id),
    ).not.toContain(second);
    await (await jobs.enqueue(DEALS_QUEUE, DealsJob.CloseNotices, {})).finished();
    const broker = await workbench('staff.broker');
    expect(
      (await notes('staff.broker')).some((n) => n.title === '待办:签约登记' && n.link === `/deals/${second}`),
    ).toBe(true);
    expect(broker.queues.find((q) => q.queue === 'signing')!.items.map((i) => i.id)).toContain(second);
    const signed: DealDto = (
      await as('staff.broker')
        .post(`/api/v1/deals/${second}/sign`, {
          contractRegistrationNo: '1502002026000555',
          taskBookNo: 'RW-2026-055',
          signedOn: '2026-11-20',
          agreementAttachmentId: await uploadDealFile(app, t['staff.broker'], second, 'agreement'),
          taskBookAttachmentId: await uploadDealFile(app, t['staff.broker'], second, 'task_book'),
        })
        .expect(200)
    ).body;
    const taker = (await workbench('enterprise.demo')).queues.find((q) => q.queue === 'milestoneReport')!;
    const mine = taker.items.filter((i) => i.link === `/deals/${second}`);
    expect(mine.map((i) => i.id).sort()).toEqual(signed.milestones.map((m) => m.id).sort());
    for (const m of signed.milestones) expect(mine.find((i) => i.id === m.id)!.dueOn).toBe(m.dueOn);
    const poster = (await workbench('institute.demo')).queues.find((q) => q.queue === 'milestoneReport')!;
    expect(poster.items.filter((i) => i.link === `/deals/${second}`)).toEqual([]);
  });

  it('schedules the reminders when the item enters the queue; the reminder notifies once, not twice', async () => {
    const jobs = app.get(JobsService);
    const notifier = app.get(WorkQueueNotifier);
    const due = queueDue('subsidyApproval', proposedAt, { overrides: { subsidyApproval: 3 } });
    for (const kind of ['due', 'overdue'] as const)
      expect(jobs.scheduledInProcess()).toContain(
        `${WORKBENCH_QUEUE}/${WorkbenchJob.Remind}/${remindJobId({ queue: 'subsidyApproval', itemId: subsidyId, kind }, due.dueOn)}`,
      );
    // Before its time the job finds nothing to say.
    expect(await notifier.remind({ queue: 'subsidyApproval', itemId: subsidyId, kind: 'overdue' })).toBe(false);
    const later = new Date(due.overdueAt.getTime() + 60_000);
    expect(await notifier.remind({ queue: 'subsidyApproval', itemId: subsidyId, kind: 'overdue' }, later)).toBe(true);
    expect(await notifier.remind({ queue: 'subsidyApproval', itemId: subsidyId, kind: 'overdue' }, later)).toBe(false);
    expect(await notifier.sweep(later)).toBe(0);
    const overdue = (await notes('staff.approver')).filter((n) => n.title === '已逾期:补助审批');
    expect(overdue).toHaveLength(1);
    expect(overdue[0].body).toContain(due.dueOn);
  });

  it('counts an item past its due date as overdue', async () => {
    await db.query(`UPDATE subsidy SET created_at = now() - interval '40 days' WHERE id = $1`, [subsidyId]);
    const wb = await workbench('staff.approver');
    const q = wb.queues.find((x) => x.queue === 'subsidyApproval')!;
    expect(q).toMatchObject({ total: 1, overdue: 1 });
    expect(q.items[0]).toMatchObject({ overdue: true });
    expect(q.items[0].workingDaysLeft).toBeLessThan(0);
    expect(wb.overdue).toBeGreaterThanOrEqual(1);
  });

  it('drops the item once approved, and a late reminder about it sends nothing', async () => {
    await as('staff.approver').post(`/api/v1/deals/${dealId}/subsidy/${subsidyId}/approve`).expect(200);
    const q = (await workbench('staff.approver')).queues.find((x) => x.queue === 'subsidyApproval')!;
    expect(q).toMatchObject({ total: 0, overdue: 0, items: [] });
    const notifier = app.get(WorkQueueNotifier);
    const farLater = new Date(Date.now() + 365 * 24 * 3_600_000);
    expect(await notifier.remind({ queue: 'subsidyApproval', itemId: subsidyId, kind: 'due' }, farLater)).toBe(false);
  });

  it('puts an expert invitation in the expert’s queue with its reminders scheduled', async () => {
    const [posterOrg] = await db.query(`SELECT id FROM organization WHERE name = '包头钢铁(集团)有限责任公司'`);
    const [listing] = await db.query(
      `INSERT INTO listing (kind, field, title, status, poster_org_id, poster_name)
       VALUES ('challenge', 'rare_earth', '工作台:需求论证邀请', 'submitted', $1, '包头钢铁(集团)有限责任公司') RETURNING id`,
      [posterOrg.id],
    );
    const [expert] = await db.query(`SELECT id FROM app_user WHERE username = 'expert.demo'`);
    await as('staff.broker').post(`/api/v1/listings/${listing.id}/experts`, { expertUserId: expert.id }).expect(204);
    const q = (await workbench('expert.demo')).queues.find((x) => x.queue === 'expertReview')!;
    const item = q.items.find((i) => i.title === '需求论证:工作台:需求论证邀请')!;
    expect(item).toMatchObject({ kind: 'expert_assignment', link: '/expert', overdue: false });
    const id = remindJobId({ queue: 'expertReview', itemId: item.id, kind: 'overdue' }, item.dueOn);
    expect(app.get(JobsService).scheduledInProcess()).toContain(`${WORKBENCH_QUEUE}/${WorkbenchJob.Remind}/${id}`);
  });

  it('refuses a bad limit with 400 and an anonymous caller with 401', async () => {
    await as('staff.approver').get('/api/v1/workbench?limit=0').expect(400);
    await as('staff.approver').get('/api/v1/workbench?limit=abc').expect(400);
    await request(app.getHttpServer()).get('/api/v1/workbench').expect(401);
  });
});

/** The delayed jobs behind the reminders, on real Redis (BullMQ's `delay`), as a multi-process deployment runs them. */
describe('delayed jobs on BullMQ', () => {
  let jobs: JobsService;
  afterAll(() => jobs?.onModuleDestroy());

  it('runs a scheduled job after its delay, once per jobId while it waits', async () => {
    jobs = new JobsService(new JobsOptions(process.env.E2E_REDIS_URL, `test_workbench_${Date.now()}`));
    const ran: string[] = [];
    let release: () => void = () => undefined;
    const first = new Promise<void>((r) => (release = r));
    jobs.register<{ v: string }>('remind-test', 'remind', async (p) => {
      ran.push(p.v);
      release();
    });
    const at = new Date(Date.now() + 300);
    expect(await jobs.schedule('remind-test', 'remind', { v: 'a' }, at, 'remind:x:due')).toBe(true);
    expect(await jobs.schedule('remind-test', 'remind', { v: 'b' }, at, 'remind:x:due')).toBe(false);
    await first;
    expect(ran).toEqual(['a']);
  });
});
