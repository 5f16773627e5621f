import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganizationEntity } from '../organizations/organization.entity';
import { CreditKind } from '@jiebang/contracts';

/**
 * 联合惩戒名单 / 科研失信 — a credit record. In force from `validFrom` to `validTo` (inclusive, dates in
 * Asia/Shanghai); while in force it blocks posting, applying and receiving subsidy (seed `004 §14`).
 */
@Entity({ name: 'credit_record' })
@Index('ix_credit_record_org_id', ['orgId'])
@Check('ck_credit_record_kind', 'true')
@Check('ck_credit_record_validity', 'true')
export class CreditRecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'org_id', type: 'uuid' })
  orgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_credit_record_org' })
  org?: OrganizationEntity;

  @Column({ type: 'varchar', length: 24 })
  kind!: CreditKind;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
