import {
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { CarrierEvidenceItemDto, CarrierObjectionRecordDto } from './carrier-evidence';
import {
  CarrierKind,
  CarrierProgrammeType,
  CarrierStatus,
  CarrierSupportKind,
  EvaluationGrade,
  IntlCoopBaseType,
} from './carriers';
import { IsCalendarDate, IsNotBlank, IsPlainText } from './input-rules';
import { PageQueryDto } from './page';
import { AUTHORITY_CODES } from './users';
import { YUAN_PATTERN } from './patterns';

/**
 * Request and response shapes of the carriers API (`/api/v1/carriers/…`, issue 15). The vocabulary (kinds,
 * statuses, the rule-set shape) is in `./carriers`; these are the HTTP contract. Money: fen as decimal strings in
 * answers, yuan with at most two decimals in requests; dates `YYYY-MM-DD` (Beijing).
 */

/** `POST /carriers/rule-sets`: staff load a rule set as data (`rules`: a `CarrierRuleSet`). */
export class LoadCarrierRuleSetDto {
  /** The rule set (`CarrierRuleSet` of `@jiebang/contracts`), checked by the API (422 `CARRIER_RULE_SET_INVALID`). */
  @IsObject() rules!: Record<string, unknown>;
}

/** A rule set as stored: `id` is `key@version`. */
export class CarrierRuleSetRecordDto {
  id!: string;
  key!: string;
  version!: number;
  documentNo!: string;
  title!: string;
  shipped!: boolean;
  /** The `CarrierRuleSet` itself. */
  rules!: Record<string, unknown>;
  createdAt!: string;
}

/** `POST /carriers/rounds`: staff create a round (draft) of a programme. */
export class CreateCarrierRoundDto {
  /** `platform_filing` (000/001), `intl_coop_recognition` (002), `innovation_center_formation` (003). */
  @IsIn(['platform_filing', 'intl_coop_recognition', 'innovation_center_formation']) programmeId!: string;
  @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(200) title!: string;
  /** The call's 文号. */
  @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(100) documentNo!: string;
  /** The kinds accepted (a subset of the programme's). */
  @IsIn(Object.values(CarrierKind), { each: true }) kinds!: CarrierKind[];
  @IsCalendarDate() opensOn!: string;
  @IsCalendarDate() closesOn!: string;
  /** Last day recommenders may recommend (`000` 四.2: late = refused). */
  @IsCalendarDate() recommendDeadline!: string;
  /** `key@version` of a stored rule set. */
  @IsString() @MaxLength(64) ruleSetId!: string;
}

/** A round. */
export class CarrierRoundDto {
  id!: string;
  programmeId!: string;
  programmeName!: string;
  title!: string;
  documentNo!: string;
  kinds!: string[];
  opensOn!: string;
  closesOn!: string;
  recommendDeadline!: string;
  ruleSetId!: string;
  /** `draft`, `open`, `closed` (open: opened and today within `opensOn`–`closesOn`). */
  status!: string;
  createdAt!: string;
}

/**
 * A carrier programme (issue 15 §1): 备案 of concept-validation and pilot platforms (`000`, `001`), 认定 of
 * 国际科技合作基地 (`002`), 组建 of 自治区技术创新中心 (`003`) — the data the staff's round form offers.
 */
export class CarrierProgrammeDto {
  id!: string;
  name!: string;
  type!: CarrierProgrammeType;
  /** The kinds a round of this programme may call for. */
  kinds!: CarrierKind[];
  /** The seed articles the programme's route follows (e.g. `000 四; 001 §10–11`). */
  source!: string;
}

/** `GET /carriers/programmes` answer. */
export class CarrierProgrammeListDto {
  items!: CarrierProgrammeDto[];
}

/** `GET /carriers/rounds` answer. */
export class CarrierRoundListDto {
  items!: CarrierRoundDto[];
}

/** `POST /carriers/applications`: an organisation's user starts an application (draft). */
export class CreateCarrierApplicationDto {
  @IsUUID('4') roundId!: string;
  @IsIn(Object.values(CarrierKind)) kind!: CarrierKind;
  /** For 国际科技合作基地: one of its three types (`002`). */
  @IsOptional() @IsIn(Object.values(IntlCoopBaseType)) intlBaseType?: IntlCoopBaseType;
  /** The platform's name as applied for (the plate name is derived from it). */
  @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(100) platformName!: string;
  /** The structured 申报书 (annex fields; see `PATCH`). */
  @IsOptional() @IsObject() form?: Record<string, unknown>;
  /** Direct applicant (universities, institutes, 中央驻区单位: `001 §10(一)`, `002` 二(一)). */
  @IsOptional() @IsBoolean() direct?: boolean;
  /** A national-level 国合基地, registered outside the quota (`002` 二). */
  @IsOptional() @IsBoolean() nationalLevel?: boolean;
  /**
   * The 归口管理部门 the applicant reports to (`000` 四.1: 盟市科技局 … 自治区有关部门; `002` 二(一)): an `AUTHORITIES`
   * code — a 自治区部门 (`dept.*`) or the 盟市 of its own region (the default when omitted); ignored for a direct
   * application. 422 `CARRIER_AUTHORITY_NOT_ALLOWED` for another 盟市.
   */
  @IsOptional() @IsIn(AUTHORITY_CODES, { message: '请从名单中选择归口管理部门' }) authority?: string;
}

/**
 * `PATCH /carriers/applications/:id`: autosave of a draft. `form` keys: every threshold key of the round's rule set
 * (numbers in the threshold's unit: m², persons, counts, fen as a number or yuan string under `…Yuan`, booleans),
 * `fields` (Field[]), `evidence` (`{ [requiredEvidenceKey]: string }` — the file reference or description),
 * `foreignPartners` for 国合基地, `coBuilders`, `branches`, `committee` for 技术创新中心.
 */
export class UpdateCarrierApplicationDto {
  @IsOptional() @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(100) platformName?: string;
  @IsOptional() @IsObject() form?: Record<string, unknown>;
  @IsOptional() @IsBoolean() direct?: boolean;
  @IsOptional() @IsBoolean() nationalLevel?: boolean;
  /** As at creation: a 自治区部门 or the 盟市 of the applicant's region (422 `CARRIER_AUTHORITY_NOT_ALLOWED`). */
  @IsOptional() @IsIn(AUTHORITY_CODES, { message: '请从名单中选择归口管理部门' }) authority?: string;
}

/** `POST /carriers/applications/:id/submit`: the applicant signs the integrity pledge (诚信承诺, `001 §10(一)`). */
export class SubmitCarrierApplicationDto {
  @IsBoolean() integrityPledge!: boolean;
}

/**
 * `POST /carriers/applications/:id/recommend|return`: the recommender's review with its site check (实地核查) and
 * credit check (信用审核) records (`000` 四.2).
 */
export class RecommendCarrierApplicationDto {
  @IsString() @IsNotBlank(2, { message: '请填写实地核查情况' }) @MaxLength(2000) siteCheck!: string;
  @IsString() @IsNotBlank(2, { message: '请填写信用审核情况' }) @MaxLength(2000) creditCheck!: string;
  @IsString() @IsNotBlank(2, { message: '请填写推荐意见' }) @MaxLength(2000) opinion!: string;
}

/** `POST /carriers/applications/:id/return`: send back with the reason. */
export class ReturnCarrierApplicationDto {
  @IsString() @IsNotBlank(2, { message: '请写明退回理由' }) @MaxLength(2000) reason!: string;
}

/** A staff or expert step with a note (formal review outcome, site visit, decision minutes…). */
export class CarrierStepDto {
  /** True to pass the step, false to reject the application. */
  @IsBoolean() pass!: boolean;
  @IsString() @IsNotBlank(2, { message: '请填写意见或纪要' }) @MaxLength(4000) note!: string;
  /** For the decision (会议研究): the meeting's date. */
  @IsOptional() @IsCalendarDate() meetingOn?: string;
}

/** `POST /carriers/applications/:id/experts`: staff invite an expert (recusal checked). */
export class AssignCarrierExpertDto {
  @IsUUID('4') expertUserId!: string;
}

/** `POST /carriers/applications/:id/expert-opinion`: the invited expert's opinion. */
export class CarrierExpertOpinionDto {
  @IsInt() @Min(0) @Max(100) score!: number;
  @IsBoolean() recommend!: boolean;
  @IsString() @IsNotBlank(2, { message: '请填写评审意见' }) @MaxLength(4000) opinion!: string;
}

/** `POST /carriers/applications/:id/objections`: anyone signed in objects while the notice runs. */
export class CarrierObjectionDto {
  @IsString() @IsNotBlank(2, { message: '请写明异议理由' }) @MaxLength(4000) reasons!: string;
}

/** `POST /carriers/objections/:id/resolve`. */
export class ResolveCarrierObjectionDto {
  @IsIn(['dismissed', 'upheld']) outcome!: 'dismissed' | 'upheld';
  @IsString() @IsNotBlank(2) @MaxLength(4000) resolution!: string;
}

/** `POST /carriers/applications/:id/publish`: 发文公布 with the 文号 and date. */
export class PublishCarrierDto {
  @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(100) documentNo!: string;
  @IsCalendarDate() publishedOn!: string;
  /** 加挂 (plate added to an existing platform: operation support only, `001 §17`). */
  @IsOptional() @IsBoolean() attached?: boolean;
}

/** One threshold of the formal review: declared figure against the rule set's requirement. */
export class CarrierThresholdResultDto {
  key!: string;
  label!: string;
  /** The requirement in words or figures. */
  required!: unknown;
  declared!: unknown;
  /** This threshold alone is met. */
  met!: boolean;
  /** For alternatives (符合以下条件之一): the group's key, and whether the group is met. */
  anyOf!: string | null;
  groupMet!: boolean | null;
  /** What proves it (e.g. 场地实景图片). */
  evidence!: string | null;
  rule!: string;
}

/** One history entry (the audit log of the application or carrier). */
export class CarrierHistoryEntryDto {
  at!: string;
  action!: string;
  fromStatus!: string | null;
  toStatus!: string | null;
  actorName!: string | null;
  reason!: string | null;
  rule!: string | null;
}

/** An expert review as shown to staff. */
export class CarrierExpertReviewDto {
  id!: string;
  expertUserId!: string;
  expertName!: string | null;
  score!: number | null;
  recommend!: boolean | null;
  opinion!: string | null;
  submittedAt!: string | null;
}

/** An application. */
export class CarrierApplicationDto {
  id!: string;
  roundId!: string;
  roundTitle!: string;
  orgId!: string;
  orgName!: string;
  regionCode!: string | null;
  kind!: string;
  intlBaseType!: string | null;
  platformName!: string;
  form!: Record<string, unknown>;
  status!: string;
  authority!: string | null;
  direct!: boolean;
  nationalLevel!: boolean;
  integrityPledgeAt!: string | null;
  submittedAt!: string | null;
  recommendation!: Record<string, unknown> | null;
  formalReview!: Record<string, unknown> | null;
  siteVisit!: Record<string, unknown> | null;
  decision!: Record<string, unknown> | null;
  noticeFirstDay!: string | null;
  noticeLastDay!: string | null;
  noticeEndsAt!: string | null;
  carrierId!: string | null;
  /** Staff and the applicant: the thresholds met or missed with the declared figures (formal review). */
  thresholds!: CarrierThresholdResultDto[];
  experts!: CarrierExpertReviewDto[];
  /**
   * The required evidence items with their files — for those who may download them (the applicant's users, its
   * recommender, staff, invited experts); absent for anyone else.
   */
  evidenceItems?: CarrierEvidenceItemDto[];
  /** The objections lodged during the notice — staff only (`RunCarrierProgrammes`); absent for anyone else. */
  objections?: CarrierObjectionRecordDto[];
  /**
   * True when the caller sees only the reduced public view of an application on notice (form, steps, thresholds,
   * experts and files withheld).
   */
  publicView?: boolean;
  updatedAt!: string;
}

/** A page of applications. */
export class CarrierApplicationPageDto {
  items!: CarrierApplicationDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

/** `GET /carriers/applications` query (staff: all; recommender: its authority's; others: their organisation's). */
export class CarrierApplicationQueryDto extends PageQueryDto {
  @IsOptional() @IsString() @MaxLength(24) status?: string;
  @IsOptional() @IsUUID('4') roundId?: string;
}

/** `GET /carriers` query: the public registry. */
export class CarrierQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(Object.values(CarrierKind)) kind?: CarrierKind;
  @IsOptional() @IsIn(Object.values(CarrierStatus)) status?: CarrierStatus;
  /** A GB/T 2260 prefix or code (`1502` or `150202`). */
  @IsOptional() @Matches(/^\d{2,6}$/) regionCode?: string;
  @IsOptional() @IsString() @MaxLength(32) field?: string;
}

/** A registry entry (备案名录). */
export class CarrierDto {
  id!: string;
  kind!: string;
  kindLabel!: string;
  intlBaseType!: string | null;
  hostOrgId!: string;
  /** 依托单位. */
  hostOrgName!: string;
  name!: string;
  /** e.g. 内蒙古自治区XX中试基地. */
  plateName!: string;
  documentNo!: string;
  publishedOn!: string;
  status!: string;
  statusLabel!: string;
  regionCode!: string | null;
  fields!: string[];
  attached!: boolean;
  revokedOn!: string | null;
  revocationGround!: string | null;
  reapplyBarUntil!: string | null;
}

/** A carrier with its history. */
export class CarrierDetailDto extends CarrierDto {
  history!: CarrierHistoryEntryDto[];
  reports!: CarrierReportDto[];
  evaluations!: CarrierEvaluationDto[];
}

/** A page of the registry. */
export class CarrierPageDto {
  items!: CarrierDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

/** `POST /carriers/:id/reports`: the host's annual report for `year`. */
export class SubmitCarrierReportDto {
  @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsObject() content!: Record<string, unknown>;
}

/** `POST /carriers/reports/:id/review` (recommender) and `/file` (staff). */
export class CarrierReportStepDto {
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** An annual report. */
export class CarrierReportDto {
  id!: string;
  carrierId!: string;
  year!: number;
  status!: string;
  submittedAt!: string;
  reviewedAt!: string | null;
  filedAt!: string | null;
}

/**
 * `POST /carriers/:id/evaluations`: staff record an evaluation for the period ending `year`: a `grade`, or
 * `fromMissedReports` to grade by the annual reports missing without reason (`001 §15`, `002 §12(四)`).
 */
export class EvaluateCarrierDto {
  @IsInt() @Min(2000) @Max(2100) year!: number;
  @IsOptional() @IsIn(Object.values(EvaluationGrade)) grade?: EvaluationGrade;
  @IsOptional() @IsBoolean() fromMissedReports?: boolean;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** An evaluation. */
export class CarrierEvaluationDto {
  id!: string;
  year!: number;
  grade!: string;
  basis!: string;
  missedYears!: number[];
  fromStatus!: string;
  toStatus!: string;
  note!: string | null;
  decidedAt!: string;
}

/** `POST /carriers/:id/revoke`: revocation on a ground of `001 §18`, `002 §12`, `003 §31`, published. */
export class RevokeCarrierDto {
  @IsString() @IsNotBlank(2) @MaxLength(2000) ground!: string;
  @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(100) documentNo!: string;
  @IsCalendarDate() revokedOn!: string;
}

/**
 * `POST /carriers/:id/support`: staff propose support money for `year` — construction / operation from `baseYuan`
 * (`001 §13`); `reward` (国合基地 奖励性后补助, `002 §16`) with the amount staff decided (`amountYuan`, > 0) and
 * the `reason` (the evaluation and the meeting that decided it). `baseYuan` is required for construction and
 * operation and must be absent for a reward; `amountYuan` / `reason` are required for a reward and must be absent
 * otherwise (400 `VALIDATION_FAILED`).
 */
export class ProposeCarrierSupportDto {
  @IsIn(Object.values(CarrierSupportKind)) kind!: CarrierSupportKind;
  @IsInt() @Min(2000) @Max(2100) year!: number;
  /** Construction: last three years' eligible investment; operation: the year's service revenue (yuan). */
  @ValidateIf((o: ProposeCarrierSupportDto) => o.kind !== CarrierSupportKind.Reward || o.baseYuan !== undefined)
  @Matches(YUAN_PATTERN, { message: '金额应为以元为单位、最多两位小数的非负数' })
  baseYuan?: string;
  /** Reward only: the amount staff decided, yuan with ≤ 2 decimals, > 0 (`002 §16`). */
  @ValidateIf((o: ProposeCarrierSupportDto) => o.kind === CarrierSupportKind.Reward || o.amountYuan !== undefined)
  @Matches(YUAN_PATTERN, { message: '奖励金额应为以元为单位、最多两位小数的正数' })
  amountYuan?: string;
  /** Reward only: the basis of the decision — the evaluation and the meeting (会议纪要) that set the amount. */
  @ValidateIf((o: ProposeCarrierSupportDto) => o.kind === CarrierSupportKind.Reward || o.reason !== undefined)
  @IsString()
  @IsNotBlank(2, { message: '请写明奖励依据(考核评估结果、研究决定的会议等)' })
  @MaxLength(2000)
  reason?: string;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** `POST /carriers/support/:id/approve|reject`. */
export class DecideCarrierSupportDto {
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** `POST /carriers/support/:id/disburse`. */
export class DisburseCarrierSupportDto {
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(2, { message: '请填写拨付凭证号' })
  @MaxLength(64)
  voucherNo!: string;
}

/**
 * A support record: computed, granted after 就高不重复, with its steps. A `reward` (`002 §16`) has no rate and no
 * cap (`rateBp` and `capFen` null), `baseFen` = `computedFen` = `grantedFen` = the amount staff decided, the
 * evaluation graded 优秀 it rests on (`evaluationId`) and the `reason`; it is outside 就高不重复 (`highestNotSum`
 * null). Construction / operation records have both numbers and null `evaluationId` / `reason`.
 */
export class CarrierSupportDto {
  id!: string;
  carrierId!: string;
  orgId!: string;
  year!: number;
  /** `CarrierSupportKind`: `construction`, `operation`, `reward`. */
  kind!: string;
  baseFen!: string;
  computedFen!: string;
  /** After 就高不重复 across the organisation's platforms in the year (`001 §14`). */
  grantedFen!: string;
  /** Integer fen; null for a reward (no cap, `002 §16`). */
  capFen!: string | null;
  /** Basis points (2000 = 20 %); null for a reward (no rate). */
  rateBp!: number | null;
  capApplied!: boolean;
  /** A reward's evaluation (graded 优秀); null otherwise. */
  evaluationId!: string | null;
  /** A reward's basis (evaluation, meeting); null otherwise. */
  reason!: string | null;
  steps!: unknown[];
  highestNotSum!: Record<string, unknown> | null;
  status!: string;
  proposedBy!: string;
  decidedBy!: string | null;
  voucherNo!: string | null;
}

/** A list of support records. */
export class CarrierSupportListDto {
  items!: CarrierSupportDto[];
}

/** `GET /carriers/rule-sets` answer. */
export class CarrierRuleSetListDto {
  items!: CarrierRuleSetRecordDto[];
}
