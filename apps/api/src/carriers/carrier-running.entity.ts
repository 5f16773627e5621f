import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { CarrierApplicationEntity, CarrierEntity } from './carrier.entity';

/**
 * 重大事项变更 — a major change reported by a carrier's host (`001 §19`: within 3 months; `002 §14`; `003 §30`):
 * kind, effective date, report date and lateness, what changed (a new name or region where it alters the registry),
 * whether the department must approve it (`003 §30(一)`) and the two staff decisions (four eyes where it needs
 * approval or alters the registry). Status: `CarrierChangeStatus` of `@jiebang/contracts`.
 */
@Entity({ name: 'carrier_change' })
@Index('ix_carrier_change_carrier', ['carrierId', 'createdAt'])
@Index('ix_carrier_change_status', ['status'])
export class CarrierChangeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_change' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_change_carrier' })
  carrier?: CarrierEntity;
  /** `CarrierChangeKind`. */
  @Column({ type: 'varchar', length: 24 }) kind!: string;
  /** Beijing dates `YYYY-MM-DD`: when the change took effect, when it was reported, the last day to report it. */
  @Column({ name: 'changed_on', type: 'date' }) changedOn!: string;
  @Column({ name: 'reported_on', type: 'date' }) reportedOn!: string;
  @Column({ name: 'report_by', type: 'date' }) reportBy!: string;
  @Column({ type: 'boolean' }) late!: boolean;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'new_name', type: 'text', nullable: true }) newName!: string | null;
  @Column({ name: 'new_region_code', type: 'char', length: 6, nullable: true }) newRegionCode!: string | null;
  @Column({ name: 'needs_approval', type: 'boolean' }) needsApproval!: boolean;
  @Column({ name: 'alters_registry', type: 'boolean' }) altersRegistry!: boolean;
  @Column({ type: 'text' }) rule!: string;
  @Column({ type: 'varchar', length: 24 }) status!: string;
  @Column({ name: 'reported_by', type: 'uuid' }) reportedBy!: string;
  /** The recommender (所辖盟市 / 组织单位, `AUTHORITIES` code) that reviews it before staff; null for none. */
  @Column({ name: 'recommender_authority', type: 'varchar', length: 64, nullable: true })
  recommenderAuthority!: string | null;
  @Column({ name: 'recommended_by', type: 'uuid', nullable: true }) recommendedBy!: string | null;
  @Column({ name: 'recommended_at', type: 'timestamptz', nullable: true }) recommendedAt!: Date | null;
  @Column({ name: 'recommender_note', type: 'text', nullable: true }) recommenderNote!: string | null;
  /** Staff's first decision: 不再符合备案条件 (`001 §19`); the second confirms the revocation. */
  @Column({ name: 'revoke_proposed', type: 'boolean', default: false }) revokeProposed!: boolean;
  @Column({ name: 'first_decision_by', type: 'uuid', nullable: true }) firstDecisionBy!: string | null;
  @Column({ name: 'first_decision_at', type: 'timestamptz', nullable: true }) firstDecisionAt!: Date | null;
  @Column({ name: 'first_decision_note', type: 'text', nullable: true }) firstDecisionNote!: string | null;
  @Column({ name: 'second_decision_by', type: 'uuid', nullable: true }) secondDecisionBy!: string | null;
  @Column({ name: 'second_decision_at', type: 'timestamptz', nullable: true }) secondDecisionAt!: Date | null;
  @Column({ name: 'second_decision_note', type: 'text', nullable: true }) secondDecisionNote!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/**
 * 一事一议 (GLOSSARY `caseByCaseDecision`, `003 §12`): one staff member proposes, with reasons, that a 技术创新中心
 * application outside the thresholds be decided case by case; a second approves or rejects it. Only an approved one
 * lets the application pass formal review with missed thresholds. Status `proposed` → `approved` | `rejected`; at
 * most one `proposed` or `approved` per application.
 */
@Entity({ name: 'carrier_case_decision' })
@Index('ux_carrier_case_decision_live', ['applicationId'], { unique: true, where: `status <> 'rejected'` })
export class CarrierCaseDecisionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_case_decision' }) id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @ManyToOne(() => CarrierApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_carrier_case_decision_application' })
  application?: CarrierApplicationEntity;
  @Column({ type: 'text' }) reasons!: string;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ name: 'proposed_by', type: 'uuid' }) proposedBy!: string;
  @CreateDateColumn({ name: 'proposed_at', type: 'timestamptz' }) proposedAt!: Date;
  @Column({ name: 'decided_by', type: 'uuid', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'decision_note', type: 'text', nullable: true }) decisionNote!: string | null;
}

/**
 * 考核申请 of a 技术创新中心 (`003 §20`): submitted by the 牵头建设单位 when 筹建 ends, reviewed by its 组织单位
 * (`authority`; none → agreed at once), then the ground of staff's 筹建期满考核. Status `EstablishmentRequestStatus`:
 * `submitted` → `agreed` | `returned`; `agreed` → `decided`. At most one `submitted` or `agreed` per carrier.
 */
@Entity({ name: 'carrier_establishment_request' })
@Index('ux_carrier_establishment_request_open', ['carrierId'], {
  unique: true,
  where: `status IN ('submitted', 'agreed')`,
})
export class CarrierEstablishmentRequestEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_establishment_request' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_establishment_request_carrier' })
  carrier?: CarrierEntity;
  @Column({ type: 'text' }) summary!: string;
  @Column({ type: 'varchar', length: 16 }) status!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) authority!: string | null;
  @Column({ name: 'submitted_by', type: 'uuid' }) submittedBy!: string;
  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' }) submittedAt!: Date;
  @Column({ name: 'recommended_by', type: 'uuid', nullable: true }) recommendedBy!: string | null;
  @Column({ name: 'recommended_at', type: 'timestamptz', nullable: true }) recommendedAt!: Date | null;
  @Column({ name: 'recommender_note', type: 'text', nullable: true }) recommenderNote!: string | null;
}

/**
 * A file of a 考核申请's materials (`003 §20`; `ESTABLISHMENT_MATERIALS`: the 总结报告, 佐证材料): uploaded by the
 * centre's users while no 考核申请 is open (`request_id` null: its draft), bound to the request on submission and
 * released again when the 组织单位 returns it. Checked like every upload (content-sniffed type, ≤ 20 MiB), its
 * content behind the storage port under `storage_key`.
 */
@Entity({ name: 'carrier_establishment_file' })
@Index('ix_carrier_establishment_file_carrier', ['carrierId', 'requestId'])
@Check('ck_carrier_establishment_file_size', 'true')
export class CarrierEstablishmentFileEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_establishment_file' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_establishment_file_carrier' })
  carrier?: CarrierEntity;
  @Column({ name: 'request_id', type: 'uuid', nullable: true }) requestId!: string | null;
  @ManyToOne(() => CarrierEstablishmentRequestEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'request_id', foreignKeyConstraintName: 'fk_carrier_establishment_file_request' })
  request?: CarrierEstablishmentRequestEntity;
  /** `EstablishmentMaterialKey`. */
  @Column({ name: 'material_key', type: 'varchar', length: 32 }) materialKey!: string;
  @Column({ type: 'text' }) filename!: string;
  @Column({ name: 'content_type', type: 'text' }) contentType!: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes!: number;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'fk_carrier_establishment_file_uploader' })
  uploader?: UserEntity;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** The entities of the running years (registered in `data-source.ts`). */
export const CARRIER_RUNNING_ENTITIES = [
  CarrierChangeEntity,
  CarrierCaseDecisionEntity,
  CarrierEstablishmentRequestEntity,
  CarrierEstablishmentFileEntity,
];
