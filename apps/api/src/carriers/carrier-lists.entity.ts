import {
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
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { CarrierEntity } from './carrier.entity';

/**
 * An organisation recorded on a carrier by staff (`003 §7` 共建单位; `003 §30`: changes of co-builders are approved
 * by the department): with the 依托单位, the members whose listings a 技术创新中心 may put on its lists.
 */
@Entity({ name: 'carrier_member' })
@Unique('uq_carrier_member', ['carrierId', 'orgId'])
@Index('ix_carrier_member_org', ['orgId'])
export class CarrierMemberEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_member' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_member_carrier' })
  carrier?: CarrierEntity;
  @Column({ name: 'org_id', type: 'uuid' }) orgId!: string;
  @ManyToOne(() => OrganizationEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'org_id', foreignKeyConstraintName: 'fk_carrier_member_org' })
  org?: OrganizationEntity;
  /** `CarrierMemberRole`: `co_builder` or `member`. */
  @Column({ type: 'varchar', length: 16 }) role!: string;
  @Column({ name: 'added_by', type: 'uuid' }) addedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A listing on a 技术创新中心's 技术攻关清单 (`list` = `challenge`) or 成果转化清单 (`achievement`) (`003 §22`). */
@Entity({ name: 'carrier_list_item' })
@Unique('uq_carrier_list_item', ['carrierId', 'listingId'])
export class CarrierListItemEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_list_item' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_list_item_carrier' })
  carrier?: CarrierEntity;
  /** The listing kind the list holds (`ListingKind`). */
  @Column({ type: 'varchar', length: 16 }) list!: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;
  @ManyToOne(() => ListingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_carrier_list_item_listing' })
  listing?: ListingEntity;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'added_by', type: 'uuid' }) addedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** A carrier's declared service capacity in one field (中试线 count and description), counted in matching. */
@Entity({ name: 'carrier_capacity' })
@Unique('uq_carrier_capacity', ['carrierId', 'field'])
@Index('ix_carrier_capacity_field', ['field'])
export class CarrierCapacityEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_capacity' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_capacity_carrier' })
  carrier?: CarrierEntity;
  @Column({ type: 'varchar', length: 32 }) field!: string;
  @Column({ name: 'pilot_lines', type: 'integer', default: 0 }) pilotLines!: number;
  @Column({ type: 'text' }) description!: string;
  @Column({ name: 'updated_by', type: 'uuid' }) updatedBy!: string;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/**
 * A project of a carrier's project pool (`001 §8(五)`, `§9(五)`): one row follows the project from a concept-validation
 * centre into a pilot base's pool and on to a 成果转化 listing (`001 §14`); `carrierId` is the pool holding it now.
 */
@Entity({ name: 'carrier_project' })
@Index('ix_carrier_project_carrier', ['carrierId', 'status'])
@Index('ix_carrier_project_target', ['targetCarrierId'])
@Index('ux_carrier_project_listing', ['listingId'], { unique: true, where: 'listing_id IS NOT NULL' })
export class CarrierProjectEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_project' }) id!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_project_carrier' })
  carrier?: CarrierEntity;
  @Column({ name: 'origin_carrier_id', type: 'uuid' }) originCarrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'origin_carrier_id', foreignKeyConstraintName: 'fk_carrier_project_origin' })
  originCarrier?: CarrierEntity;
  @Column({ name: 'target_carrier_id', type: 'uuid', nullable: true }) targetCarrierId!: string | null;
  @ManyToOne(() => CarrierEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'target_carrier_id', foreignKeyConstraintName: 'fk_carrier_project_target' })
  targetCarrier?: CarrierEntity;
  @Column({ type: 'text' }) title!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) field!: string | null;
  @Column({ type: 'text', nullable: true }) summary!: string | null;
  /** `CarrierProjectStatus`. */
  @Column({ type: 'varchar', length: 24 }) status!: string;
  @Column({ name: 'listing_id', type: 'uuid', nullable: true }) listingId!: string | null;
  @ManyToOne(() => ListingEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_carrier_project_listing' })
  listing?: ListingEntity;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** One step of a project's history, at the carrier where it happened (also written to the audit log). */
@Entity({ name: 'carrier_project_event' })
@Index('ix_carrier_project_event_project', ['projectId', 'at'])
export class CarrierProjectEventEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pk_carrier_project_event' }) id!: string;
  @Column({ name: 'project_id', type: 'uuid' }) projectId!: string;
  @ManyToOne(() => CarrierProjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'project_id', foreignKeyConstraintName: 'fk_carrier_project_event_project' })
  project?: CarrierProjectEntity;
  @Column({ type: 'varchar', length: 32 }) action!: string;
  @Column({ name: 'carrier_id', type: 'uuid' }) carrierId!: string;
  @ManyToOne(() => CarrierEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'carrier_id', foreignKeyConstraintName: 'fk_carrier_project_event_carrier' })
  carrier?: CarrierEntity;
  @Column({ name: 'actor_user_id', type: 'uuid' }) actorUserId!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @CreateDateColumn({ name: 'at', type: 'timestamptz' }) at!: Date;
}

/** The entities of carriers on the board (registered in `data-source.ts`). */
export const CARRIER_BOARD_ENTITIES = [
  CarrierMemberEntity,
  CarrierListItemEntity,
  CarrierCapacityEntity,
  CarrierProjectEntity,
  CarrierProjectEventEntity,
];
