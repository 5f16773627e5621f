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
} from 'typeorm';
import { NegotiationStatus, OfferStatus, OfferTerms } from '@jiebang/contracts';
import { UserEntity } from '../auth/user.entity';
import { ApplicationEntity } from '../pipeline/application.entity';

/** 组织对接 — the negotiation room of one recommended application (seed `004 §9(六)`). */
@Entity({ name: 'negotiation' })
@Unique('uq_negotiation_application', ['applicationId'])
@Check('ck_negotiation_status', 'true')
export class NegotiationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_negotiation_application' })
  application?: ApplicationEntity;

  @Column({ type: 'varchar', length: 16, default: 'open' }) status!: NegotiationStatus;
  @Column({ name: 'status_reason', type: 'text', nullable: true }) statusReason!: string | null;
  /** The last message sequence number handed out in this room. */
  @Column({ name: 'last_seq', type: 'int', default: 0 }) lastSeq!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A file shared in a negotiation room (content in the storage port). */
@Entity({ name: 'negotiation_attachment' })
@Check('ck_negotiation_attachment_size', 'true')
export class NegotiationAttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'negotiation_id', type: 'uuid' }) negotiationId!: string;

  @ManyToOne(() => NegotiationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'fk_negotiation_attachment_negotiation' })
  negotiation?: NegotiationEntity;

  @Column({ type: 'text' }) filename!: string;
  @Column({ name: 'content_type', type: 'text' }) contentType!: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes!: number;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A message, committed before it is acknowledged; `seq` orders the room, `idempotencyKey` dedupes retries. */
@Entity({ name: 'negotiation_message' })
@Unique('uq_negotiation_message_seq', ['negotiationId', 'seq'])
@Unique('uq_negotiation_message_idempotency', ['negotiationId', 'senderUserId', 'idempotencyKey'])
@Check('ck_negotiation_message_body', 'true')
export class NegotiationMessageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'negotiation_id', type: 'uuid' }) negotiationId!: string;

  @ManyToOne(() => NegotiationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'fk_negotiation_message_negotiation' })
  negotiation?: NegotiationEntity;

  @Column({ type: 'int' }) seq!: number;
  @Column({ name: 'sender_user_id', type: 'uuid' }) senderUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sender_user_id', foreignKeyConstraintName: 'fk_negotiation_message_sender' })
  sender?: UserEntity;

  @Column({ name: 'idempotency_key', type: 'uuid' }) idempotencyKey!: string;
  @Column({ type: 'text' }) body!: string;
  @Column({ name: 'retracted_at', type: 'timestamptz', nullable: true }) retractedAt!: Date | null;

  @Column({ name: 'attachment_id', type: 'uuid', nullable: true }) attachmentId!: string | null;

  @ManyToOne(() => NegotiationAttachmentEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'attachment_id', foreignKeyConstraintName: 'fk_negotiation_message_attachment' })
  attachment?: NegotiationAttachmentEntity | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** How far a user has read a room. */
@Entity({ name: 'negotiation_read' })
export class NegotiationReadEntity {
  @PrimaryColumn({ name: 'negotiation_id', type: 'uuid', primaryKeyConstraintName: 'pk_negotiation_read' })
  negotiationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_negotiation_read' }) userId!: string;

  @ManyToOne(() => NegotiationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'fk_negotiation_read_negotiation' })
  negotiation?: NegotiationEntity;

  @Column({ name: 'last_read_seq', type: 'int', default: 0 }) lastReadSeq!: number;
}

/** A structured offer; a new version supersedes the open one (a counter-offer). Amount in fen. */
@Entity({ name: 'offer' })
@Unique('uq_offer_version', ['negotiationId', 'version'])
@Unique('uq_offer_idempotency', ['negotiationId', 'proposedBy', 'idempotencyKey'])
@Check('ck_offer_side', 'true')
@Check('ck_offer_status', 'true')
@Check('ck_offer_amount', 'true')
export class OfferEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'negotiation_id', type: 'uuid' }) negotiationId!: string;

  @ManyToOne(() => NegotiationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'fk_offer_negotiation' })
  negotiation?: NegotiationEntity;

  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'varchar', length: 16 }) side!: 'poster' | 'applicant';
  @Column({ name: 'proposed_by', type: 'uuid' }) proposedBy!: string;
  @Column({ name: 'idempotency_key', type: 'uuid' }) idempotencyKey!: string;
  @Column({ type: 'jsonb' }) terms!: OfferTerms;
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen!: string;
  @Column({ type: 'varchar', length: 16, default: 'open' }) status!: OfferStatus;
  @Column({ name: 'accepted_by_poster', type: 'boolean', default: false }) acceptedByPoster!: boolean;
  @Column({ name: 'accepted_by_applicant', type: 'boolean', default: false }) acceptedByApplicant!: boolean;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** The draft 揭榜协议 produced when both sides accept the same offer version (input to the deal lifecycle). */
@Entity({ name: 'agreement_draft' })
@Unique('uq_agreement_draft_offer', ['offerId'])
@Index('ix_agreement_draft_application', ['applicationId'])
export class AgreementDraftEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_agreement_draft_application' })
  application?: ApplicationEntity;

  @Column({ name: 'offer_id', type: 'uuid' }) offerId!: string;

  @ManyToOne(() => OfferEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'offer_id', foreignKeyConstraintName: 'fk_agreement_draft_offer' })
  offer?: OfferEntity;

  @Column({ type: 'jsonb' }) terms!: OfferTerms;
  @Column({ name: 'amount_fen', type: 'bigint' }) amountFen!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
