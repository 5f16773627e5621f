import { DataSource } from 'typeorm';
import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { beijingStartOf, queueDue } from '@jiebang/policy';
import { loadConfig } from '../config/env.config';
import { recommenderHolderParams, recommenderHolderSql } from './recommender-holder';
import { WorkbenchService } from './workbench.service';

const user = (role: Role, staffRoles: StaffRole[] = [], orgId: string | null = null): CurrentUser =>
  ({ id: 'u1', username: 'u', displayName: 'U', role, staffRoles, orgId }) as CurrentUser;

function service(env: Record<string, string> = {}): WorkbenchService {
  return new WorkbenchService({} as DataSource, loadConfig({ SEED_DEMO: 'false', ...env }));
}

describe('WorkbenchService.queuesOf', () => {
  const s = service();
  it('gives approvers the approval queues only, brokers the running of deals, admins every staff queue', () => {
    expect(s.queuesOf(user(Role.Staff, [StaffRole.Approver]))).toEqual(['changeDecision', 'subsidyApproval']);
    const broker = s.queuesOf(user(Role.Staff, [StaffRole.Broker]));
    expect(broker).toContain('screening');
    expect(broker).toContain('installmentConfirmation');
    expect(broker).not.toContain('subsidyApproval');
    expect(s.queuesOf(user(Role.Staff, [StaffRole.Admin]))).toEqual(
      expect.arrayContaining(['screening', 'subsidyApproval', 'changeDecision']),
    );
    expect(s.queuesOf(user(Role.Staff, [StaffRole.Recommender]))).toEqual([]);
    // A recommender with its authority reviews its region's annual reports, major changes and 考核申请 (H11).
    expect(s.queuesOf({ ...user(Role.Staff, [StaffRole.Recommender]), authority: '150200' })).toEqual([
      'carrierReportReview',
      'carrierChangeRecommend',
      'carrierEstablishmentRecommend',
    ]);
    // So does a 自治区部门 (no region: its items are those naming it, `recommenderHolderSql`).
    expect(s.queuesOf({ ...user(Role.Staff, [StaffRole.Recommender]), authority: 'dept.industry' })).toEqual([
      'carrierReportReview',
      'carrierChangeRecommend',
      'carrierEstablishmentRecommend',
    ]);
    // Staff running the programmes are told when a carrier notice has ended (公示期满待发文公布).
    expect(s.queuesOf(user(Role.Staff, [StaffRole.Broker]))).toContain('carrierNoticeEnded');
    expect(s.queuesOf(user(Role.Staff, [StaffRole.Approver]))).not.toContain('carrierNoticeEnded');
  });

  it('gives experts their invitations and organisation users their own work', () => {
    expect(s.queuesOf(user(Role.Expert))).toEqual(['expertReview']);
    expect(s.queuesOf(user(Role.Enterprise, [], 'o1'))).toEqual([
      'consent',
      'offerAnswer',
      'changeAgreement',
      'milestoneReport',
      'carrierReportDue',
    ]);
    expect(s.queuesOf(user(Role.Institute, [], null))).toEqual([]);
  });
});

describe('WorkbenchService.overdueCutoff', () => {
  it('splits entry instants exactly where items become overdue (the one cut-off the SQL count uses)', () => {
    const s = service({ WORK_QUEUE_DAYS: 'subsidyApproval=3' });
    const now = new Date('2025-10-20T10:00:00+08:00');
    const cutoff = s.overdueCutoff('subsidyApproval', now)!;
    const overdue = (at: Date) => queueDue('subsidyApproval', at, { overrides: s.overrides, now }).overdue;
    expect(overdue(new Date(cutoff.getTime() - 1))).toBe(true);
    expect(overdue(cutoff)).toBe(false);
    // 3 working days after 14 October are 15–17 October: due 17th, overdue on the 18th; after the 15th, not yet.
    expect(cutoff.toISOString()).toBe(beijingStartOf('2025-10-15').toISOString());
    expect(s.overdueCutoff('milestoneReport', now)).toBeNull();
  });

  it('reads WORK_QUEUE_DAYS and refuses a bad one at boot', () => {
    expect(service({ WORK_QUEUE_DAYS: 'screening=15' }).overrides).toEqual({ screening: 15 });
    expect(() => service({ WORK_QUEUE_DAYS: 'nosuch=3' })).toThrow(/nosuch/);
  });
});

describe('recommenderHolderSql / recommenderHolderParams (the recommender queues’ holder, one home)', () => {
  it('matches the item’s own authority first and the region only where the item names none', () => {
    const sql = recommenderHolderSql('$1', '$2', '$3').replace(/\s+/g, ' ');
    expect(sql).toMatch(/^\(q\.authority = \$1 OR \(q\.authority IS NULL AND \$2 IS NOT NULL AND EXISTS/);
    expect(sql).toContain("o.region_code LIKE $2 || '%'");
  });

  it('gives a department no region, a league its prefix less its own-authority cities, such a city itself', () => {
    expect(recommenderHolderParams('dept.industry')).toEqual(['dept.industry', null, '']);
    expect(recommenderHolderParams('150200')).toEqual(['150200', '1502', '']);
    expect(recommenderHolderParams('150700')).toEqual(['150700', '1507', '150781']);
    expect(recommenderHolderParams('150781')).toEqual(['150781', '150781', '']);
  });
});
