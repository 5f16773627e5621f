import { Role, StaffRole } from './identity';

/**
 * What a staff sub-role may do — the one table of it, read by the API's guards (`@Requires(...)`) and by the web
 * (which shows only the actions a user may take). A staff member holds the capabilities of each of their
 * sub-roles; `admin` holds every capability. Users who are not staff hold none (their rights follow from their
 * role and organisation, checked by the services).
 */
export enum Capability {
  /** 审核单位 — verify an organisation's registration (RULEBOOK §1). */
  VerifyOrganizations = 'verify_organizations',
  /** 维护控制关系与信用记录 — add, end or remove control edges, add credit records (seed `004 §4`–`§8`, `§14`). */
  EditControlGraph = 'edit_control_graph',
  /** 组织对接 — broker negotiation rooms: join as broker, pause, resume, close (seed `004 §9(六)`). */
  BrokerNegotiations = 'broker_negotiations',
  /**
   * 推进项目 — run a deal: open and close the notice, return a draft, resolve objections, register the signing,
   * review installments and milestones, record acceptance opinions and conclusions, confirm the economic benefit,
   * propose a subsidy (seed `004 §9(七)`–`§12`).
   */
  RunDeals = 'run_deals',
  /** 导出项目档案 — export a deal's audited history (CSV, Excel). */
  ExportDealHistory = 'export_deal_history',
  /** 审批变更 — decide a deal change (extension, termination) agreed by the parties. */
  DecideDealChanges = 'decide_deal_changes',
  /** 审批资助 — approve, reject and disburse a subsidy (never the proposer; seed `004 §12`, `§14`). */
  ApproveSubsidy = 'approve_subsidy',
  /** 管理账号 — create, edit, disable accounts and reset their passwords; keep the expert pool. */
  ManageUsers = 'manage_users',
  /**
   * 查看辖区记录 — read an authority's organisations, listings, applications and deals (`/api/v1/authority/…`);
   * a recommender sees its own authority's only.
   */
  ViewAuthorityRecords = 'view_authority_records',
  /**
   * 查看统计 — the statistics dashboard and the money ledger (`/api/v1/stats/…`); a recommender sees its own
   * authority's figures only.
   */
  ViewStats = 'view_stats',
  /** 导出报表 — Excel/CSV exports of listings, organisations, applications, deals and subsidies (`/api/v1/exports/…`). */
  ExportRecords = 'export_records',
  /**
   * 载体管理 — run the carrier programmes (issue 15; RULEBOOK §7): rule sets, rounds, formal review, experts, site
   * visit, decision, notice, publication, annual reports' filing, evaluations, revocation, support proposals.
   */
  RunCarrierProgrammes = 'run_carrier_programmes',
  /**
   * 载体推荐 — the recommending authority's step (`000` 四.2; `002` 二): review its region's carrier applications,
   * record site and credit checks, recommend or return; review annual reports.
   */
  RecommendCarriers = 'recommend_carriers',
  /**
   * 维护节假日 — enter, correct and remove a year's State Council holiday schedule (`/api/v1/calendar/years`; issue 14
   * item 5): notice periods, due dates and reminders count working days by it.
   */
  MaintainCalendar = 'maintain_calendar',
}

/** Plain-Chinese name of each capability (for refusals and the web). */
export const CAPABILITY_LABELS: Record<Capability, string> = {
  [Capability.VerifyOrganizations]: '审核单位',
  [Capability.EditControlGraph]: '维护控制关系与信用记录',
  [Capability.BrokerNegotiations]: '组织对接洽谈',
  [Capability.RunDeals]: '推进项目',
  [Capability.ExportDealHistory]: '导出项目档案',
  [Capability.DecideDealChanges]: '审批项目变更',
  [Capability.ApproveSubsidy]: '审批资助',
  [Capability.ManageUsers]: '管理账号',
  [Capability.ViewAuthorityRecords]: '查看辖区记录',
  [Capability.MaintainCalendar]: '维护节假日',
  [Capability.ViewStats]: '查看统计',
  [Capability.ExportRecords]: '导出报表',
  [Capability.RunCarrierProgrammes]: '载体管理',
  [Capability.RecommendCarriers]: '载体推荐',
};

/** The capabilities of each staff sub-role. */
export const STAFF_CAPABILITIES: Readonly<Record<StaffRole, readonly Capability[]>> = {
  [StaffRole.Broker]: [
    Capability.VerifyOrganizations,
    Capability.EditControlGraph,
    Capability.BrokerNegotiations,
    Capability.RunDeals,
    Capability.ExportDealHistory,
    Capability.ViewStats,
    Capability.ExportRecords,
    Capability.RunCarrierProgrammes,
  ],
  [StaffRole.Approver]: [
    Capability.ExportDealHistory,
    Capability.DecideDealChanges,
    Capability.ApproveSubsidy,
    Capability.ViewStats,
    Capability.ExportRecords,
  ],
  [StaffRole.Admin]: Object.values(Capability),
  [StaffRole.Recommender]: [Capability.RecommendCarriers, Capability.ViewAuthorityRecords, Capability.ViewStats],
};

/** True when staff holding `staffRoles` have `capability` (any sub-role granting it; `admin` grants all). */
export function staffRolesCan(staffRoles: readonly StaffRole[], capability: Capability): boolean {
  return staffRoles.some((r) => STAFF_CAPABILITIES[r]?.includes(capability));
}

/**
 * True when `user` (a `CurrentUser` or anything with its `role` and `staffRoles`) has `capability`: a staff
 * member one of whose sub-roles grants it. False for no user and for users who are not staff.
 */
export function can(
  user: { role: Role; staffRoles: readonly StaffRole[] } | null | undefined,
  capability: Capability,
): boolean {
  return !!user && user.role === Role.Staff && staffRolesCan(user.staffRoles, capability);
}
