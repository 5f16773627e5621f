import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { OrganizationEntity } from '../organizations/organization.entity';

/**
 * 科技创新平台 programme (GLOSSARY `CarrierProgramme`): 备案 of concept-validation and pilot platforms (`000`, `001`),
 * 认定 of 国际科技合作基地 (`002`), 组建 of 自治区技术创新中心 (`003`). Seeded by the migration; `kinds` are
 * `CarrierKind` values.
 */
@Entity({ name: 'carrier_programme' })
export class CarrierProgrammeEntity {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'pk_carrier_programme' }) id!: string;
  @Column({ type: 'text' }) name!: string;
  /** `CarrierProgrammeType`: `filing` 备案, `recognition` 认定, `formation` 组建. */
  @Column({ type: 'varchar', length: 16 }) mode!: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) kinds!: string[];
  /** The seed articles the programme's route follows. */
  @Column({ type: 'text' }) source!: string;
}

/**
 * A versioned rule set (thresholds, evidence, quotas, support rates and caps, periods, reapply bars) with its source
 * document, stored as data (`data`: a `CarrierRuleSet` of `@jiebang/contracts`). `id` is `key@version`; the shipped
 * sets of `libs/policy` are inserted at start (`shipped`), staff load others through `POST /carriers/rule-sets`.
 */
@Entity({ name: 'carrier_rule_set' })
@Unique('uq_carrier_rule_set_version', ['key', 'version'])
export class CarrierRuleSetEntity {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_carrier_rule_set' }) id!: string;
  @Column({ type: 'varchar', length: 64 }) key!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'document_no', type: 'text' }) documentNo!: string;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'jsonb' }) data!: Record<string, unknown>;
  @Column({ type: 'boolean', default: false }) shipped!: boolean;
  @Column({ name: 'loaded_by', type: 'uuid', nullable: true }) loadedBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A round (申报批次): one call with its 文号, opening and closing dates, the recommenders' deadline, its rule set. */
@Entity({ name: 'carrier_round' })
@Index('ix_carrier_round_status', ['status', 'opensOn'])
export class CarrierRoundEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_round' }) id!: string;
  @Column({ name: 'programme_id', type: 'varchar', length: 32 }) programmeId!: string;
  @ManyToOne(() => CarrierProgrammeEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'programme_id', foreignKeyConstraintName: 'fk_carrier_round_programme' })
  programme?: CarrierProgrammeEntity;
  @Column({ type: 'text' }) title!: string;
  @Column({ name: 'document_no', type: 'text' }) documentNo!: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) kinds!: string[];
  /** Beijing dates `YYYY-MM-DD`. */
  @Column({ name: 'opens_on', type: 'date' }) opensOn!: string;
  @Column({ name: 'closes_on', type: 'date' }) closesOn!: string;
  @Column({ name: 'recommend_deadline', type: 'date' }) recommendDeadline!: string;
  @Column({ name: 'rule_set_id', type: 'varchar', length: 64 }) ruleSetId!: string;
  @ManyToOne(() => CarrierRuleSetEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'rule_set_id', foreignKeyConstraintName: 'fk_carrier_round_rule_set' })
  ruleSet?: CarrierRuleSetEntity;
  /** `draft`, `open`, `closed`. */
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_carrier_round_creator' })
  creator?: UserEntity;
  @Column({ name: 'opened_by', type: 'uuid', nullable: true }) openedBy!: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz', nullable: true }) openedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/**
 * 备案名录 / 授牌 — a registered carrier (GLOSSARY `CarrierRegistration`): kind, 依托单位 (`hostOrgId`), name and plate
 * name, 文号 and date of publication, status (`preparing` 筹建, `operating` 运行, `rectifying` 整改, `revoked` 撤销),
 * the reapply bar after a revocation (`001 §18`, `002 §12`, `003 §31`).
 */
@Entity({ name: 'carrier' })
@Index('ix_carrier_kind_status', ['kind', 'status'])
@Index('ix_carrier_host_org', ['hostOrgId'])
export class CarrierEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier' }) id!: string;
  @Column({ name: 'application_id', type: 'uuid', nullable: true }) applicationId!: string | null;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ name: 'intl_base_type', type: 'varchar', length: 32, nullable: true }) intlBaseType!: string | null;
  @Column({ name: 'host_org_id', type: 'uuid' }) hostOrgId!: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'host_org_id', foreignKeyConstraintName: 'fk_carrier_host_org' })
  hostOrg?: OrganizationEntity;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'plate_name', type: 'text' }) plateName!: string;
  @Column({ name: 'document_no', type: 'text' }) documentNo!: string;
  @Column({ name: 'published_on', type: 'date' }) publishedOn!: string;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ name: 'region_code', type: 'char', length: 6, nullable: true }) regionCode!: string | null;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) fields!: string[];
  /** 加挂: the platform only adds the plate to an existing one (operation support only, `001 §17`). */
  @Column({ type: 'boolean', default: false }) attached!: boolean;
  @Column({ name: 'national_level', type: 'boolean', default: false }) nationalLevel!: boolean;
  @Column({ name: 'rule_set_id', type: 'varchar', length: 64 }) ruleSetId!: string;
  @ManyToOne(() => CarrierRuleSetEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'rule_set_id', foreignKeyConstraintName: 'fk_carrier_rule_set' })
  ruleSet?: CarrierRuleSetEntity;
  @Column({ name: 'rectify_until', type: 'date', nullable: true }) rectifyUntil!: string | null;
  /** 正式成立 of a 技术创新中心 after its 筹建期满考核 (`003 §21`); evaluations count from it (`003 §32`). */
  @Column({ name: 'established_on', type: 'date', nullable: true }) establishedOn!: string | null;
  @Column({ name: 'revoked_on', type: 'date', nullable: true }) revokedOn!: string | null;
  @Column({ name: 'revocation_ground', type: 'text', nullable: true }) revocationGround!: string | null;
  @Column({ name: 'reapply_bar_until', type: 'date', nullable: true }) reapplyBarUntil!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A recommender's or staff's record of a check: who, when, the outcome and the note. */
export interface CarrierCheckRecord {
  by: string;
  at: string;
  note: string;
  [k: string]: unknown;
}

/**
 * 申报 — an organisation's application for one carrier kind in a round (GLOSSARY `CarrierApplication`): the
 * structured 申报书/申请书 (`form`), evidence files, the integrity pledge, and each step's record.
 */
@Entity({ name: 'carrier_application' })
@Index('ux_carrier_application_round_org_kind', ['roundId', 'orgId', 'kind'], { unique: true })
@Index('ix_carrier_application_status', ['status', 'authority'])
export class CarrierApplicationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_application' }) id!: string;
  @Column({ name: 'round_id', type: 'uuid' }) roundId!: string;
  @ManyToOne(() => CarrierRoundEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'round_id', foreignKeyConstraintName: 'fk_carrier_application_round' })
  round?: CarrierRoundEntity;
  @Column({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_carrier_application_org' })
  org?: OrganizationEntity;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ name: 'intl_base_type', type: 'varchar', length: 32, nullable: true }) intlBaseType!: string | null;
  @Column({ name: 'platform_name', type: 'text' }) platformName!: string;
  @Column({ type: 'jsonb', default: () => "'{}'" }) form!: Record<string, unknown>;
  @Column({ name: 'evidence_attachment_ids', type: 'uuid', array: true, default: () => "'{}'" })
  evidenceAttachmentIds!: string[];
  @Column({ name: 'integrity_pledge_at', type: 'timestamptz', nullable: true }) integrityPledgeAt!: Date | null;
  @Column({ type: 'varchar', length: 24 }) status!: string;
  /** The recommending authority's code (`AUTHORITIES`), null for direct applicants. */
  @Column({ type: 'varchar', length: 64, nullable: true }) authority!: string | null;
  @Column({ type: 'boolean', default: false }) direct!: boolean;
  @Column({ name: 'national_level', type: 'boolean', default: false }) nationalLevel!: boolean;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
  @Column({ type: 'jsonb', nullable: true }) recommendation!: CarrierCheckRecord | null;
  @Column({ name: 'formal_review', type: 'jsonb', nullable: true }) formalReview!: CarrierCheckRecord | null;
  @Column({ name: 'site_visit', type: 'jsonb', nullable: true }) siteVisit!: CarrierCheckRecord | null;
  @Column({ type: 'jsonb', nullable: true }) decision!: CarrierCheckRecord | null;
  @Column({ name: 'notice_opened_at', type: 'timestamptz', nullable: true }) noticeOpenedAt!: Date | null;
  @Column({ name: 'notice_first_day', type: 'date', nullable: true }) noticeFirstDay!: string | null;
  @Column({ name: 'notice_last_day', type: 'date', nullable: true }) noticeLastDay!: string | null;
  @Column({ name: 'notice_ends_at', type: 'timestamptz', nullable: true }) noticeEndsAt!: Date | null;
  @Column({ name: 'notice_provisional', type: 'boolean', nullable: true }) noticeProvisional!: boolean | null;
  @Column({ name: 'carrier_id', type: 'uuid', nullable: true }) carrierId!: string | null;
  @ManyToOne(() => CarrierEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_application_carrier' })
  carrier?: CarrierEntity;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** An expert's review of a carrier application (专家评审), assigned with recusal (`expertConflict`). */
@Entity({ name: 'carrier_expert_review' })
@Unique('uq_carrier_expert_review', ['applicationId', 'expertUserId'])
export class CarrierExpertReviewEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_expert_review' }) id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @ManyToOne(() => CarrierApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_carrier_expert_review_application' })
  application?: CarrierApplicationEntity;
  @Column({ name: 'expert_user_id', type: 'uuid' }) expertUserId!: string;
  @Column({ name: 'assigned_by', type: 'uuid' }) assignedBy!: string;
  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' }) assignedAt!: Date;
  /** 0–100. */
  @Column({ type: 'integer', nullable: true }) score!: number | null;
  @Column({ type: 'boolean', nullable: true }) recommend!: boolean | null;
  @Column({ type: 'text', nullable: true }) opinion!: string | null;
  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true }) submittedAt!: Date | null;
}

/** An objection lodged while an application is on public notice (公示异议); an open one freezes the notice. */
@Entity({ name: 'carrier_objection' })
export class CarrierObjectionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_objection' }) id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @ManyToOne(() => CarrierApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_carrier_objection_application' })
  application?: CarrierApplicationEntity;
  @Column({ name: 'lodged_by', type: 'uuid' }) lodgedBy!: string;
  @Column({ type: 'text' }) reasons!: string;
  /** `open`, `dismissed`, `upheld`. */
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ type: 'text', nullable: true }) resolution!: string | null;
  @Column({ name: 'resolved_by', type: 'uuid', nullable: true }) resolvedBy!: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 年度报告 (GLOSSARY `AnnualReport`): submitted by the host, reviewed by the recommender, filed by staff. */
@Entity({ name: 'carrier_report' })
@Unique('uq_carrier_report_year', ['carrierId', 'year'])
export class CarrierReportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_report' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_report_carrier' })
  carrier?: CarrierEntity;
  /** The year reported on. */
  @Column({ type: 'integer' }) year!: number;
  /** `submitted`, `reviewed`, `returned`, `filed`. */
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ type: 'jsonb', default: () => "'{}'" }) content!: Record<string, unknown>;
  @Column({ name: 'submitted_by', type: 'uuid' }) submittedBy!: string;
  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true }) reviewedBy!: string | null;
  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true }) reviewedAt!: Date | null;
  @Column({ name: 'review_note', type: 'text', nullable: true }) reviewNote!: string | null;
  @Column({ name: 'filed_by', type: 'uuid', nullable: true }) filedBy!: string | null;
  @Column({ name: 'filed_at', type: 'timestamptz', nullable: true }) filedAt!: Date | null;
}

/** 绩效评价 / 考核评估 (GLOSSARY `Evaluation`) with its grade and the status move it caused. */
@Entity({ name: 'carrier_evaluation' })
export class CarrierEvaluationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_evaluation' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_evaluation_carrier' })
  carrier?: CarrierEntity;
  /** The last year of the evaluated period. */
  @Column({ type: 'integer' }) year!: number;
  @Column({ type: 'varchar', length: 16 }) grade!: string;
  /** `review` (experts' grading) or `missed_reports` (no annual report without reason, `001 §15`). */
  @Column({ type: 'varchar', length: 24 }) basis!: string;
  @Column({ name: 'missed_years', type: 'integer', array: true, default: () => "'{}'" }) missedYears!: number[];
  @Column({ name: 'from_status', type: 'varchar', length: 16 }) fromStatus!: string;
  @Column({ name: 'to_status', type: 'varchar', length: 16 }) toStatus!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'decided_by', type: 'uuid' }) decidedBy!: string;
  @CreateDateColumn({ name: 'decided_at', type: 'timestamptz' }) decidedAt!: Date;
}

/**
 * 建设补助 / 运营补助 (`001 §13`): the computed amount (`computedFen`, rate and cap), the amount granted after 就高不重复
 * across the organisation's platforms in the year (`grantedFen`, `001 §14`); proposed → approved (by another
 * person) → disbursed, or rejected. Money in fen (`bigint`, read as strings). A 国合基地 奖励性后补助 (`kind =
 * 'reward'`, `002 §16`) has no rate and no cap (null), rests on an evaluation graded 优秀 (`evaluationId`, one live
 * reward per evaluation) with its `reason`, and is granted as decided (checked by `ck_carrier_support_reward`,
 * migration 1766700000780).
 */
@Entity({ name: 'carrier_support' })
@Index('ux_carrier_support_live', ['carrierId', 'year', 'kind'], { unique: true, where: `status <> 'rejected'` })
@Index('ix_carrier_support_org_year', ['orgId', 'year'])
@Index('ux_carrier_support_reward_evaluation', ['evaluationId'], {
  unique: true,
  where: `status <> 'rejected' AND evaluation_id IS NOT NULL`,
})
@Check('ck_carrier_support_reward', 'true')
export class CarrierSupportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_support' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_support_carrier' })
  carrier?: CarrierEntity;
  @Column({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_carrier_support_org' })
  org?: OrganizationEntity;
  @Column({ type: 'integer' }) year!: number;
  /** `CarrierSupportKind`: `construction`, `operation` or `reward`. */
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ name: 'base_fen', type: 'bigint' }) baseFen!: string;
  @Column({ name: 'computed_fen', type: 'bigint' }) computedFen!: string;
  @Column({ name: 'granted_fen', type: 'bigint' }) grantedFen!: string;
  /** Null for a reward (no cap). */
  @Column({ name: 'cap_fen', type: 'bigint', nullable: true }) capFen!: string | null;
  /** Null for a reward (no rate). */
  @Column({ name: 'rate_bp', type: 'integer', nullable: true }) rateBp!: number | null;
  @Column({ name: 'cap_applied', type: 'boolean' }) capApplied!: boolean;
  /** A reward's evaluation graded 优秀 (`002 §16`); null for construction / operation. */
  @Column({ name: 'evaluation_id', type: 'uuid', nullable: true }) evaluationId!: string | null;
  @ManyToOne(() => CarrierEvaluationEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'evaluation_id', foreignKeyConstraintName: 'fk_carrier_support_evaluation' })
  evaluation?: CarrierEvaluationEntity;
  /** A reward's basis (the evaluation, the meeting that decided the amount); null otherwise. */
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) steps!: unknown[];
  @Column({ name: 'highest_not_sum', type: 'jsonb', nullable: true }) highestNotSum!: Record<string, unknown> | null;
  /** `proposed`, `approved`, `rejected`, `disbursed`. */
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'proposed_by', type: 'uuid' }) proposedBy!: string;
  @CreateDateColumn({ name: 'proposed_at', type: 'timestamptz' }) proposedAt!: Date;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'decision_note', type: 'text', nullable: true }) decisionNote!: string | null;
  @Column({ name: 'disbursed_by', type: 'uuid', nullable: true }) disbursedBy!: string | null;
  @Column({ name: 'disbursed_at', type: 'timestamptz', nullable: true }) disbursedAt!: Date | null;
  @Column({ name: 'voucher_no', type: 'text', nullable: true }) voucherNo!: string | null;
}

/** Every entity of the carriers module (registered in `data-source.ts`). */
export const CARRIER_ENTITIES = [
  CarrierProgrammeEntity,
  CarrierRuleSetEntity,
  CarrierRoundEntity,
  CarrierEntity,
  CarrierApplicationEntity,
  CarrierExpertReviewEntity,
  CarrierObjectionEntity,
  CarrierReportEntity,
  CarrierEvaluationEntity,
  CarrierSupportEntity,
];
