import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsCalendarDate, IsNotBlank, IsPlainText } from './input-rules';

/**
 * The running years of a registered carrier beyond reports and evaluations (issue 15 §6; RULEBOOK §7 "After the
 * decision"): major changes (重大事项变更, `001 §19`, `002 §14`, `003 §30`), 一事一议 (`003 §12`) and the 技术创新中心's
 * 筹建期满考核 → 正式成立 (`003 §20–21`). The pure rules are in `libs/policy/src/carriers/running.ts`.
 */

/** 重大事项变更 kinds (`001 §19`; `002 §14`; `003 §30`). */
export enum CarrierChangeKind {
  /** 更名 / 法人名称变更 (`001 §19`; `003 §30(二)`): changes the registry entry's name and plate. */
  Rename = 'rename',
  /** 负责人 / 主任(执行主任) / 法定代表人 变更 (`002 §14`; `003 §30(二)`). */
  Director = 'director',
  /** 理事长(董事长)、首席科学家 变更 (`003 §30(二)`). */
  Officers = 'officers',
  /** 地址 / 场地变更 (`000` 五.3 场地变更): may change the registry entry's region. */
  Address = 'address',
  /** 服务内容改变、经营业务变化 (`001 §19`; `002 §14`). */
  Scope = 'scope',
  /** 分立、合并、并购、重组 (`001 §19`; `002 §14`). */
  MergerSplit = 'merger_split',
  /** 牵头建设单位、共建单位 变更 (`003 §30(一)`: needs the department's approval). */
  Builders = 'builders',
  /** 建设目标、主要建设任务、建设布局 变更 (`003 §30(一)`: needs the department's approval). */
  Plan = 'plan',
}

/** The Chinese name of each change kind. */
export const CARRIER_CHANGE_KIND_LABEL: { readonly [K in CarrierChangeKind]: string } = {
  rename: '更名(法人名称变更)',
  director: '负责人(主任、法定代表人)变更',
  officers: '理事长(董事长)、首席科学家变更',
  address: '地址(场地)变更',
  scope: '服务内容或经营业务变化',
  merger_split: '分立、合并、并购重组',
  builders: '牵头建设单位、共建单位变更',
  plan: '建设目标、任务、布局变更',
};

/**
 * A change's status: `awaiting_recommender` (待组织单位审核: a carrier with a recommender — the 所辖盟市 or 组织单位 —
 * has its changes reviewed there first, `001 §19`, `003 §30`), `returned` (退回 by the recommender), `reported` (待处理), `awaiting_second` (one staff member approved a change that needs approval
 * or alters the registry; a second must confirm), `acknowledged` (备案, no approval needed), `approved` (批准, applied
 * to the registry where it alters it), `rejected` (不予批准).
 */
export enum CarrierChangeStatus {
  AwaitingRecommender = 'awaiting_recommender',
  Returned = 'returned',
  Reported = 'reported',
  AwaitingSecond = 'awaiting_second',
  Acknowledged = 'acknowledged',
  Approved = 'approved',
  Rejected = 'rejected',
}

/** The Chinese name of each change status. */
export const CARRIER_CHANGE_STATUS_LABEL: { readonly [S in CarrierChangeStatus]: string } = {
  awaiting_recommender: '待组织单位审核',
  returned: '组织单位退回',
  reported: '待处理',
  awaiting_second: '待复核',
  acknowledged: '已备案',
  approved: '已批准',
  rejected: '不予批准',
};

/** `POST /carriers/:id/changes`: the host's users report a major change (`001 §19`: within 3 months). */
export class ReportCarrierChangeDto {
  @IsIn(Object.values(CarrierChangeKind)) kind!: CarrierChangeKind;
  /** The day the change took effect (Beijing `YYYY-MM-DD`, not in the future). */
  @IsCalendarDate() changedOn!: string;
  /** What changed, in words (before → after). */
  @IsString() @IsNotBlank(2, { message: '请写明变更内容' }) @MaxLength(2000) description!: string;
  /** For `rename`: the new name of the platform (the plate name follows). */
  @IsOptional()
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(2)
  @MaxLength(100)
  newName?: string;
  /** For `address`: the new GB/T 2260 region code (6 digits). */
  @IsOptional() @Matches(/^\d{6}$/, { message: '行政区划代码应为 6 位数字' }) newRegionCode?: string;
}

/**
 * `POST /carriers/changes/:id/decide` (staff: the first decision) and `/confirm` (a second staff member for a change
 * that needs approval or alters the registry; 409 `SAME_APPROVER` for the first decider).
 */
export class DecideCarrierChangeDto {
  /** True to approve (or acknowledge), false to refuse. */
  @IsBoolean() approve!: boolean;
  @IsString() @IsNotBlank(2, { message: '请填写处理意见' }) @MaxLength(2000) note!: string;
  /**
   * Staff's first decision only: the carrier no longer meets the registration conditions (不再符合备案条件,
   * `001 §19`); with `approve: false`. A second staff member's `confirm` with `approve: true` then revokes the
   * carrier through the registry's revocation (effective from the year of the change); `approve: false` there
   * keeps it registered (the change is refused).
   */
  @IsOptional() @IsBoolean() revoke?: boolean;
}

/**
 * `POST /carriers/changes/:id/recommend` and `POST /carriers/establishment-requests/:id/recommend`: the carrier's
 * recommender (所辖盟市 科技局 / 组织单位) agrees (同意, or acknowledges a 备案 change, `003 §30(二)`) or returns it
 * with a note (`001 §19`; `003 §20`, `§30`).
 */
export class RecommenderDecisionDto {
  @IsBoolean() agree!: boolean;
  @IsString() @IsNotBlank(2, { message: '请填写审核意见' }) @MaxLength(2000) note!: string;
}

/**
 * `POST /carriers/:id/establishment-requests`: the 牵头建设单位 of a 技术创新中心 in 筹建 submits its 考核申请 when
 * the 筹建 period has ended or within the last `ESTABLISHMENT_REQUEST_LEAD_DAYS` days of it (`003 §20`).
 */
export class SubmitEstablishmentRequestDto {
  /** 筹建任务完成情况 in words. */
  @IsString() @IsNotBlank(10, { message: '请写明筹建任务完成情况(不少于 10 个字)' }) @MaxLength(4000) summary!: string;
}

/** Days before the end of 筹建 from which the 考核申请 may be submitted (configuration; `003 §20` names none). */
export const ESTABLISHMENT_REQUEST_LEAD_DAYS = 60;

/** A 考核申请's status: `submitted` (待组织单位审核), `agreed` (组织单位同意), `returned` (退回), `decided` (考核已完成). */
export enum EstablishmentRequestStatus {
  Submitted = 'submitted',
  Agreed = 'agreed',
  Returned = 'returned',
  Decided = 'decided',
}

/** The Chinese name of each 考核申请 status. */
export const ESTABLISHMENT_REQUEST_STATUS_LABEL: { readonly [S in EstablishmentRequestStatus]: string } = {
  submitted: '待组织单位审核',
  agreed: '组织单位已同意',
  returned: '组织单位退回',
  decided: '考核已完成',
};

/** A 考核申请 (`003 §20`). */
export class EstablishmentRequestDto {
  id!: string;
  carrierId!: string;
  summary!: string;
  status!: string;
  statusLabel!: string;
  /** The recommender's authority code (`AUTHORITIES`), null for a centre without one (agreed on submission). */
  authority!: string | null;
  submittedBy!: string;
  submittedAt!: string;
  recommendedBy!: string | null;
  recommendedAt!: string | null;
  recommenderNote!: string | null;
  rule!: string;
  /**
   * The materials submitted with it (`003 §20`), oldest first. A returned request's files go back to the centre's
   * materials for its next request, so a returned one lists none (the submission's audit record names them).
   */
  files!: EstablishmentFileDto[];
}

/** The material keys of a 考核申请 (`ESTABLISHMENT_MATERIALS`). */
export enum EstablishmentMaterialKey {
  /** 筹建期工作总结报告: the 建设方案's tasks and how far each was done (required). */
  SummaryReport = 'summary_report',
  /** 佐证材料 of the 考核重点 (optional). */
  Supporting = 'supporting',
}

/**
 * The materials the 牵头建设单位 attaches to its 考核申请 (`003 §20`: 期满应接受考核，建设方案作为筹建期考核的重要依据;
 * 考核重点 功能定位实现、治理体系建立、创新资源配置、创新能力建设、科技攻关产出及支撑培育科技标杆企业). The seed names no
 * list; the platform asks for the 总结报告 measured against the 建设方案 (required: without it there is nothing for the
 * experts to examine) and takes 佐证材料 for the 考核重点 (optional). Files are checked like every upload (PDF, PNG,
 * JPEG, .docx, .xlsx by content; ≤ 20 MiB each).
 */
export const ESTABLISHMENT_MATERIALS: readonly {
  key: EstablishmentMaterialKey;
  label: string;
  required: boolean;
  rule: string;
}[] = [
  {
    key: EstablishmentMaterialKey.SummaryReport,
    label: '筹建期工作总结报告(对照建设方案的任务完成情况)',
    required: true,
    rule: '003 §20',
  },
  {
    key: EstablishmentMaterialKey.Supporting,
    label: '佐证材料(功能定位、治理体系、创新资源、创新能力、科技攻关产出、支撑培育科技标杆企业)',
    required: false,
    rule: '003 §20',
  },
];

/** A file of a 考核申请's materials. `requestId` null while it is the centre's draft (not yet submitted). */
export class EstablishmentFileDto {
  id!: string;
  carrierId!: string;
  requestId!: string | null;
  /** `EstablishmentMaterialKey`. */
  materialKey!: string;
  filename!: string;
  /** The type judged by content (PDF, PNG, JPEG, .docx, .xlsx). */
  contentType!: string;
  sizeBytes!: number;
  sha256!: string;
  uploadedAt!: string;
}

/** One material of `ESTABLISHMENT_MATERIALS` with the centre's draft files. */
export class EstablishmentMaterialDto {
  key!: string;
  label!: string;
  /** Needed before submission (422 `CARRIER_ESTABLISHMENT_MATERIALS_MISSING` otherwise). */
  required!: boolean;
  rule!: string;
  files!: EstablishmentFileDto[];
}

/**
 * `GET /carriers/:id/establishment-materials`: the materials of the centre's next 考核申请 (not yet submitted) and
 * whether it may change them now (筹建 and no 考核申请 awaiting its 组织单位 or agreed).
 */
export class EstablishmentMaterialsDto {
  items!: EstablishmentMaterialDto[];
  editable!: boolean;
}

/** `GET /carriers/:id/establishment-requests` answer, newest first. */
export class EstablishmentRequestListDto {
  items!: EstablishmentRequestDto[];
}

/** A reported change. Dates Beijing `YYYY-MM-DD`. */
export class CarrierChangeDto {
  id!: string;
  carrierId!: string;
  kind!: string;
  kindLabel!: string;
  changedOn!: string;
  /** The day it was reported. */
  reportedOn!: string;
  /** The last day it could be reported on time (`changedOn` + 3 months, `001 §19`). */
  reportBy!: string;
  /** Reported after `reportBy`. */
  late!: boolean;
  description!: string;
  newName!: string | null;
  newRegionCode!: string | null;
  /** Needs the department's approval (`003 §30(一)`), else it is filed (备案). */
  needsApproval!: boolean;
  /** Alters the registry entry (name, plate, region): four eyes. */
  altersRegistry!: boolean;
  status!: string;
  statusLabel!: string;
  /** The article(s) behind it. */
  rule!: string;
  /** The recommender's authority code (所辖盟市 / 组织单位) that reviews it first, null for none. */
  recommenderAuthority!: string | null;
  recommendedBy!: string | null;
  recommenderNote!: string | null;
  /** Staff proposed revoking the carrier: 不再符合备案条件 (`001 §19`); a second staff member confirms. */
  revokeProposed!: boolean;
  firstDecisionBy!: string | null;
  firstDecisionNote!: string | null;
  secondDecisionBy!: string | null;
  secondDecisionNote!: string | null;
  createdAt!: string;
}

/** `GET /carriers/:id/changes` answer. */
export class CarrierChangeListDto {
  items!: CarrierChangeDto[];
}

/** `POST /carriers/applications/:id/case-by-case`: staff propose 一事一议 with the reasons (`003 §12`). */
export class ProposeCaseByCaseDto {
  @IsString()
  @IsNotBlank(10, { message: '请写明一事一议的理由(重大战略部署或未来产业布局)' })
  @MaxLength(4000)
  reasons!: string;
}

/** `POST /carriers/case-by-case/:id/approve|reject`: a second staff member decides (409 `SAME_APPROVER`). */
export class DecideCaseByCaseDto {
  @IsString() @IsNotBlank(2, { message: '请填写审批意见' }) @MaxLength(2000) note!: string;
}

/** A 一事一议 decision (GLOSSARY `caseByCaseDecision`): proposed by one staff member, approved by another. */
export class CaseByCaseDecisionDto {
  id!: string;
  applicationId!: string;
  reasons!: string;
  /** `proposed`, `approved`, `rejected`. */
  status!: string;
  proposedBy!: string;
  proposedAt!: string;
  decidedBy!: string | null;
  decidedAt!: string | null;
  decisionNote!: string | null;
  rule!: string;
}

/** `GET /carriers/applications/:id/case-by-case` answer (newest first). */
export class CaseByCaseDecisionListDto {
  items!: CaseByCaseDecisionDto[];
}

/**
 * `POST /carriers/:id/establishment-review`: staff record the 筹建期满考核 of a 技术创新中心 (`003 §20`): passed → 正式成立
 * (`003 §21`, status 运行 from `decidedOn`); failed → the 筹建 ends (the entry leaves the registry's live carriers).
 */
export class EstablishmentReviewDto {
  @IsBoolean() pass!: boolean;
  @IsString() @IsNotBlank(2, { message: '请填写考核意见' }) @MaxLength(4000) note!: string;
  /** The 考核 decision's date (正式成立 date when passed). */
  @IsCalendarDate() decidedOn!: string;
  /** The approving document's 文号 (正式批准成立). */
  @IsOptional()
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(2)
  @MaxLength(100)
  documentNo?: string;
}

/**
 * The running-year dates of one carrier (`GET /carriers/:id/running`): the next annual report and its due date,
 * the next evaluation, the end of 筹建 (`003 §20`) or 整改 (`001 §16`, `003 §34`), each with its source article or
 * `configuration`.
 */
export class CarrierRunningDto {
  carrierId!: string;
  status!: string;
  /** 正式成立 date of a 技术创新中心 (`003 §21`), else null. */
  establishedOn!: string | null;
  /** The year whose report is due next and its due date, or null once filed / for a revoked carrier. */
  reportYear!: number | null;
  reportDueOn!: string | null;
  reportDueSource!: string;
  evaluationDueOn!: string | null;
  evaluationSource!: string;
  preparingEndsOn!: string | null;
  rectifyUntil!: string | null;
}
