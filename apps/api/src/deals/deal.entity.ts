import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { DealAttachmentPurpose, DealStatus, OfferTerms } from '@jiebang/contracts';
import { UserEntity } from '../auth/user.entity';
import { ListingEntity } from '../listings/listing.entity';
import { AgreementDraftEntity } from '../negotiations/negotiation.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ApplicationEntity } from '../pipeline/application.entity';

/**
 * 揭榜项目 — a deal: the draft 揭榜协议 of an application from public notice (公示) to the subsidy (seed `004
 * §9(七)–(八)`, `§10–§16`). Money in fen (`bigint`, read as strings). Dates are Beijing calendar dates.
 */
@Entity({ name: 'deal' })
@Unique('uq_deal_agreement_draft', ['agreementDraftId'])
@Index('ux_deal_application_live', ['applicationId'], { unique: true, where: `status <> 'returned'` })
@Index('ix_deal_status', ['status', 'updatedAt'])
@Index('ix_deal_poster', ['posterOrgId'])
@Index('ix_deal_taker', ['takerOrgId'])
@Check('ck_deal_kind', 'true')
@Check('ck_deal_status', 'true')
@Check('ck_deal_acceptance_status', 'true')
@Check('ck_deal_amounts', 'true')
export class DealEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;

  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_deal_application' })
  application?: ApplicationEntity;

  @Column({ name: 'agreement_draft_id', type: 'uuid' }) agreementDraftId!: string;
  @ManyToOne(() => AgreementDraftEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agreement_draft_id', foreignKeyConstraintName: 'fk_deal_agreement_draft' })
  agreementDraft?: AgreementDraftEntity;

  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;
  @ManyToOne(() => ListingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_deal_listing' })
  listing?: ListingEntity;

  @Column({ type: 'varchar', length: 16 }) kind!: 'challenge' | 'achievement';

  @Column({ name: 'poster_org_id', type: 'uuid' }) posterOrgId!: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'poster_org_id', foreignKeyConstraintName: 'fk_deal_poster' })
  poster?: OrganizationEntity;

  @Column({ name: 'taker_org_id', type: 'uuid' }) takerOrgId!: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'taker_org_id', foreignKeyConstraintName: 'fk_deal_taker' })
  taker?: OrganizationEntity;

  @Column({ type: 'varchar', length: 24, default: DealStatus.AgreementReview }) status!: DealStatus;
  @Column({ type: 'jsonb' }) terms!: OfferTerms;
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen!: string;

  @Column({ name: 'notice_working_days', type: 'int', nullable: true }) noticeWorkingDays!: number | null;
  @Column({ name: 'notice_opened_at', type: 'timestamptz', nullable: true }) noticeOpenedAt!: Date | null;
  @Column({ name: 'notice_first_day', type: 'date', nullable: true }) noticeFirstDay!: string | null;
  @Column({ name: 'notice_last_day', type: 'date', nullable: true }) noticeLastDay!: string | null;
  @Column({ name: 'notice_ends_at', type: 'timestamptz', nullable: true }) noticeEndsAt!: Date | null;
  @Column({ name: 'notice_provisional', type: 'boolean', default: false }) noticeProvisional!: boolean;
  @Column({ name: 'notice_review_note', type: 'text', nullable: true }) noticeReviewNote!: string | null;

  @Column({ name: 'contract_registration_no', type: 'text', nullable: true }) contractRegistrationNo!: string | null;
  @Column({ name: 'task_book_no', type: 'text', nullable: true }) taskBookNo!: string | null;
  @Column({ name: 'signed_on', type: 'date', nullable: true }) signedOn!: string | null;
  @Column({ name: 'planned_end_on', type: 'date', nullable: true }) plannedEndOn!: string | null;
  @Column({ name: 'total_rd_investment_fen', type: 'bigint', nullable: true }) totalRdInvestmentFen!: string | null;

  @Column({ name: 'acceptance_status', type: 'varchar', length: 16, default: 'pending' })
  acceptanceStatus!: 'pending' | 'passed' | 'failed';
  @Column({ name: 'acceptance_note', type: 'text', nullable: true }) acceptanceNote!: string | null;
  @Column({ name: 'benefit_confirmed_at', type: 'timestamptz', nullable: true }) benefitConfirmedAt!: Date | null;
  @Column({ name: 'benefit_note', type: 'text', nullable: true }) benefitNote!: string | null;
  @Column({ name: 'recovery_fen', type: 'bigint', nullable: true }) recoveryFen!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A file of a deal (agreement, 任务书, voucher, evidence…); content in the storage port. */
@Entity({ name: 'deal_attachment' })
@Index('ix_deal_attachment_deal', ['dealId'])
@Check('ck_deal_attachment_purpose', 'true')
@Check('ck_deal_attachment_size', 'true')
export class DealAttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @ManyToOne(() => DealEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_deal_attachment_deal' })
  deal?: DealEntity;
  @Column({ type: 'varchar', length: 24 }) purpose!: DealAttachmentPurpose;
  @Column({ type: 'text' }) filename!: string;
  @Column({ name: 'content_type', type: 'text' }) contentType!: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes!: number;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'fk_deal_attachment_uploader' })
  uploader?: UserEntity;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 异议 — an objection lodged during the notice; an open one freezes the deal. */
@Entity({ name: 'objection' })
@Index('ix_objection_deal', ['dealId', 'status'])
@Check('ck_objection_status', 'true')
@Check('ck_objection_outcome', 'true')
export class ObjectionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @ManyToOne(() => DealEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_objection_deal' })
  deal?: DealEntity;
  @Column({ name: 'lodged_by', type: 'uuid' }) lodgedBy!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lodged_by', foreignKeyConstraintName: 'fk_objection_lodged_by' })
  lodger?: UserEntity;
  @Column({ type: 'text' }) reasons!: string;
  @Column({ name: 'evidence_attachment_ids', type: 'jsonb', default: () => "'[]'" }) evidenceAttachmentIds!: string[];
  @Column({ type: 'varchar', length: 16, default: 'open' }) status!: 'open' | 'dismissed' | 'upheld';
  @Column({ type: 'varchar', length: 16, nullable: true }) outcome!: 'renegotiate' | 'terminate' | null;
  @Column({ type: 'text', nullable: true }) resolution!: string | null;
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true }) resolvedBy!: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 资金到位 — one installment the poster paid to the taker, with its voucher; counts once staff confirm it. */
@Entity({ name: 'funding_installment' })
@Unique('uq_funding_installment_seq', ['dealId', 'seq'])
@Unique('uq_funding_installment_idempotency', ['dealId', 'idempotencyKey'])
@Check('ck_funding_installment_amount', 'true')
@Check('ck_funding_installment_status', 'true')
@Check('ck_funding_installment_reviewer', 'true')
export class FundingInstallmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @ManyToOne(() => DealEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_funding_installment_deal' })
  deal?: DealEntity;
  @Column({ type: 'int' }) seq!: number;
  @Column({ name: 'idempotency_key', type: 'uuid' }) idempotencyKey!: string;
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen!: string;
  @Column({ name: 'paid_on', type: 'date' }) paidOn!: string;
  @Column({ name: 'voucher_attachment_id', type: 'uuid' }) voucherAttachmentId!: string;
  @ManyToOne(() => DealAttachmentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'voucher_attachment_id', foreignKeyConstraintName: 'fk_funding_installment_voucher' })
  voucher?: DealAttachmentEntity;
  @Column({ type: 'varchar', length: 16, default: 'recorded' }) status!: 'recorded' | 'confirmed' | 'rejected';
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'review_note', type: 'text', nullable: true }) reviewNote!: string | null;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy!: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 里程碑 — one step of the agreement's schedule, with the taker's evidence and a reviewer's sign-off. */
@Entity({ name: 'milestone' })
@Unique('uq_milestone_seq', ['dealId', 'seq'])
@Check('ck_milestone_status', 'true')
export class MilestoneEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @ManyToOne(() => DealEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_milestone_deal' })
  deal?: DealEntity;
  @Column({ type: 'int' }) seq!: number;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'due_on', type: 'date' }) dueOn!: string;
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen!: string;
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status!:
    'pending' | 'submitted' | 'approved' | 'rejected';
  @Column({ type: 'text', nullable: true }) report!: string | null;
  @Column({ name: 'evidence_attachment_id', type: 'uuid', nullable: true }) evidenceAttachmentId!: string | null;
  @ManyToOne(() => DealAttachmentEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'evidence_attachment_id', foreignKeyConstraintName: 'fk_milestone_evidence' })
  evidence?: DealAttachmentEntity | null;
  @Column({ name: 'review_note', type: 'text', nullable: true }) reviewNote!: string | null;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy!: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
}

/** 验收专家意见 — one expert's opinion at acceptance. */
@Entity({ name: 'acceptance_opinion' })
@Index('ix_acceptance_opinion_deal', ['dealId'])
@Check('ck_acceptance_opinion_conclusion', 'true')
export class AcceptanceOpinionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @ManyToOne(() => DealEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_acceptance_opinion_deal' })
  deal?: DealEntity;
  @Column({ name: 'expert_name', type: 'text' }) expertName!: string;
  @Column({ type: 'varchar', length: 8 }) conclusion!: 'pass' | 'fail';
  @Column({ type: 'text' }) opinion!: string;
  @Column({ name: 'recorded_by', type: 'uuid' }) recordedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 延期 / 终止 — a request that needs both parties and staff approval (seed `004 §15`). */
@Entity({ name: 'deal_change' })
@Index('ux_deal_change_open', ['dealId'], { unique: true, where: `status IN ('proposed', 'agreed')` })
@Check('ck_deal_change_kind', 'true')
@Check('ck_deal_change_side', 'true')
@Check('ck_deal_change_status', 'true')
@Check('ck_deal_change_extension', 'true')
export class DealChangeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @ManyToOne(() => DealEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_deal_change_deal' })
  deal?: DealEntity;
  @Column({ type: 'varchar', length: 16 }) kind!: 'extension' | 'termination';
  @Column({ name: 'requested_by_side', type: 'varchar', length: 8 }) requestedBySide!: 'poster' | 'taker';
  @Column({ name: 'requested_by', type: 'uuid' }) requestedBy!: string;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'new_end_on', type: 'date', nullable: true }) newEndOn!: string | null;
  @Column({ name: 'poster_agreed', type: 'boolean', default: false }) posterAgreed!: boolean;
  @Column({ name: 'taker_agreed', type: 'boolean', default: false }) takerAgreed!: boolean;
  @Column({ type: 'varchar', length: 16, default: 'proposed' }) status!:
    'proposed' | 'agreed' | 'approved' | 'rejected';
  @Column({ name: 'decision_note', type: 'text', nullable: true }) decisionNote!: string | null;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'audited_spent_fen', type: 'bigint', nullable: true }) auditedSpentFen!: string | null;
  @Column({ name: 'recovery_fen', type: 'bigint', nullable: true }) recoveryFen!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A subsidy step of evidence: what the base rests on. */
export interface SubsidyEvidence {
  label: string;
  amountFen: string;
  ref: string | null;
}

/** 前资助 / 后补助 — a proposed subsidy with its computation snapshot; approved by a second person, disbursed. */
@Entity({ name: 'subsidy' })
@Unique('uq_subsidy_idempotency', ['dealId', 'idempotencyKey'])
@Index('ux_subsidy_disbursement_key', ['dealId', 'disbursementKey'], {
  unique: true,
  where: 'disbursement_key IS NOT NULL',
})
@Index('ux_subsidy_live', ['dealId'], { unique: true, where: `status IN ('proposed', 'approved', 'disbursed')` })
@Check('ck_subsidy_mode', 'true')
@Check('ck_subsidy_status', 'true')
@Check('ck_subsidy_four_eyes', 'true')
@Check('ck_subsidy_amounts', 'true')
@Check('ck_subsidy_case_by_case', 'true')
@Check('ck_subsidy_approved', 'true')
export class SubsidyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'deal_id', type: 'uuid' }) dealId!: string;
  @ManyToOne(() => DealEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'deal_id', foreignKeyConstraintName: 'fk_subsidy_deal' })
  deal?: DealEntity;
  @Column({ name: 'idempotency_key', type: 'uuid' }) idempotencyKey!: string;
  @Column({ type: 'varchar', length: 8 }) mode!: 'pre' | 'post';
  @Column({ name: 'base_fen', type: 'bigint' }) baseFen!: string;
  @Column({ name: 'rate_bp', type: 'int' }) rateBp!: number;
  @Column({ name: 'cap_fen', type: 'bigint' }) capFen!: string;
  @Column({ name: 'subsidy_fen', type: 'bigint' }) subsidyFen!: string;
  @Column({ name: 'cap_applied', type: 'boolean' }) capApplied!: boolean;
  @Column({ type: 'text' }) rule!: string;
  @Column({ type: 'jsonb' }) steps!: { label: string; expression: string; resultFen: string; rule: string }[];
  @Column({ type: 'jsonb' }) evidence!: SubsidyEvidence[];
  @Column({ name: 'case_by_case_cap_fen', type: 'bigint', nullable: true }) caseByCaseCapFen!: string | null;
  @Column({ name: 'case_by_case_reason', type: 'text', nullable: true }) caseByCaseReason!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ type: 'varchar', length: 16, default: 'proposed' }) status!:
    'proposed' | 'approved' | 'rejected' | 'disbursed';
  @Column({ name: 'proposed_by', type: 'uuid' }) proposedBy!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proposed_by', foreignKeyConstraintName: 'fk_subsidy_proposed_by' })
  proposer?: UserEntity;
  @Column({ name: 'approved_by', type: 'uuid', nullable: true }) approvedBy!: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'approved_by', foreignKeyConstraintName: 'fk_subsidy_approved_by' })
  approver?: UserEntity | null;
  @Column({ name: 'approved_at', type: 'timestamptz', nullable: true }) approvedAt!: Date | null;
  @Column({ name: 'reject_reason', type: 'text', nullable: true }) rejectReason!: string | null;
  @Column({ name: 'disbursement_key', type: 'uuid', nullable: true }) disbursementKey!: string | null;
  @Column({ name: 'disbursed_on', type: 'date', nullable: true }) disbursedOn!: string | null;
  @Column({ name: 'disbursement_ref', type: 'text', nullable: true }) disbursementRef!: string | null;
  @Column({ name: 'disbursed_by', type: 'uuid', nullable: true }) disbursedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Every entity of the deal lifecycle. */
export const DEAL_ENTITIES = [
  DealEntity,
  DealAttachmentEntity,
  ObjectionEntity,
  FundingInstallmentEntity,
  MilestoneEntity,
  AcceptanceOpinionEntity,
  DealChangeEntity,
  SubsidyEntity,
];
