import { Type } from 'class-transformer';
import {
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
} from 'class-validator';
import { IsCalendarDate, IsNotBlank, IsPlainText } from './input-rules';
import { YUAN_PATTERN } from './patterns';
import { PageQueryDto } from './page';

/**
 * The deal lifecycle after the draft agreement (seed `004 §9(七)–(八)`, `§10–§16`; RULEBOOK §4–§5): public
 * notice (公示) with objections, signing of the 揭榜协议 and 任务书, funding in place (资金到位) with vouchers,
 * milestones, acceptance (验收), extension/termination and the capped subsidy (前资助/后补助).
 *
 * Money on the wire: yuan as decimal strings with at most two decimals (`"1234.56"`), and fen as integer
 * strings (`"123456"`). Dates: `YYYY-MM-DD` (Beijing calendar dates); instants: ISO 8601.
 */

const YUAN_MESSAGE = '金额应为以“元”为单位、最多两位小数的非负数,如 1234.56';

/** Deal states. `returned` and `terminated` are final; `completed` once the subsidy is disbursed (or none is due). */
export enum DealStatus {
  AgreementReview = 'agreement_review',
  OnNotice = 'on_notice',
  Frozen = 'frozen',
  AwaitingSigning = 'awaiting_signing',
  InProgress = 'in_progress',
  Accepted = 'accepted',
  AcceptanceFailed = 'acceptance_failed',
  Completed = 'completed',
  Returned = 'returned',
  Terminated = 'terminated',
}

export const DEAL_STATUS_LABELS: Record<DealStatus, string> = {
  [DealStatus.AgreementReview]: '协议审查中',
  [DealStatus.OnNotice]: '公示中',
  [DealStatus.Frozen]: '异议处理中(冻结)',
  [DealStatus.AwaitingSigning]: '公示期满,待签约',
  [DealStatus.InProgress]: '实施中',
  [DealStatus.Accepted]: '已通过验收',
  [DealStatus.AcceptanceFailed]: '验收未通过',
  [DealStatus.Completed]: '已完成',
  [DealStatus.Returned]: '已退回洽谈',
  [DealStatus.Terminated]: '已终止',
};

/** What a deal file is for. */
export const DEAL_ATTACHMENT_PURPOSES = [
  'agreement',
  'task_book',
  'voucher',
  'objection_evidence',
  'milestone_evidence',
  'acceptance',
  'benefit',
  'disbursement',
  'other',
] as const;
export type DealAttachmentPurpose = (typeof DEAL_ATTACHMENT_PURPOSES)[number];
export const DEAL_ATTACHMENT_PURPOSE_LABELS: Record<DealAttachmentPurpose, string> = {
  agreement: '揭榜协议(技术合同)',
  task_book: '任务书',
  voucher: '资金拨付凭证',
  objection_evidence: '异议证明材料',
  milestone_evidence: '里程碑成果材料',
  acceptance: '验收材料',
  benefit: '经济效益证明',
  disbursement: '补助拨付凭证',
  other: '其他',
};

/** Staff review the draft agreement and open the public notice (`POST /api/v1/deals/:id/notice`). */
export class OpenNoticeDto {
  /** Length in Chinese working days; default 5 (`000` 四.3, `001 §10(三)`). */
  @IsOptional() @IsInt() @Min(1) @Max(30) workingDays?: number;
  /** The staff's review of the agreement (what was checked). */
  @IsString() @IsNotBlank(2, { message: '请填写协议审查意见' }) @MaxLength(2000) reviewNote!: string;
}

/** Lodge an objection (异议) during the notice (`POST /api/v1/deals/:id/objections`). */
export class LodgeObjectionDto {
  @IsString() @IsNotBlank(10, { message: '异议理由至少 10 个字,请写明事实和理由' }) @MaxLength(4000) reasons!: string;
  /** Files uploaded first with purpose `objection_evidence`. */
  @IsOptional() @IsUUID('4', { each: true }) evidenceAttachmentIds?: string[];
}

/** Staff resolve an objection: dismissed → the notice continues; upheld → back to negotiation or terminated. */
export class ResolveObjectionDto {
  @IsIn(['dismiss', 'uphold']) decision!: 'dismiss' | 'uphold';
  /** Required when upheld. */
  @IsOptional() @IsIn(['renegotiate', 'terminate']) outcome?: 'renegotiate' | 'terminate';
  @IsString() @IsNotBlank(2, { message: '请写明处理意见' }) @MaxLength(4000) resolution!: string;
}

/** Record the signed 揭榜协议 (技术合同) and 任务书 (`POST /api/v1/deals/:id/sign`). */
export class SignDealDto {
  /** 技术合同登记编号. */
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(4, { message: '请填写技术合同登记编号' })
  @MaxLength(64)
  contractRegistrationNo!: string;
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(2, { message: '请填写任务书编号' })
  @MaxLength(64)
  taskBookNo!: string;
  @IsCalendarDate() signedOn!: string;
  @IsUUID('4') agreementAttachmentId!: string;
  @IsUUID('4') taskBookAttachmentId!: string;
  /** 研发总投入 of the 任务书, in yuan: the base of a pre-subsidy (004 §11). Defaults to the agreed amount. */
  @IsOptional() @Matches(YUAN_PATTERN, { message: YUAN_MESSAGE }) totalRdInvestmentYuan?: string;
}

/** The poster records an installment paid to the taker (`POST /api/v1/deals/:id/installments`). */
export class RecordInstallmentDto {
  /** Client-generated UUID: a retry with the same key is stored once. */
  @IsUUID('4') idempotencyKey!: string;
  @Matches(YUAN_PATTERN, { message: YUAN_MESSAGE }) amountYuan!: string;
  @IsCalendarDate() paidOn!: string;
  /** The voucher (凭证), uploaded first with purpose `voucher`. */
  @IsUUID('4') voucherAttachmentId!: string;
  @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

/** Staff confirm or reject an installment against its voucher. */
export class ReviewInstallmentDto {
  @IsIn(['confirm', 'reject']) decision!: 'confirm' | 'reject';
  @IsOptional() @IsString() @MaxLength(1000) note?: string;
}

/** The taker submits a milestone's evidence. */
export class SubmitMilestoneDto {
  @IsString() @IsNotBlank(2, { message: '请填写完成情况' }) @MaxLength(4000) report!: string;
  @IsUUID('4') evidenceAttachmentId!: string;
}

/** A reviewer signs a milestone off (or sends it back). */
export class ReviewMilestoneDto {
  @IsIn(['approve', 'reject']) decision!: 'approve' | 'reject';
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** One expert's acceptance opinion (验收专家意见). */
export class AcceptanceOpinionDto {
  @IsString() @IsPlainText({ singleLine: true }) @IsNotBlank(2) @MaxLength(64) expertName!: string;
  @IsIn(['pass', 'fail']) conclusion!: 'pass' | 'fail';
  @IsString() @IsNotBlank(2, { message: '请填写专家意见' }) @MaxLength(4000) opinion!: string;
}

/** Staff conclude the acceptance. */
export class ConcludeAcceptanceDto {
  @IsIn(['passed', 'failed']) result!: 'passed' | 'failed';
  @IsString() @IsNotBlank(2, { message: '请填写验收结论说明' }) @MaxLength(4000) note!: string;
}

/** Staff confirm the expected economic benefit of an achievement transfer (004 §12). */
export class ConfirmBenefitDto {
  @IsString() @IsNotBlank(2, { message: '请写明认定的经济效益及依据' }) @MaxLength(4000) note!: string;
  @IsOptional() @IsUUID('4') evidenceAttachmentId?: string;
}

/** A party asks to extend or terminate (004 §15). */
export class RequestChangeDto {
  @IsIn(['extension', 'termination']) kind!: 'extension' | 'termination';
  @IsString()
  @IsNotBlank(10, { message: '请写明原因(至少 10 个字),如不可抗力的具体情况' })
  @MaxLength(4000)
  reason!: string;
  /** New planned end date (extension). */
  @IsOptional() @IsCalendarDate() newEndOn?: string;
}

/** Staff decide an agreed change; termination takes the special audit's spent state money. */
export class DecideChangeDto {
  @IsIn(['approve', 'reject']) decision!: 'approve' | 'reject';
  @IsString() @IsNotBlank(2, { message: '请填写审核意见' }) @MaxLength(4000) note!: string;
  /** 专项审计确认已使用的财政资金, yuan (termination only). */
  @IsOptional() @Matches(YUAN_PATTERN, { message: YUAN_MESSAGE }) auditedSpentYuan?: string;
}

/** A 一事一议 proposal (004 §11): replaces the cap, with a reason; applies once a second person approves. */
export class CaseByCaseDto {
  @Matches(YUAN_PATTERN, { message: YUAN_MESSAGE }) capYuan!: string;
  @IsString() @IsNotBlank(10, { message: '一事一议须写明理由(至少 10 个字)' }) @MaxLength(4000) reason!: string;
}

/** Staff propose the subsidy (`POST /api/v1/deals/:id/subsidy`). */
export class ProposeSubsidyDto {
  @IsUUID('4') idempotencyKey!: string;
  @IsOptional() @IsObject() @ValidateNested() @Type(() => CaseByCaseDto) caseByCase?: CaseByCaseDto;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

/** An approver rejects a proposal. */
export class RejectSubsidyDto {
  @IsString() @IsNotBlank(2, { message: '请写明退回理由' }) @MaxLength(2000) reason!: string;
}

/** Record the disbursement of an approved subsidy. */
export class DisburseSubsidyDto {
  @IsUUID('4') idempotencyKey!: string;
  @IsCalendarDate() disbursedOn!: string;
  /** 国库集中支付凭证号 or similar. */
  @IsString()
  @IsPlainText({ singleLine: true })
  @IsNotBlank(2, { message: '请填写拨付凭证号' })
  @MaxLength(64)
  reference!: string;
}

/** Query of `GET /api/v1/deals`. */
export class DealQueryDto extends PageQueryDto {
  @IsOptional() @IsIn(Object.values(DealStatus)) status?: DealStatus;
  /** A staff queue: deals with something waiting for staff. */
  @IsOptional()
  @IsIn(['notice', 'objections', 'funding', 'milestones', 'acceptance', 'subsidy', 'changes'])
  queue?: 'notice' | 'objections' | 'funding' | 'milestones' | 'acceptance' | 'subsidy' | 'changes';
}

/** Query of the preview `GET /api/v1/policy/subsidy`. */
export class SubsidyPreviewQueryDto {
  @IsIn(['challenge', 'achievement']) kind!: 'challenge' | 'achievement';
  @Matches(YUAN_PATTERN, { message: YUAN_MESSAGE }) baseYuan!: string;
}

/** One explained step of a subsidy computation (amounts in fen as strings). */
export class SubsidyStepDto {
  label!: string;
  expression!: string;
  resultFen!: string;
  rule!: string;
}

/** `GET /api/v1/policy/subsidy` (fen as integer strings; `rateBp` 3000 = 30 %). */
export class SubsidyPreviewDto {
  mode!: 'pre' | 'post';
  baseFen!: string;
  rateBp!: number;
  capFen!: string;
  subsidyFen!: string;
  capApplied!: boolean;
  rule!: string;
  steps!: SubsidyStepDto[];
}

export class DealAttachmentDto {
  id!: string;
  purpose!: DealAttachmentPurpose;
  filename!: string;
  contentType!: string;
  sizeBytes!: number;
  sha256!: string;
  uploadedBy!: string;
  createdAt!: string;
}

export class ObjectionDto {
  id!: string;
  lodgedByUserId!: string;
  lodgedByName!: string | null;
  reasons!: string;
  evidence!: DealAttachmentDto[];
  status!: 'open' | 'dismissed' | 'upheld';
  outcome!: 'renegotiate' | 'terminate' | null;
  resolution!: string | null;
  resolvedAt!: string | null;
  createdAt!: string;
}

export class FundingInstallmentDto {
  id!: string;
  seq!: number;
  amountFen!: string;
  paidOn!: string;
  voucher!: DealAttachmentDto | null;
  status!: 'recorded' | 'confirmed' | 'rejected';
  note!: string | null;
  reviewNote!: string | null;
  recordedBy!: string;
  reviewedBy!: string | null;
  createdAt!: string;
}

export class MilestoneDto {
  id!: string;
  seq!: number;
  title!: string;
  dueOn!: string;
  amountFen!: string;
  status!: 'pending' | 'submitted' | 'approved' | 'rejected';
  report!: string | null;
  evidence!: DealAttachmentDto | null;
  reviewNote!: string | null;
  reviewedBy!: string | null;
}

export class AcceptanceOpinionItemDto {
  id!: string;
  expertName!: string;
  conclusion!: 'pass' | 'fail';
  opinion!: string;
  recordedBy!: string;
  createdAt!: string;
}

export class DealChangeDto {
  id!: string;
  kind!: 'extension' | 'termination';
  requestedBySide!: 'poster' | 'taker';
  reason!: string;
  newEndOn!: string | null;
  posterAgreed!: boolean;
  takerAgreed!: boolean;
  status!: 'proposed' | 'agreed' | 'approved' | 'rejected';
  decisionNote!: string | null;
  auditedSpentFen!: string | null;
  recoveryFen!: string | null;
  createdAt!: string;
}

export class SubsidyDto {
  id!: string;
  mode!: 'pre' | 'post';
  baseFen!: string;
  rateBp!: number;
  capFen!: string;
  subsidyFen!: string;
  capApplied!: boolean;
  rule!: string;
  steps!: SubsidyStepDto[];
  /** What the base rests on: confirmed installments (post) or the 任务书's R&D investment (pre). */
  evidence!: { label: string; amountFen: string; ref: string | null }[];
  caseByCase!: { capFen: string; reason: string; decidedBy: string; approvedBy: string | null } | null;
  status!: 'proposed' | 'approved' | 'rejected' | 'disbursed';
  proposedBy!: string;
  proposedByName!: string | null;
  approvedBy!: string | null;
  approvedByName!: string | null;
  rejectReason!: string | null;
  disbursedOn!: string | null;
  disbursementRef!: string | null;
  createdAt!: string;
}

/** Whether the subsidy may be proposed now, and if not, why (code + rule). */
export class PayabilityDto {
  payable!: boolean;
  code!: string | null;
  message!: string | null;
  rule!: string;
}

/** A deal as its parties and staff see it. */
export class DealDto {
  id!: string;
  applicationId!: string;
  agreementDraftId!: string;
  negotiationId!: string | null;
  listingId!: string;
  listingTitle!: string;
  kind!: 'challenge' | 'achievement';
  posterOrgId!: string;
  posterName!: string;
  takerOrgId!: string;
  takerName!: string;
  status!: DealStatus;
  statusLabel!: string;
  terms!: {
    dealForm: string;
    amountYuan: string;
    schedule: { dueDate: string; amountYuan: string }[];
    ipOwnership: string;
    benefitSharing: string;
    durationMonths: number;
  };
  amountFen!: string;
  notice!: {
    workingDays: number;
    openedAt: string;
    firstDay: string;
    lastDay: string;
    endsAt: string;
    provisional: boolean;
    reviewNote: string;
  } | null;
  contractRegistrationNo!: string | null;
  taskBookNo!: string | null;
  signedOn!: string | null;
  plannedEndOn!: string | null;
  totalRdInvestmentFen!: string | null;
  /** Sum of confirmed installments (实际到账金额), fen. */
  receivedFen!: string;
  acceptance!: { status: 'pending' | 'passed' | 'failed'; note: string | null; opinions: AcceptanceOpinionItemDto[] };
  benefit!: { confirmed: boolean; note: string | null; confirmedAt: string | null };
  recoveryFen!: string | null;
  objections!: ObjectionDto[];
  installments!: FundingInstallmentDto[];
  milestones!: MilestoneDto[];
  changes!: DealChangeDto[];
  subsidies!: SubsidyDto[];
  attachments!: DealAttachmentDto[];
  payability!: PayabilityDto;
  /** The caller's capacities on this deal. */
  myRoles!: ('poster' | 'taker' | 'staff')[];
  createdAt!: string;
  updatedAt!: string;
}

/** A row of `GET /api/v1/deals` and of the public notice board `GET /api/v1/notices`. */
export class DealSummaryDto {
  id!: string;
  listingTitle!: string;
  kind!: 'challenge' | 'achievement';
  posterName!: string;
  takerName!: string;
  status!: DealStatus;
  statusLabel!: string;
  amountFen!: string;
  noticeEndsAt!: string | null;
  noticeLastDay!: string | null;
  openObjections!: number;
  updatedAt!: string;
}

/** A page of results. */
export class DealPageDto {
  items!: DealSummaryDto[];
  total!: number;
  page!: number;
  pageSize!: number;
}

/** Queue and job names of the deal lifecycle's background work (ARCHITECTURE practice 6). */
export const DEALS_QUEUE = 'deals';

export enum DealsJob {
  /**
   * Close every notice whose period is over without an open objection (`DealWriter.closeElapsedNotices`):
   * scheduled at each notice's end (`jobId` `close-notice:<dealId>:<endsAt>`) and swept every minute.
   */
  CloseNotices = 'close-notices',
}
