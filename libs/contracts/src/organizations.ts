import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate, IsNotBlank } from './input-rules';
import { Field, OrgType } from './enums';
import { PageQueryDto } from './page';

/** Kinds of control edge (下属子公司 / 控股): equity > 50 %, an explicit control agreement, or a branch (分公司). */
export type ControlKind = 'equity' | 'agreement' | 'branch';
export const CONTROL_KINDS: readonly ControlKind[] = ['equity', 'agreement', 'branch'];

/** Kinds of credit record (联合惩戒名单 / 科研失信). */
export type CreditKind = 'blacklist' | 'joint_punishment';
export const CREDIT_KINDS: readonly CreditKind[] = ['blacklist', 'joint_punishment'];

/**
 * Where a derived field of an organisation came from (issue 16 item 7): its 主营业务 (`mainBusiness`), its name when
 * it has no 主营业务 (`name`), its listings (`listings`) or the deals it is a party to (`deals`).
 */
export type FieldSource = 'mainBusiness' | 'name' | 'listings' | 'deals';
export const FIELD_SOURCES: readonly FieldSource[] = ['mainBusiness', 'name', 'listings', 'deals'];

/** Plain-Chinese names of `FieldSource`, for the "推断自…" note beside a derived field. */
export const FIELD_SOURCE_LABELS: Record<FieldSource, string> = {
  mainBusiness: '主营业务',
  name: '单位名称',
  listings: '发布的榜单',
  deals: '参与的揭榜项目',
};

/** An organisation as the API shows it. Money as a string of fen. */
export class OrganizationDto {
  id!: string;
  uscc!: string | null;
  name!: string;
  shortName!: string | null;
  formerNames!: string[];
  type!: OrgType;
  regionCode!: string | null;
  regionName!: string | null;
  address!: string | null;
  registeredCapitalFen!: string | null;
  legalRepresentative!: string | null;
  mainBusiness!: string | null;
  fields!: Field[];
  /**
   * True when the organisation declared no fields and `fields` were derived by the platform; then
   * `fieldSources` says, per field, where it came from (shown as "推断").
   */
  fieldsDerived!: boolean;
  /**
   * The carrier kinds (`CarrierKind`: `pilot_base` 中试基地, `innovation_center` 技术创新中心 …) the department's
   * registry backs for this organisation (carriers in force); never self-declared (issue 15 §5).
   */
  carrierKinds?: string[];
  fieldSources!: { field: Field; from: FieldSource[] }[];
  independentLegalPerson!: boolean;
  verified!: boolean;
  verifiedAt!: string | null;
  /** Recorded by staff as a 科技兴蒙 "4+8+N" 合作主体 (may post achievement listings whatever its type, `004 §7`). */
  partner4x8xN!: boolean;
  /** The import's provenance note and staff remarks: staff only (`null` for everyone else). */
  note!: string | null;
  /** Official source pages (linkable). */
  sourceUrls!: string[];
  /** Third-party copies of the sources, for staff and auditors only (absent for everyone else). */
  mirrorUrls?: string[];
  /** Contacts are shown to staff and the organisation's own users only. */
  contacts?: { name: string; title?: string | null; phone?: string | null; email?: string | null }[];
}

/** Query of `GET /api/v1/organizations` (staff). */
export class OrganizationQuery extends PageQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @IsIn(['true', 'false'])
  verified?: 'true' | 'false';
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** A control edge with its source (staff-edited or imported). `equityPct` is percent 0–100, 2 decimals. */
export class ControlEdgeDto {
  id!: string;
  controllerOrgId!: string;
  controllerName!: string;
  controlledOrgId!: string;
  controlledName!: string;
  equityPct!: string | null;
  kind!: ControlKind;
  validFrom!: string | null;
  validTo!: string | null;
  source!: string;
  /** Whether the edge confers its relation today (Beijing date): started (or open) and not ended. */
  inForce!: boolean;
}

/**
 * Body of `POST /api/v1/controls/:id/end` and (optional) of `DELETE /api/v1/controls/:id` (staff): ends an edge —
 * it is kept, with `validTo`, so the graph of a past date can be rebuilt (issue 11 item 6).
 */
export class EndControlEdgeDto {
  /** The last day the relation held (`YYYY-MM-DD`); default yesterday (Beijing), so it no longer counts from today. */
  @IsOptional()
  @IsCalendarDate()
  validTo?: string;

  /** Why it ended (e.g. 股权转让公告文号); recorded in the audit log. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

/** Body of `POST /api/v1/controls` (staff). A source is mandatory. */
export class CreateControlEdgeDto {
  @IsUUID()
  controllerOrgId!: string;

  @IsUUID()
  controlledOrgId!: string;

  @IsIn(CONTROL_KINDS as string[], { message: 'kind 只能是 equity, agreement 或 branch' })
  kind!: ControlKind;

  /** Percent of equity held, 0–100 (e.g. 60.5); required for `equity`. */
  @ValidateIf((o: CreateControlEdgeDto) => o.kind === 'equity' || o.equityPct !== undefined)
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'equityPct 为0-100的百分数,最多2位小数' })
  @Min(0)
  @Max(100)
  equityPct?: number;

  @IsOptional()
  @IsCalendarDate()
  validFrom?: string;

  @IsOptional()
  @IsCalendarDate()
  validTo?: string;

  @IsString()
  @IsNotBlank(2, { message: '请填写控制关系的来源(公告、工商登记等)' })
  @MaxLength(500)
  source!: string;
}

/** A credit record (联合惩戒名单 / 科研失信) with its source and validity. */
export class CreditRecordDto {
  id!: string;
  orgId!: string;
  kind!: CreditKind;
  reason!: string;
  validFrom!: string;
  validTo!: string | null;
  source!: string;
  inForce!: boolean;
}

/** Body of `POST /api/v1/credit-records` (staff). */
export class CreateCreditRecordDto {
  @IsUUID()
  orgId!: string;

  @IsIn(CREDIT_KINDS as string[], { message: 'kind 只能是 blacklist 或 joint_punishment' })
  kind!: CreditKind;

  @IsString()
  @IsNotBlank(2)
  @MaxLength(1000)
  reason!: string;

  @IsCalendarDate()
  validFrom!: string;

  @IsOptional()
  @IsCalendarDate()
  validTo?: string;

  @IsString()
  @IsNotBlank(2, { message: '请填写来源(文号或网址)' })
  @MaxLength(500)
  source!: string;
}

/** Body of `POST /api/v1/organizations/:id/verify` (staff). */
export class VerifyOrganizationDto {
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  /** `false` marks a non-independent legal person (e.g. a 分公司). Defaults to true. */
  @IsOptional()
  independentLegalPerson?: boolean;
}

/**
 * Body of `POST /api/v1/organizations/:id/partner` (staff): records whether the organisation is a 科技兴蒙 "4+8+N"
 * 合作主体 (GLOSSARY `partner4x8xN`), with the basis (e.g. the cooperation agreement), audited.
 */
export class SetPartnerDto {
  @IsBoolean()
  partner4x8xN!: boolean;

  /** The basis of the change (合作协议名称、文号), recorded in the audit log. */
  @IsString()
  @IsNotBlank(2, { message: '请填写依据(合作协议、文号等)' })
  @MaxLength(500)
  basis!: string;
}

/** `OrgType` values that are enterprises for the scheme's taker rules. */
export const ENTERPRISE_ORG_TYPES: readonly OrgType[] = [OrgType.Enterprise, OrgType.TechEnterprise];

/** A page of `GET /api/v1/organizations`. */
export class OrganizationPageDto implements Page<OrganizationDto> {
  items!: OrganizationDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

/** `GET /api/v1/organizations/:id/controls`: the organisation's direct control edges, both ways. */
export class OrganizationControlsDto {
  /** Edges where the organisation is controlled (its controllers). */
  controllers!: ControlEdgeDto[];
  /** Edges where the organisation controls another. */
  controlled!: ControlEdgeDto[];
}
