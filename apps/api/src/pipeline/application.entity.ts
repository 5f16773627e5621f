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
import { ApplicationStatus } from '@jiebang/contracts';
import { UserEntity } from '../auth/user.entity';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';

/**
 * 揭榜申报 — an application to a published listing by a lead organisation, alone or with consortium members
 * (seed `004 §9(四)`). Budget in fen. One open application per applicant per listing (`uq_application_open`).
 */
@Entity({ name: 'application' })
@Index('ix_application_listing_id', ['listingId'])
@Index('uq_application_open', ['listingId', 'applicantOrgId'], {
  unique: true,
  where: `status NOT IN ('declined', 'withdrawn')`,
})
@Check('ck_application_status', 'true')
@Check('ck_application_budget', 'true')
export class ApplicationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;

  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;

  @ManyToOne(() => ListingEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_application_listing' })
  listing?: ListingEntity;

  @Column({ name: 'applicant_org_id', type: 'uuid' }) applicantOrgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'applicant_org_id', foreignKeyConstraintName: 'fk_application_applicant' })
  applicant?: OrganizationEntity;

  @Column({ type: 'varchar', length: 24 }) status!: ApplicationStatus;
  @Column({ type: 'text' }) plan!: string;
  @Column({ type: 'text' }) team!: string;
  @Column({ name: 'budget_fen', type: 'bigint' }) budgetFen!: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) timetable!: { milestone: string; dueDate: string }[];
  @Column({ name: 'decision_code', type: 'varchar', length: 24, nullable: true }) decisionCode!: string | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason!: string | null;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** A consortium member of an application and its consent (联合体成员同意). */
@Entity({ name: 'application_member' })
@Index('ix_application_member_org_id', ['orgId'])
export class ApplicationMemberEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid', primaryKeyConstraintName: 'pk_application_member' })
  applicationId!: string;

  @PrimaryColumn({ name: 'org_id', type: 'uuid', primaryKeyConstraintName: 'pk_application_member' })
  orgId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_application_member_application' })
  application?: ApplicationEntity;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_application_member_org' })
  org?: OrganizationEntity;

  @Column({ name: 'consented_at', type: 'timestamptz', nullable: true }) consentedAt!: Date | null;
  @Column({ name: 'consented_by', type: 'uuid', nullable: true }) consentedBy!: string | null;
}

/** An expert invited to screen a listing (需求论证) or review an application (评审). */
@Entity({ name: 'expert_assignment' })
@Unique('uq_expert_assignment', ['subjectType', 'subjectId', 'expertUserId'])
@Index('ix_expert_assignment_expert', ['expertUserId'])
@Check('ck_expert_assignment_subject', 'true')
export class ExpertAssignmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'subject_type', type: 'varchar', length: 16 }) subjectType!: 'listing' | 'application';
  @Column({ name: 'subject_id', type: 'uuid' }) subjectId!: string;
  @Column({ name: 'expert_user_id', type: 'uuid' }) expertUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'expert_user_id', foreignKeyConstraintName: 'fk_expert_assignment_expert' })
  expert?: UserEntity;

  @Column({ name: 'assigned_by', type: 'uuid' }) assignedBy!: string;
  @CreateDateColumn({ name: 'assigned_at', type: 'timestamptz' }) assignedAt!: Date;
}

/** An expert's screening opinion on a listing. */
@Entity({ name: 'screening_opinion' })
@Unique('uq_screening_opinion', ['listingId', 'expertUserId'])
@Check('ck_screening_opinion_recommendation', 'true')
export class ScreeningOpinionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;

  @ManyToOne(() => ListingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_screening_opinion_listing' })
  listing?: ListingEntity;

  @Column({ name: 'expert_user_id', type: 'uuid' }) expertUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'expert_user_id', foreignKeyConstraintName: 'fk_screening_opinion_expert' })
  expert?: UserEntity;

  @Column({ type: 'varchar', length: 8 }) recommendation!: 'pass' | 'reject';
  @Column({ type: 'text' }) opinion!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** An expert's scores on an application (four criteria, 0–25 each). */
@Entity({ name: 'review_score' })
@Unique('uq_review_score', ['applicationId', 'expertUserId'])
@Check('ck_review_score_range', 'true')
export class ReviewScoreEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_review_score_application' })
  application?: ApplicationEntity;

  @Column({ name: 'expert_user_id', type: 'uuid' }) expertUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'expert_user_id', foreignKeyConstraintName: 'fk_review_score_expert' })
  expert?: UserEntity;

  @Column({ type: 'smallint' }) qualification!: number;
  @Column({ type: 'smallint' }) feasibility!: number;
  @Column({ type: 'smallint' }) cost!: number;
  @Column({ type: 'smallint' }) team!: number;
  @Column({ type: 'text' }) opinion!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
