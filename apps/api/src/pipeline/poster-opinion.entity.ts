import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '../auth/user.entity';
import { ApplicationEntity } from './application.entity';

/**
 * 发榜方意见 on an application (issue 16 item 4; seed `004 §9(五)`: 评审由科技厅会同发榜方组织): whether the
 * poster recommends the applicant and why, by one of the poster organisation's users, kept beside the experts'
 * scores. One per application; a later save replaces it.
 */
@Entity({ name: 'poster_opinion' })
export class PosterOpinionEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid', primaryKeyConstraintName: 'pk_poster_opinion' })
  applicationId!: string;

  @ManyToOne(() => ApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id', foreignKeyConstraintName: 'fk_poster_opinion_application' })
  application?: ApplicationEntity;

  @Column({ type: 'boolean' }) recommend!: boolean;

  /** ≤ 3000 characters. */
  @Column({ type: 'varchar', length: 3000 }) opinion!: string;

  @Column({ name: 'author_user_id', type: 'uuid' }) authorUserId!: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_user_id', foreignKeyConstraintName: 'fk_poster_opinion_author' })
  author?: UserEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
