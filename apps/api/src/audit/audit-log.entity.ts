import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * One record of the append-only audit log (issue 4 §6): who did what to which entity, from which state to
 * which, with the reason and the rule. `hash` = sha256(`prev_hash` + canonical record), so the chain proves
 * no record was changed or removed; a trigger refuses UPDATE and DELETE.
 */
@Entity({ name: 'audit_log' })
@Unique('uq_audit_log_hash', ['hash'])
@Index('ix_audit_log_entity', ['entityType', 'entityId', 'seq'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_audit_log' }) seq!: string;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
  @Column({ name: 'entity_type', type: 'varchar', length: 24 }) entityType!: string;
  @Column({ name: 'entity_id', type: 'uuid' }) entityId!: string;
  @Column({ type: 'varchar', length: 48 }) action!: string;
  @Column({ name: 'from_status', type: 'varchar', length: 24, nullable: true }) fromStatus!: string | null;
  @Column({ name: 'to_status', type: 'varchar', length: 24, nullable: true }) toStatus!: string | null;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId!: string | null;
  @Column({ type: 'text', nullable: true }) reason!: string | null;
  @Column({ type: 'text', nullable: true }) rule!: string | null;
  @Column({ type: 'jsonb', nullable: true }) data!: Record<string, unknown> | null;
  @Column({ name: 'prev_hash', type: 'char', length: 64 }) prevHash!: string;
  @Column({ type: 'char', length: 64 }) hash!: string;
}
