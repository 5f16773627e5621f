/**
 * The one menu of the signed-in layout (issue 14 item 1): every page a signed-in user reaches from the side menu,
 * grouped, each entry shown only to the users it is for (role, organisation, staff capability — `can()` of
 * `@jiebang/contracts`, the table the API's guards read). The breadcrumbs and the landing page after login are
 * read from the same table, so a page added here gets its menu entry, its breadcrumb and its title at once.
 */
import {
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  BellOutlined,
  CalendarOutlined,
  ClusterOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FileSearchOutlined,
  HomeOutlined,
  KeyOutlined,
  MessageOutlined,
  ProjectOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  SoundOutlined,
  TeamOutlined,
  TrophyOutlined,
  UserSwitchOutlined,
} from '@ant-design/icons';
import { can, Capability, Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import type { ReactNode } from 'react';

/** Who an entry is for: the signed-in user (never null here). */
type Audience = (user: CurrentUser) => boolean;

/** One page of the menu. */
export interface MenuEntry {
  /** The page's path (the menu key). */
  path: string;
  /** The menu text, also the breadcrumb and the page's place name. */
  label: string;
  icon: ReactNode;
  /** Who sees it. */
  show: Audience;
}

/** A group of entries (a sub-menu on the side, a crumb of its own). */
export interface MenuGroup {
  key: string;
  label: string;
  icon: ReactNode;
  entries: MenuEntry[];
}

const recommender = (u: CurrentUser) => u.role === Role.Staff && u.staffRoles.includes(StaffRole.Recommender);
/** Staff who run the scheme (any sub-role but the read-only recommender; a recommender with another role counts). */
const staffWorker = (u: CurrentUser) => u.role === Role.Staff && u.staffRoles.some((r) => r !== StaffRole.Recommender);
const orgUser = (u: CurrentUser) => !!u.orgId && (u.role === Role.Institute || u.role === Role.Enterprise);
const expert = (u: CurrentUser) => u.role === Role.Expert;
const everyone: Audience = () => true;
const holds =
  (c: Capability): Audience =>
  (u) =>
    can(u, c);

/** The top-level entries, then the groups, in menu order. */
export const MENU: readonly (MenuEntry | MenuGroup)[] = [
  {
    path: '/workbench',
    label: '工作台',
    icon: <DashboardOutlined />,
    show: (u) => staffWorker(u) || orgUser(u),
  },
  { path: '/', label: '揭榜大厅', icon: <HomeOutlined />, show: everyone },
  { path: '/notices', label: '揭榜公示', icon: <SoundOutlined />, show: everyone },
  { path: '/results', label: '揭榜结果', icon: <TrophyOutlined />, show: everyone },
  { path: '/deals', label: '我的项目', icon: <ProjectOutlined />, show: orgUser },
  { path: '/negotiations', label: '洽谈', icon: <MessageOutlined />, show: (u) => orgUser(u) || staffWorker(u) },
  { path: '/workspace', label: '单位工作台', icon: <AppstoreOutlined />, show: orgUser },
  { path: '/expert', label: '专家评审', icon: <ExperimentOutlined />, show: expert },
  { path: '/expert/invitations', label: '评审邀请', icon: <SolutionOutlined />, show: expert },
  { path: '/expert/carriers', label: '载体评审', icon: <ClusterOutlined />, show: expert },
  { path: '/carriers', label: '载体平台', icon: <ClusterOutlined />, show: everyone },
  { path: '/carriers/notices', label: '载体公示', icon: <SoundOutlined />, show: everyone },
  {
    key: 'staff',
    label: '科技厅管理',
    icon: <SafetyCertificateOutlined />,
    entries: [
      { path: '/staff/organizations', label: '单位审核', icon: <BankOutlined />, show: staffWorker },
      { path: '/staff/pipeline', label: '项目管理', icon: <AuditOutlined />, show: staffWorker },
      { path: '/staff/deals', label: '项目跟踪', icon: <ProjectOutlined />, show: staffWorker },
      { path: '/staff/stats', label: '统计与资金', icon: <BarChartOutlined />, show: holds(Capability.ViewStats) },
      { path: '/staff/experts', label: '专家库', icon: <SolutionOutlined />, show: staffWorker },
      { path: '/staff/users', label: '账号管理', icon: <UserSwitchOutlined />, show: holds(Capability.ManageUsers) },
      { path: '/staff/calendar', label: '节假日', icon: <CalendarOutlined />, show: staffWorker },
      {
        path: '/staff/carriers',
        label: '载体管理',
        icon: <ClusterOutlined />,
        show: (u) => can(u, Capability.RunCarrierProgrammes) || can(u, Capability.RecommendCarriers),
      },
      {
        path: '/staff/carriers/rounds',
        label: '申报批次与规则集',
        icon: <ScheduleOutlined />,
        show: holds(Capability.RunCarrierProgrammes),
      },
      {
        path: '/authority',
        label: '辖区记录',
        icon: <FileSearchOutlined />,
        show: (u) => recommender(u) && can(u, Capability.ViewAuthorityRecords),
      },
    ],
  },
  {
    key: 'account',
    label: '账号',
    icon: <KeyOutlined />,
    entries: [
      { path: '/account/notifications', label: '通知设置', icon: <BellOutlined />, show: everyone },
      { path: '/account/colleagues', label: '本单位账号', icon: <TeamOutlined />, show: (u) => !!u.orgAdmin },
      { path: '/account/password', label: '修改密码', icon: <KeyOutlined />, show: everyone },
    ],
  },
];

const isGroup = (x: MenuEntry | MenuGroup): x is MenuGroup => 'entries' in x;

/** The menu as `user` sees it: entries they may use, groups with at least one such entry. */
export function menuFor(user: CurrentUser): (MenuEntry | MenuGroup)[] {
  const out: (MenuEntry | MenuGroup)[] = [];
  for (const item of MENU) {
    if (!isGroup(item)) {
      if (item.show(user)) out.push(item);
      continue;
    }
    const entries = item.entries.filter((e) => e.show(user));
    if (entries.length) out.push({ ...item, entries });
  }
  return out;
}

/** Every entry of the menu, flattened, with its group. */
function allEntries(): { entry: MenuEntry; group?: MenuGroup }[] {
  return MENU.flatMap((item) =>
    isGroup(item) ? item.entries.map((entry) => ({ entry, group: item })) : [{ entry: item }],
  );
}

/** Pages below a menu entry that have a crumb of their own (pattern on the path after the entry's). */
const DETAIL_PAGES: readonly { pattern: RegExp; label: string }[] = [
  { pattern: /^\/listings\/[^/]+$/, label: '榜单详情' },
  { pattern: /^\/deals\/[^/]+$/, label: '项目详情' },
  { pattern: /^\/negotiations\/[^/]+$/, label: '洽谈室' },
  { pattern: /^\/organizations\/[^/]+$/, label: '单位信息' },
  { pattern: /^\/staff\/pipeline\/listings\/[^/]+\/edit$/, label: '编辑榜单' },
  { pattern: /^\/workspace\/.+$/, label: '榜单编辑' },
  { pattern: /^\/expert\/carriers\/[^/]+$/, label: '申报评审' },
  { pattern: /^\/carriers\/applications(\/.*)?$/, label: '载体申报' },
  { pattern: /^\/carriers\/support-preview$/, label: '补助测算' },
  { pattern: /^\/carriers\/.+$/, label: '载体详情' },
  { pattern: /^\/staff\/carriers\/.+$/, label: '详情' },
];

/** One crumb: its text and, unless it is the page itself or a group, where it leads. */
export interface Crumb {
  title: string;
  to?: string;
}

/**
 * The breadcrumbs of `pathname` for a signed-in user: 首页 (their landing page), the group, the menu entry (the
 * longest menu path the location is under) and a detail crumb for pages below it (`/deals/:id` → 项目详情). A
 * listing's page sits under 揭榜大厅, an organisation's under 揭榜大厅 too.
 */
export function breadcrumbFor(pathname: string, user: CurrentUser): Crumb[] {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const home = landingPath(user);
  const crumbs: Crumb[] = [{ title: '首页', to: home }];
  const under = (p: string) => p !== '/' && (path === p || path.startsWith(`${p}/`));
  const match = allEntries()
    .filter(({ entry }) => under(entry.path))
    .sort((a, b) => b.entry.path.length - a.entry.path.length)[0];
  const detail = DETAIL_PAGES.find((d) => d.pattern.test(path));
  if (match) {
    if (match.entry.path === home && path === home) return [{ title: match.entry.label }];
    if (match.group) crumbs.push({ title: match.group.label });
    crumbs.push(
      path === match.entry.path ? { title: match.entry.label } : { title: match.entry.label, to: match.entry.path },
    );
    if (path !== match.entry.path && detail) crumbs.push({ title: detail.label });
    return crumbs;
  }
  if (path === '/') return home === '/' ? [{ title: '揭榜大厅' }] : [...crumbs, { title: '揭榜大厅' }];
  if (detail) return [...crumbs, { title: '揭榜大厅', to: '/' }, { title: detail.label }];
  return crumbs;
}

/** The menu key (an entry's path) to highlight for `pathname`, or undefined. */
export function selectedMenuKey(pathname: string): string | undefined {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || /^\/listings\//.test(path)) return '/';
  return allEntries()
    .map(({ entry }) => entry.path)
    .filter((p) => p !== '/' && (path === p || path.startsWith(`${p}/`)))
    .sort((a, b) => b.length - a.length)[0];
}

/** The group keys containing the entry for `pathname` (sub-menus to open). */
export function openGroupKeys(pathname: string): string[] {
  const key = selectedMenuKey(pathname);
  return MENU.filter((i): i is MenuGroup => isGroup(i) && i.entries.some((e) => e.path === key)).map((g) => g.key);
}

/**
 * Where a user lands after login when they did not come from a protected page (issue 14 item 1): 工作台 for staff
 * who run the scheme and for organisation users, 辖区记录 for a recommender, 专家评审 for an expert, the board for
 * anyone else.
 */
export function landingPath(user: CurrentUser | null | undefined): string {
  if (!user) return '/';
  if (staffWorker(user) || orgUser(user)) return '/workbench';
  if (recommender(user)) return '/authority';
  if (expert(user)) return '/expert';
  return '/';
}
