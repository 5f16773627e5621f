import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { CarrierApplicationEntity } from './carrier.entity';

/**
 * A file of a required evidence item of a carrier application (申报书附件: 实景图片, 设备清单, 证明材料…; `000` 三,
 * `001 §10(一)`): several per item, uploaded and removed by the applicant's users while the application is a draft
 * (or returned), checked like every upload (content-sniffed type, ≤ 20 MiB), its content behind the storage port
 * under `storage_key`.
 */
@Entity({ name: 'carrier_evidence_file' })
@Index('ix_carrier_evidence_file_application', ['applicationId', 'evidenceKey'])
@Check('ck_carrier_evidence_file_size', 'true')
export class CarrierEvidenceFileEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_evidence_file' }) id!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @ManyToOne(() => CarrierApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_carrier_evidence_file_application' })
  application?: CarrierApplicationEntity;
  /** The rule set's `requiredEvidence[].key`. */
  @Column({ name: 'evidence_key', type: 'varchar', length: 64 }) evidenceKey!: string;
  @Column({ type: 'text' }) filename!: string;
  @Column({ name: 'content_type', type: 'text' }) contentType!: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes!: number;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'fk_carrier_evidence_file_uploader' })
  uploader?: UserEntity;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
