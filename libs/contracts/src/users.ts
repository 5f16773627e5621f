import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsEnum,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Field } from './enums';
import { Role, StaffRole } from './identity';
import { IsNotBlank, IsPlainText } from './input-rules';
import { PageQueryDto } from './page';

/** What kind of body an authority is: a 盟市 科技局 (by region) or an 自治区 department. */
export type AuthorityKind = 'region' | 'department';

/**
 * 归口管理部门 / 推荐部门 — a recommending authority (GLOSSARY `Authority`, RULEBOOK §8): the 科技局 of one of the
 * 12 leagues and cities, of 满洲里 or 二连浩特 (their own authorities, `000`), or an 自治区 department. A region
 * authority's `code` is its GB/T 2260 code; a department's is `dept.<key>`.
 */
export class AuthorityDto {
  code!: string;
  name!: string;
  kind!: AuthorityKind;
}

/** The recommending authorities a `recommender` may be scoped to (the one list; the API refuses others). */
export const AUTHORITIES: readonly AuthorityDto[] = [
  { code: '150100', name: '呼和浩特市科技局', kind: 'region' },
  { code: '150200', name: '包头市科技局', kind: 'region' },
  { code: '150300', name: '乌海市科技局', kind: 'region' },
  { code: '150400', name: '赤峰市科技局', kind: 'region' },
  { code: '150500', name: '通辽市科技局', kind: 'region' },
  { code: '150600', name: '鄂尔多斯市科技局', kind: 'region' },
  { code: '150700', name: '呼伦贝尔市科技局', kind: 'region' },
  { code: '150800', name: '巴彦淖尔市科技局', kind: 'region' },
  { code: '150900', name: '乌兰察布市科技局', kind: 'region' },
  { code: '152200', name: '兴安盟科技局', kind: 'region' },
  { code: '152500', name: '锡林郭勒盟科技局', kind: 'region' },
  { code: '152900', name: '阿拉善盟科技局', kind: 'region' },
  { code: '150781', name: '满洲里市科技局', kind: 'region' },
  { code: '152501', name: '二连浩特市科技局', kind: 'region' },
  { code: 'dept.industry', name: '自治区工业和信息化厅', kind: 'department' },
  { code: 'dept.agriculture', name: '自治区农牧厅', kind: 'department' },
  { code: 'dept.education', name: '自治区教育厅', kind: 'department' },
  { code: 'dept.health', name: '自治区卫生健康委员会', kind: 'department' },
  { code: 'dept.energy', name: '自治区能源局', kind: 'department' },
  { code: 'dept.sasac', name: '自治区国资委', kind: 'department' },
];

/** Codes of `AUTHORITIES`. */
export const AUTHORITY_CODES: readonly string[] = AUTHORITIES.map((a) => a.code);

/** The county-level cities that are their own authorities, by the prefecture they lie in (RULEBOOK §8). */
const OWN_AUTHORITY_CITIES: Readonly<Record<string, readonly string[]>> = {
  '150700': ['150781'],
  '152500': ['152501'],
};

/** The authority with this code, or undefined. */
export function findAuthority(code: string | null | undefined): AuthorityDto | undefined {
  return code ? AUTHORITIES.find((a) => a.code === code) : undefined;
}

/**
 * Which organisations' region codes an authority covers: a league or city covers the codes under it except the
 * county-level cities that are their own authorities (满洲里 leaves 呼伦贝尔, 二连浩特 leaves 锡林郭勒); such a
 * city covers its own code. A department has no region (null): its records are those linked to it.
 */
export function authorityRegionScope(code: string): { prefix: string; exclude: readonly string[] } | null {
  const a = findAuthority(code);
  if (!a || a.kind !== 'region') return null;
  if (code.endsWith('00')) return { prefix: code.slice(0, 4), exclude: OWN_AUTHORITY_CITIES[code] ?? [] };
  return { prefix: code, exclude: [] };
}

/** True when an organisation in `regionCode` is within the region authority `authority`. */
export function inAuthority(regionCode: string | null | undefined, authority: string): boolean {
  const scope = authorityRegionScope(authority);
  if (!scope || !regionCode) return false;
  return regionCode.startsWith(scope.prefix) && !scope.exclude.includes(regionCode);
}

/** Username rule of every account (same as self-registration). */
export const USERNAME_PATTERN = /^[a-zA-Z0-9_.-]{3,64}$/;

/** An expert's profile in the expert pool (专家库, GLOSSARY `ExpertProfile`). */
export class ExpertProfileInputDto {
  /** The five fields the expert covers (any of them). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(Field, { each: true, message: '领域只能是五大领域之一' })
  fields?: Field[];

  /** Other fields in words (e.g. 新材料, 智能制造). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  otherFields?: string[];

  /** 职称, e.g. 教授级高级工程师. */
  @IsOptional()
  @IsString()
  @IsPlainText({ singleLine: true })
  @MaxLength(50)
  title?: string;

  /** 专长, short phrases. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  specialities?: string[];

  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: '手机/电话号码格式不正确' })
  phone?: string;

  @IsOptional()
  @IsEmail({}, { message: '电子邮箱格式不正确' })
  email?: string;

  /** Whether staff may invite the expert now. */
  @IsOptional()
  @IsBoolean()
  available?: boolean;
}

/**
 * Body of `POST /api/v1/users`. A staff admin creates staff (sub-roles; a `recommender` also names its
 * `authority`, alone), experts (optionally with an affiliation `orgId` for recusal, and a profile) and
 * organisation users (`orgId`); an organisation's first user invites colleagues (role and organisation are its
 * own; other fields are ignored). The account gets a one-time password, returned once.
 */
export class CreateUserDto {
  @Matches(USERNAME_PATTERN, { message: '用户名为3-64位字母、数字、下划线、点或连字符' })
  username!: string;

  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(1, { message: '请填写姓名' })
  @MaxLength(50)
  displayName!: string;

  @IsOptional()
  @IsEnum(Role, { message: '角色不正确' })
  role?: Role;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(StaffRole, { each: true, message: '工作人员角色不正确' })
  staffRoles?: StaffRole[];

  @IsOptional()
  @IsUUID()
  orgId?: string;

  /** The recommender's authority (a code of `AUTHORITIES`). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  authority?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ExpertProfileInputDto)
  expert?: ExpertProfileInputDto;

  /** Where notifications are e-mailed (staff administrators); `null` or `''` removes it. */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @MaxLength(200, { message: '电子邮箱不能超过 200 个字符' })
  @IsEmail({}, { message: '电子邮箱格式不正确,例如 name@example.org' })
  email?: string | null;

  /** Mobile number for SMS notifications (staff administrators); `null` or `''` removes it. */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号码应为 11 位数字,例如 13800000000' })
  phone?: string | null;
}

/** Body of `PATCH /api/v1/users/:id`: what changes (staff admins: all; an organisation's first user: the name). */
export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(1, { message: '请填写姓名' })
  @MaxLength(50)
  displayName?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsEnum(StaffRole, { each: true, message: '工作人员角色不正确' })
  staffRoles?: StaffRole[];

  @IsOptional()
  @IsString()
  @MaxLength(64)
  authority?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => ExpertProfileInputDto)
  expert?: ExpertProfileInputDto;

  /** Where notifications are e-mailed (staff administrators); `null` or `''` removes it. */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @MaxLength(200, { message: '电子邮箱不能超过 200 个字符' })
  @IsEmail({}, { message: '电子邮箱格式不正确,例如 name@example.org' })
  email?: string | null;

  /** Mobile number for SMS notifications (staff administrators); `null` or `''` removes it. */
  @IsOptional()
  @ValidateIf((_o, v) => v !== null && v !== '')
  @Matches(/^1[3-9]\d{9}$/, { message: '手机号码应为 11 位数字,例如 13800000000' })
  phone?: string | null;
}

/** Query of `GET /api/v1/users`. */
export class UserQueryDto extends PageQueryDto {
  @IsOptional()
  @IsEnum(Role)
  role?: Role;

  @IsOptional()
  @IsEnum(StaffRole)
  staffRole?: StaffRole;

  @IsOptional()
  @IsUUID()
  orgId?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  disabled?: 'true' | 'false';

  @IsOptional()
  @IsString()
  @MaxLength(64)
  authority?: string;

  /** Part of the username or the name. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;
}

/** An account as administrators see it (never its password or second factor). Times are ISO 8601. */
export class UserDto {
  id!: string;
  username!: string;
  displayName!: string;
  role!: Role;
  staffRoles!: StaffRole[];
  orgId!: string | null;
  orgName!: string | null;
  /** The recommender's authority code (`AUTHORITIES`), else null. */
  authority!: string | null;
  /** True for the organisation's first user, who manages its colleagues. */
  orgAdmin!: boolean;
  disabled!: boolean;
  /** The user must set a password of its own at the next login. */
  mustChangePassword!: boolean;
  /** Whether the second factor is on (staff approvers and administrators need it). */
  totpEnabled!: boolean;
  createdAt!: string;
  /** Where notifications are e-mailed, or null. */
  email?: string | null;
  /** Mobile number for SMS notifications, or null. */
  phone?: string | null;
}

/** A page of `GET /api/v1/users`. */
export class UserPageDto {
  items!: UserDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

/**
 * Answer of `POST /api/v1/users` and `POST /api/v1/users/:id/reset-password`: the account and its one-time
 * password, shown this once (never stored in clear); the user must replace it at the first login.
 */
export class OneTimePasswordDto {
  user!: UserDto;
  oneTimePassword!: string;
}

/** Query of `GET /api/v1/experts` (staff): the expert pool. */
export class ExpertQueryDto {
  @IsOptional()
  @IsEnum(Field)
  field?: Field;

  @IsOptional()
  @IsIn(['true', 'false'])
  available?: 'true' | 'false';

  /** Part of the name, title, speciality or affiliation. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  /** Flag, per expert, a conflict with this application's parties (recusal through the control graph). */
  @IsOptional()
  @IsUUID()
  applicationId?: string;
}

/** An expert's review history in numbers. */
export class ExpertHistoryDto {
  /** 需求论证 invitations. */
  listingInvitations!: number;
  /** Opinions given on them, by recommendation. */
  opinionsPass!: number;
  opinionsReject!: number;
  /** 评审 assignments. */
  applicationAssignments!: number;
  /** Scores given. */
  scores!: number;
}

/** An expert of the pool (`GET /api/v1/experts`); the first four properties are the former `ExpertDto`. */
export class ExpertPoolEntryDto {
  id!: string;
  displayName!: string;
  /** The affiliation (recusal runs through its control graph). */
  orgId!: string | null;
  orgName!: string | null;
  username!: string;
  fields!: Field[];
  otherFields!: string[];
  title!: string | null;
  specialities!: string[];
  phone!: string | null;
  email!: string | null;
  available!: boolean;
  disabled!: boolean;
  history!: ExpertHistoryDto;
  /**
   * With `applicationId`: the conflict that would bar the assignment (plain-Chinese reason), else null; staff
   * are offered only experts without one.
   */
  conflict?: string | null;
}

/**
 * Days an expert has to answer an invitation (a platform setting, not a policy article): the `dueAt` of
 * `ExpertInvitationDto`.
 */
export const EXPERT_RESPONSE_DAYS = 7;

/** One invitation of an expert (`GET /api/v1/experts/me/invitations`): what it needs and by when. */
export class ExpertInvitationDto {
  subjectType!: 'listing' | 'application';
  subjectId!: string;
  title!: string;
  /** 需求论证 or 评审. */
  kind!: string;
  /** The subject's status now. */
  status!: string;
  /** What the expert still has to do, in words; null when nothing is left. */
  needs!: string | null;
  /** By when, ISO 8601 (the listing's deadline where one applies), else null. */
  dueAt!: string | null;
  done!: boolean;
  invitedAt!: string;
}

/** Query of the `/api/v1/authority/…` lists (a recommender's own authority is implied; others name one). */
export class AuthorityQueryDto extends PageQueryDto {
  /** The authority (`AUTHORITIES`); ignored for a recommender, who sees its own only. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  authority?: string;
}

/** One record of an authority's region (organisation, listing, application or deal), read only. */
export class AuthorityRecordDto {
  id!: string;
  /** The organisation's name, the listing's title, or the listing title of an application or deal. */
  title!: string;
  /** The organisation concerned: the organisation itself, the poster, the applicant, the taker. */
  orgName!: string;
  regionCode!: string | null;
  /** The status value (organisations: `verified` / `unverified`). */
  status!: string;
  /** ISO 8601. */
  createdAt!: string;
}

/** A page of an authority's records (`GET /api/v1/authority/{organizations,listings,applications,deals}`). */
export class AuthorityRecordPageDto {
  authority!: AuthorityDto;
  items!: AuthorityRecordDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}
