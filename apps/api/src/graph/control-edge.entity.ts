import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ControlKind } from '@jiebang/contracts';

/**
 * 控股 / 下属子公司 — one control edge of the organisation graph (RULEBOOK §6): `controller` holds
 * `equityPct` percent (0–100, numeric(5,2), read as a string) of `controlled`, or controls it by agreement, or
 * `controlled` is its branch (分公司, same legal entity). Every edge carries its source. Edges are history: one is
 * ended by setting `validTo` (the last day it held), never deleted, so the graph of any past date can be rebuilt;
 * a pair has at most one open-ended edge of a kind (`ux_control_edge_open`).
 */
@Entity({ name: 'control_edge' })
@Index('ux_control_edge_open', ['controllerOrgId', 'controlledOrgId', 'kind'], {
  unique: true,
  where: 'valid_to IS NULL',
})
@Index('ix_control_edge_controller', ['controllerOrgId'])
@Index('ix_control_edge_controlled', ['controlledOrgId'])
// The ranking's exclusion of branches (migration 1765500000000): the few branch edges without a scan of all edges.
@Index('ix_control_edge_branch', ['controlledOrgId', 'controllerOrgId'], { where: "kind = 'branch'" })
@Check('ck_control_edge_kind', 'true')
@Check('ck_control_edge_not_self', 'true')
@Check('ck_control_edge_equity', 'true')
@Check('ck_control_edge_equity_required', 'true')
@Check('ck_control_edge_validity', 'true')
@Check('ck_control_edge_source', 'true')
export class ControlEdgeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'controller_org_id', type: 'uuid' })
  controllerOrgId!: string;

  @Column({ name: 'controlled_org_id', type: 'uuid' })
  controlledOrgId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'controller_org_id', foreignKeyConstraintName: 'fk_control_edge_controller' })
  controller?: OrganizationEntity;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'controlled_org_id', foreignKeyConstraintName: 'fk_control_edge_controlled' })
  controlled?: OrganizationEntity;

  @Column({ name: 'equity_pct', type: 'numeric', precision: 5, scale: 2, nullable: true })
  equityPct!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: ControlKind;

  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo!: string | null;

  @Column({ type: 'text' })
  source!: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
