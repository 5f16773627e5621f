import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsEnum,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Field, OrgType } from './enums';
import { IsUscc } from './is-uscc.decorator';
import { IsAcceptablePassword } from './password-policy';
import { IsNotBlank, IsPlainText } from './input-rules';

/** Platform roles (issue "Who may take what" §1). */
export enum Role {
  /** 高校, 科研机构, 新型研发机构 users. */
  Institute = 'institute',
  Enterprise = 'enterprise',
  /** 科技厅 staff; see `StaffRole` for what each may do. */
  Staff = 'staff',
  Expert = 'expert',
}

/** Sub-roles of department staff. */
export enum StaffRole {
  /** 组织对接 — brokers deals, verifies organisations, edits the control graph and credit records. */
  Broker = 'broker',
  /** approves public money (a different person from the proposer). */
  Approver = 'approver',
  /** administers accounts and everything a broker may do. */
  Admin = 'admin',
  /**
   * 归口管理部门 / 推荐部门 — a recommending authority's officer, scoped to one `authority` (`AUTHORITIES` of
   * `users.ts`): reads its region's or department's records, writes nowhere but the steps the policy gives it.
   * Held alone (never with another sub-role).
   */
  Recommender = 'recommender',
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Institute]: '高校/科研机构',
  [Role.Enterprise]: '企业',
  [Role.Staff]: '科技厅工作人员',
  [Role.Expert]: '专家',
};

export const STAFF_ROLE_LABELS: Record<StaffRole, string> = {
  [StaffRole.Broker]: '对接专员',
  [StaffRole.Approver]: '审批人',
  [StaffRole.Admin]: '管理员',
  [StaffRole.Recommender]: '推荐部门',
};

/** Body of `POST /api/v1/auth/login`. */
export class LoginDto {
  @IsString()
  @MinLength(3)
  @MaxLength(64)
  username!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password!: string;

  /** The 6-digit TOTP code, for accounts with a second factor (else 401 `TOTP_REQUIRED` names the need). */
  @IsOptional()
  @Matches(/^[0-9]{6}$/, { message: '动态验证码应为 6 位数字' })
  totpCode?: string;
}

/**
 * Response of `POST /api/v1/auth/login` (and of `/auth/refresh`, `/auth/change-password`, `/auth/totp/confirm`
 * when they start a session): a short-lived access JWT (`expiresIn` seconds, `JWT_TTL_SECONDS`) and an opaque
 * refresh token, used once each by `POST /api/v1/auth/refresh`.
 */
export class LoginResponse {
  accessToken!: string;
  refreshToken?: string;
  /** Lifetime of `accessToken`, seconds. */
  expiresIn?: number;
  /**
   * True when the account still has a one-time password: every call but `/auth/change-password`, `/auth/me` and
   * `/auth/logout` answers 403 `PASSWORD_CHANGE_REQUIRED` until the user sets a password of its own.
   */
  mustChangePassword?: boolean;
}

/** The JWT's claims and the response of `GET /api/v1/auth/me`. */
export class CurrentUser {
  id!: string;
  username!: string;
  displayName!: string;
  role!: Role;
  staffRoles!: StaffRole[];
  orgId!: string | null;
  /** A recommender's authority (`AUTHORITIES`). */
  authority?: string | null;
  /** True for an organisation's first user, who manages its colleagues. */
  orgAdmin?: boolean;
  /** The account still has a one-time password (see `LoginResponse.mustChangePassword`). */
  mustChangePassword?: boolean;
}

/** A contact person (征集表: 姓名, 职务, 手机, 电子邮箱). */
export class ContactDto {
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(1, { message: '请填写联系人姓名' })
  @MaxLength(50)
  name!: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  title?: string;

  @IsOptional()
  @Matches(/^[0-9+\-() ]{5,20}$/, { message: '手机/电话号码格式不正确' })
  phone?: string;

  @IsOptional()
  @IsEmail({}, { message: '电子邮箱格式不正确' })
  email?: string;
}

/** The first account of a self-registering organisation. */
export class NewAccountDto {
  @Matches(/^[a-zA-Z0-9_.-]{3,64}$/, { message: '用户名为3-64位字母、数字、下划线、点或连字符' })
  username!: string;

  /** The password policy of `password-policy.ts` (≥ 12 code points, not blocked). */
  @IsString()
  @IsAcceptablePassword()
  password!: string;

  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(1, { message: '请填写姓名' })
  @MaxLength(50)
  displayName!: string;
}

/**
 * Body of `POST /api/v1/organizations` (self-registration). A bad USCC is a 400 whose `code` is the USCC
 * rule that failed (`USCC_FORMAT`, `USCC_CATEGORY`, `USCC_CHECKSUM`). The organisation starts unverified:
 * it may not post or apply until staff verify it.
 */
export class RegisterOrganizationDto {
  @IsUscc()
  uscc!: string;

  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(2, { message: '请填写单位名称(至少 2 个字,不能只有空格)' })
  @MaxLength(200)
  name!: string;

  @IsEnum(OrgType, { message: '单位类型不正确' })
  type!: OrgType;

  @Matches(/^[1-8]\d{5}$/, { message: 'regionCode 应为6位行政区划代码(GB/T 2260)' })
  regionCode!: string;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  legalRepresentative?: string;

  /** 主营业务 / 研究方向, used for matching. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  mainBusiness?: string;

  /** The five fields the organisation works in (used by matching). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsEnum(Field, { each: true, message: '领域只能是五大领域之一' })
  fields?: Field[];

  /** 注册资金 in 万元 as a decimal string (≤ 6 decimals). */
  @IsOptional()
  @Matches(/^\d{1,12}(\.\d{1,6})?$/, { message: '注册资金(万元)应为非负数,最多6位小数' })
  registeredCapitalWan?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @IsDefined({ message: '请填写首个账号 account(用户名、密码、姓名)' })
  @IsObject({ message: 'account 应为对象' })
  @ValidateNested()
  @Type(() => NewAccountDto)
  account!: NewAccountDto;
}
