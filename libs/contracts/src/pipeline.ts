import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  Equals,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  IsObject,
  IsEmail,
  ValidateIf,
} from 'class-validator';
import { IsCalendarDate, IsNotBlank, IsPlainText } from './input-rules';
import { AchievementType, Field, IpType, ListingKind, ListingStatus, OrgType, ResultType } from './enums';
import type { NotificationCategory } from './notifications';
import { COOPERATION_FORMS, type CooperationForm } from './listings';

const WAN = /^\d{1,12}(\.\d{1,6})?$/;
const WAN_MESSAGE = '金额以万元填写,非负,最多6位小数';

/** One key technology of a challenge with its target indicator (关键技术及指标, seed `004 §9(一)`). */
export class KeyTechnologyDto {
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(2)
  @MaxLength(200)
  name!: string;

  @IsString()
  @IsNotBlank(2, { message: '请填写该关键技术的目标指标' })
  @MaxLength(500)
  targetIndicator!: string;
}

/** The demand block of a tech challenge (seed `004 §9(一)`). */
export class ChallengeDemandDto {
  @IsOptional() @IsString() @MaxLength(2000) background?: string;
  @IsOptional() @IsString() @MaxLength(3000) content?: string;
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => KeyTechnologyDto)
  keyTechnologies?: KeyTechnologyDto[];
  @IsOptional() @IsString() @MaxLength(500) resultForm?: string;
  @IsOptional() @IsString() @MaxLength(1000) takerRequirements?: string;
  @IsOptional() @IsString() @MaxLength(1000) ipOwnership?: string;
  @IsOptional() @IsString() @MaxLength(1000) benefitSharing?: string;
}

/**
 * The 征集表 (seed `004` annex 1; RULEBOOK §3) as posted or autosaved. Every field is optional while a draft;
 * `POST /listings/:id/submit` requires the complete form. Amounts in 万元 (decimal strings), stored in fen.
 */
export class ListingFormDto {
  @IsOptional() @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(4) @MaxLength(200) title?: string;
  @IsOptional() @IsEnum(Field, { message: '聚焦领域须为五大领域之一' }) field?: Field;
  @IsOptional() @IsEnum(ResultType) resultType?: ResultType;
  @IsOptional() @IsEnum(AchievementType) achievementType?: AchievementType;
  @IsOptional() @IsBoolean() hasOwnIp?: boolean;
  @IsOptional() @IsArray() @ArrayUnique() @IsEnum(IpType, { each: true }) ipTypes?: IpType[];
  /** 拟转化科技成果情况 ≤ 3000 characters. */
  @IsOptional() @IsString() @MaxLength(3000, { message: '拟转化科技成果情况不超过3000字' }) summary?: string;
  /** 技术团队情况 ≤ 1000 characters. */
  @IsOptional() @IsString() @MaxLength(1000, { message: '技术团队情况不超过1000字' }) team?: string;
  @IsOptional() @IsString() @MaxLength(100) suggestedTimeLimit?: string;
  @IsOptional() @Matches(WAN, { message: WAN_MESSAGE }) totalInvestmentWan?: string;
  @IsOptional() @Matches(/^15\d{4}$|^[1-8]\d{5}$/, { message: 'regionCode 应为6位行政区划代码' }) regionCode?: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => ChallengeDemandDto) demand?: ChallengeDemandDto;
  /** 榜额 (技术攻关) or 意向转让价格 (成果转化), in 万元 (issue 16 item 16; stored in fen). */
  @IsOptional() @Matches(WAN, { message: WAN_MESSAGE }) offerAmountWan?: string;
  /** 揭榜截止 `YYYY-MM-DD` (Beijing date, inclusive): applications after it are refused (409 `APPLY_DEADLINE_PASSED`). */
  @IsOptional() @IsCalendarDate({ message: '揭榜截止日期应为 YYYY-MM-DD' }) applyDeadline?: string;
  /** 合作方式: transfer 转让, license 许可, equity_investment 作价投资, development 合作开发. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(COOPERATION_FORMS, { each: true, message: '合作方式只能是 转让、许可、作价投资、合作开发' })
  cooperationForms?: CooperationForm[];
  /** 联系人 (shown to signed-in users only). */
  @IsOptional() @IsString() @IsPlainText({ singleLine: true }) @MaxLength(50) contactName?: string;
  @IsOptional()
  @Matches(/^$|^[0-9+\-() ]{5,30}$/, { message: '联系电话只能含数字、空格、+、-、括号,5–30 位' })
  contactPhone?: string;
  @IsOptional()
  @ValidateIf((o: { contactEmail?: string }) => o.contactEmail !== '')
  @IsEmail({}, { message: '联系邮箱格式不正确' })
  @MaxLength(100)
  contactEmail?: string;
}

/** Body of `POST /api/v1/listings` — a new draft of the caller's organisation. */
export class CreateListingDto extends ListingFormDto {
  @IsEnum(ListingKind, { message: 'kind 只能是 challenge 或 achievement' })
  kind!: ListingKind;
}

/** Body of `POST /api/v1/listings/:id/submit`: the poster attests the content is publishable (004 二.2–3). */
export class SubmitListingDto {
  @Equals(true, { message: '提交前须确认:内容不涉密、不敏感,知识产权清晰且无争议' })
  attestPublishable!: boolean;
}

/** A reason, required by refusals and closures. */
export class ReasonDto {
  @IsString()
  @IsNotBlank(2, { message: '请填写理由' })
  @MaxLength(2000)
  reason!: string;
}

/** Body of `POST /api/v1/listings/:id/close`. */
export class CloseListingDto extends ReasonDto {
  @IsIn(['taken', 'expired', 'withdrawn'], { message: 'closeReason 只能是 taken, expired 或 withdrawn' })
  closeReason!: 'taken' | 'expired' | 'withdrawn';
}

/** Body of expert invitations (`POST /listings/:id/experts`, `POST /applications/:id/experts`). */
export class AssignExpertDto {
  @IsUUID()
  expertUserId!: string;
}

/** Body of `POST /api/v1/listings/:id/opinions` (invited expert, 需求论证). */
export class ScreeningOpinionDto {
  @IsIn(['pass', 'reject'])
  recommendation!: 'pass' | 'reject';

  @IsString()
  @IsNotBlank(5, { message: '论证意见至少5个字' })
  @MaxLength(3000)
  opinion!: string;
}

/** Application lifecycle (揭榜申报 → 评审推荐, seed `004 §9(四)–(五)`). */
export enum ApplicationStatus {
  /** Waiting for consortium members' consent. */
  PendingConsent = 'pending_consent',
  Submitted = 'submitted',
  UnderReview = 'under_review',
  Recommended = 'recommended',
  Declined = 'declined',
  Withdrawn = 'withdrawn',
  /** Set by the negotiation issue. */
  AgreementDrafted = 'agreement_drafted',
}

export const APPLICATION_STATUS_LABELS: Record<ApplicationStatus, string> = {
  [ApplicationStatus.PendingConsent]: '待联合体成员确认',
  [ApplicationStatus.Submitted]: '已提交',
  [ApplicationStatus.UnderReview]: '评审中',
  [ApplicationStatus.Recommended]: '已推荐',
  [ApplicationStatus.Declined]: '未推荐',
  [ApplicationStatus.Withdrawn]: '已撤回',
  [ApplicationStatus.AgreementDrafted]: '协议草拟完成',
};

/** One line of the timetable of an implementation plan. */
export class TimetableItemDto {
  @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(200) milestone!: string;
  @IsCalendarDate() dueDate!: string;
}

/** Body of `POST /api/v1/applications` (揭榜申报) by a user of the lead organisation. */
export class CreateApplicationDto {
  @IsUUID()
  listingId!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  memberOrgIds?: string[];

  @IsString() @IsNotBlank(20, { message: '实施方案至少20字' }) @MaxLength(5000) plan!: string;
  @IsString() @IsNotBlank(5) @MaxLength(2000) team!: string;
  @Matches(WAN, { message: WAN_MESSAGE }) budgetWan!: string;

  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => TimetableItemDto)
  timetable!: TimetableItemDto[];
}

/** Expert scores against the review criteria, each 0–25 points (total 0–100), with an opinion. */
export class ScoreDto {
  @IsInt() @Min(0) @Max(25) qualification!: number;
  @IsInt() @Min(0) @Max(25) feasibility!: number;
  @IsInt() @Min(0) @Max(25) cost!: number;
  @IsInt() @Min(0) @Max(25) team!: number;
  @IsString() @IsNotBlank(5) @MaxLength(3000) opinion!: string;
}

/** Structured decline reasons the applicant sees. */
export const DECLINE_CODES = ['QUALIFICATION', 'PLAN_FEASIBILITY', 'BUDGET', 'TEAM', 'OTHER'] as const;
export type DeclineCode = (typeof DECLINE_CODES)[number];

export class DeclineDto extends ReasonDto {
  @IsIn(DECLINE_CODES as unknown as string[])
  code!: DeclineCode;
}

/** A record of the append-only, hash-chained audit log. */
export class AuditEntryDto {
  seq!: string;
  at!: string;
  entityType!: string;
  entityId!: string;
  action!: string;
  fromStatus!: string | null;
  toStatus!: string | null;
  actorUserId!: string | null;
  actorName!: string | null;
  reason!: string | null;
  rule!: string | null;
  hash!: string;
  /** The event's recorded facts (amounts in fen as strings, ids), where the endpoint serves them. */
  data?: Record<string, unknown> | null;
}

/**
 * Body of `PUT /api/v1/applications/:id/poster-opinion` — 发榜方意见 (issue 16 item 4; seed `004 §9(五)`: review is
 * organised by the department and the poster): whether the poster recommends the applicant, and why.
 */
export class PosterOpinionBody {
  @IsBoolean({ message: '请选择是否推荐' })
  recommend!: boolean;

  /** 5–3000 characters. */
  @IsString()
  @IsNotBlank(5, { message: '请填写发榜方意见(至少5个字)' })
  @MaxLength(3000, { message: '发榜方意见不超过3000字' })
  opinion!: string;
}

/** 发榜方意见 as staff and the poster read it beside the experts' scores. */
export class PosterOpinionDto {
  recommend!: boolean;
  opinion!: string;
  /** The poster's user who recorded it. */
  authorName!: string;
  /** ISO instant of the last save. */
  updatedAt!: string;
}

/** The applicant's qualifications as the review reads them (staff, the poster, assigned experts). */
export class ApplicantProfileDto {
  type!: OrgType;
  verified!: boolean;
  uscc!: string | null;
  regionCode!: string | null;
  /** 独立法人. */
  independentLegalPerson!: boolean;
  mainBusiness!: string | null;
  /** 注册资本, integer fen as a string; null when unknown. */
  registeredCapitalFen!: string | null;
}

/** An application as its applicant, the poster and staff see it (scores only where allowed). */
export class ApplicationDto {
  id!: string;
  listingId!: string;
  listingTitle!: string;
  applicantOrgId!: string;
  applicantName!: string;
  members!: { orgId: string; name: string; consentedAt: string | null }[];
  status!: ApplicationStatus;
  plan!: string;
  team!: string;
  budgetFen!: string;
  timetable!: { milestone: string; dueDate: string }[];
  decision!: { code: string | null; reason: string } | null;
  createdAt!: string;
  /** Present for staff, and for everyone allowed once the review has closed. */
  scores?: {
    expertName: string;
    qualification: number;
    feasibility: number;
    cost: number;
    team: number;
    total: number;
    opinion: string;
  }[];
  /** 发榜方意见: for staff and the poster's users; `null` until recorded (absent for everyone else). */
  posterOpinion?: PosterOpinionDto | null;
  /** The applicant's qualifications: for staff, the poster's users and assigned experts (absent otherwise). */
  applicantProfile?: ApplicantProfileDto;
}

/** An in-app notification (something of mine changed state). */
export class NotificationDto {
  id!: string;
  at!: string;
  title!: string;
  body!: string;
  link!: string | null;
  readAt!: string | null;
  /** What it is about (`NOTIFICATION_CATEGORIES`): the unit of the user's e-mail/SMS choices. */
  category!: NotificationCategory;
}

/** Listing as its poster and staff see it in workspaces and queues. */
export class ListingSummaryDto {
  id!: string;
  kind!: ListingKind;
  field!: Field | null;
  title!: string;
  status!: ListingStatus;
  posterOrgId!: string | null;
  posterName!: string;
  updatedAt!: string;
  rejectionReason!: string | null;
  closeReason!: string | null;
}

/** Kinds of attachment: IP proofs (visible to the poster, staff and invited experts) and supporting documents. */
export const ATTACHMENT_KINDS = ['ip_proof', 'supporting'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** Accepted attachment types (checked by their content, not their name) and the size limit. */
export const ATTACHMENT_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word (.docx)',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel (.xlsx)',
};
/** 20 MiB. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** An attachment's metadata (the content is served only as a download, never inline). */
export class AttachmentDto {
  id!: string;
  listingId!: string;
  kind!: AttachmentKind;
  filename!: string;
  contentType!: string;
  sizeBytes!: number;
  sha256!: string;
  createdAt!: string;
}

/** Query of `GET /api/v1/staff/listings` (the screening queue); without `status`: submitted, screening, passed. */
export class StaffQueueQuery {
  @IsOptional()
  @IsIn(Object.values(ListingStatus))
  status?: ListingStatus;
}

/** Body with an optional reason (e.g. `POST /api/v1/listings/:id/pass`). */
export class OptionalReasonDto {
  @IsOptional()
  reason?: string;
}

/** An expert user with their affiliation (`GET /api/v1/experts`). */
export class ExpertDto {
  id!: string;
  displayName!: string;
  orgId!: string | null;
  orgName!: string | null;
}

/** A recorded screening opinion of 需求论证 (`GET /api/v1/listings/:id/opinions`); `at` is ISO 8601. */
export class ScreeningOpinionRecordDto {
  expertName!: string;
  recommendation!: string;
  opinion!: string;
  at!: string;
}

/** What an expert is assigned (`GET /api/v1/expert/assignments`): listings to screen, applications to score. */
export class ExpertAssignmentsDto {
  listings!: ListingSummaryDto[];
  applications!: ApplicationDto[];
}

/** `GET /api/v1/audit/verify`: the audit hash chain recomputed; `brokenAtSeq` and `reason` when it is broken. */
export class AuditVerificationDto {
  ok!: boolean;
  /** How many audit records were checked. */
  records!: number;
  brokenAtSeq?: string;
  reason?: string;
}
