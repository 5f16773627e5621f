import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Field, OrgType } from './enums';
import { IsUscc } from './is-uscc.decorator';

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
}

/** Response of `POST /api/v1/auth/login`. */
export interface LoginResponse {
  accessToken: string;
}

/** The JWT's claims and the response of `GET /api/v1/auth/me`. */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  staffRoles: StaffRole[];
  orgId: string | null;
}

/** A contact person (征集表: 姓名, 职务, 手机, 电子邮箱). */
export class ContactDto {
  @IsString()
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

  @IsString()
  @MinLength(10, { message: '密码至少10位' })
  @MaxLength(128)
  password!: string;

  @IsString()
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
  @MinLength(2)
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

  @ValidateNested()
  @Type(() => NewAccountDto)
  account!: NewAccountDto;
}
