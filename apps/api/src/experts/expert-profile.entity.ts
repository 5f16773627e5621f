import { Check, Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Field } from '@jiebang/contracts';
import { UserEntity } from '../auth/user.entity';

/**
 * 专家库 — an expert's profile in the expert pool (migration `1765000000000-users-and-experts`), one per expert
 * account. The affiliation is the account's `orgId` (recusal runs through its control graph); the review history
 * is read from `expert_assignment`, `screening_opinion` and `review_score`.
 */
@Entity({ name: 'expert_profile' })
@Index('ix_expert_profile_fields', { synchronize: false })
@Check('ck_expert_profile_fields', 'true')
export class ExpertProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'pk_expert_profile' })
  userId!: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_expert_profile_user' })
  user?: UserEntity;

  /** The five fields covered. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fields!: Field[];

  /** Other fields in words. */
  @Column({ name: 'other_fields', type: 'text', array: true, default: () => "'{}'" })
  otherFields!: string[];

  /** 职称. */
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** 专长. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  specialities!: string[];

  @Column({ type: 'varchar', length: 20, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  email!: string | null;

  /** Staff may invite the expert now. */
  @Column({ type: 'boolean', default: true })
  available!: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
