import {
  Check,
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
import {
  AchievementType,
  CooperationForm,
  Field,
  IpType,
  ListingKind,
  ListingStatus,
  ResultType,
} from '@jiebang/contracts';
import { OrganizationEntity } from '../organizations/organization.entity';

/**
 * 榜单 — one listing on the board: a 技术攻关 challenge or a 成果转化 achievement (RULEBOOK §2–§3, seed
 * `004 §4`). Carries the 征集表 project block. Money: `totalInvestmentFen` (项目预计总投入或成果价值) in fen;
 * forms speak 万元. `posterName` is the poster as the source wrote it; `posterOrgId` links the organisation
 * when it is known.
 */
@Entity({ name: 'listing' })
@Unique('uq_listing_import_key', ['importKey'])
@Index('ix_listing_status_kind_field', ['status', 'kind', 'field'])
@Index('ix_listing_poster_org_id', ['posterOrgId'])
// CHECKs (enum values, 3000/1000-character limits, non-negative money) are written by the migration;
// declared here by name only, so that the schema check knows them.
@Check('ck_listing_kind', 'true')
@Check('ck_listing_field', 'true')
@Check('ck_listing_status', 'true')
@Check('ck_listing_result_type', 'true')
@Check('ck_listing_achievement_type', 'true')
@Check('ck_listing_ip_types', 'true')
@Check('ck_listing_summary_length', 'true')
@Check('ck_listing_team_length', 'true')
@Check('ck_listing_investment', 'true')
@Check('ck_listing_region_code', 'true')
@Check('ck_listing_published_at', 'true')
@Check('ck_listing_field_required', 'true')
@Check('ck_listing_close_reason', 'true')
@Check('ck_listing_offer_amount', 'true')
@Check('ck_listing_cooperation_forms', 'true')
export class ListingEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ListingKind;

  /** Required from submission on (a draft may not have chosen yet). */
  @Column({ type: 'varchar', length: 16, nullable: true })
  field!: Field | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'varchar', length: 16, default: ListingStatus.Draft })
  status!: ListingStatus;

  @Column({ name: 'result_type', type: 'varchar', length: 32, nullable: true })
  resultType!: ResultType | null;

  @Column({ name: 'achievement_type', type: 'varchar', length: 32, nullable: true })
  achievementType!: AchievementType | null;

  @Column({ name: 'has_own_ip', type: 'boolean', nullable: true })
  hasOwnIp!: boolean | null;

  @Column({ name: 'ip_types', type: 'text', array: true, default: () => "'{}'" })
  ipTypes!: IpType[];

  /** 拟转化科技成果情况 — ≤ 3000 characters. */
  @Column({ type: 'varchar', length: 3000, nullable: true })
  summary!: string | null;

  /** 技术团队情况 — ≤ 1000 characters. */
  @Column({ type: 'varchar', length: 1000, nullable: true })
  team!: string | null;

  @Column({ name: 'suggested_time_limit', type: 'text', nullable: true })
  suggestedTimeLimit!: string | null;

  @Column({ name: 'total_investment_fen', type: 'bigint', nullable: true })
  totalInvestmentFen!: string | null;

  /** 榜额 (技术攻关) or 意向转让价格 (成果转化), integer fen (issue 16 item 16); null when not stated. */
  @Column({ name: 'offer_amount_fen', type: 'bigint', nullable: true })
  offerAmountFen!: string | null;

  /** 揭榜截止 (`YYYY-MM-DD`, Beijing date, inclusive): applications after it are refused. */
  @Column({ name: 'apply_deadline', type: 'date', nullable: true })
  applyDeadline!: string | null;

  /** 合作方式 offered: 转让, 许可, 作价投资, 合作开发. */
  @Column({ name: 'cooperation_forms', type: 'text', array: true, default: () => "'{}'" })
  cooperationForms!: CooperationForm[];

  /** 联系人 (shown to signed-in users only). */
  @Column({ name: 'contact_name', type: 'varchar', length: 50, nullable: true })
  contactName!: string | null;

  @Column({ name: 'contact_phone', type: 'varchar', length: 30, nullable: true })
  contactPhone!: string | null;

  @Column({ name: 'contact_email', type: 'varchar', length: 100, nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'poster_org_id', type: 'uuid', nullable: true })
  posterOrgId!: string | null;

  @ManyToOne(() => OrganizationEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'poster_org_id', foreignKeyConstraintName: 'fk_listing_poster_org' })
  poster?: OrganizationEntity | null;

  @Column({ name: 'poster_name', type: 'text' })
  posterName!: string;

  /** GB/T 2260 code of where the listing is located. */
  @Column({ name: 'region_code', type: 'char', length: 6, nullable: true })
  regionCode!: string | null;

  @Column({ name: 'source_year', type: 'int', nullable: true })
  sourceYear!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  /** Names of fields the data source inferred rather than stated. */
  @Column({ name: 'inferred_fields', type: 'text', array: true, default: () => "'{}'" })
  inferredFields!: string[];

  @Column({ name: 'source_urls', type: 'text', array: true, default: () => "'{}'" })
  sourceUrls!: string[];

  /** Third-party copies of the sources (`mirrorSource` of the data): for staff and auditors, never public. */
  @Column({ name: 'mirror_urls', type: 'text', array: true, default: () => "'{}'" })
  mirrorUrls!: string[];

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  /** The demand block of a tech challenge (seed `004 §9(一)`), as `ChallengeDemandDto`. */
  @Column({ type: 'jsonb', nullable: true })
  demand!: Record<string, unknown> | null;

  /** When and by whom the poster attested the content is publishable (seed `004` 二.2–3). */
  @Column({ name: 'attested_at', type: 'timestamptz', nullable: true })
  attestedAt!: Date | null;

  @Column({ name: 'attested_by', type: 'uuid', nullable: true })
  attestedBy!: string | null;

  /** Why screening rejected the listing (the poster sees it). */
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'close_reason', type: 'varchar', length: 16, nullable: true })
  closeReason!: 'taken' | 'expired' | 'withdrawn' | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /** Natural key of an imported row (`kind|title`), so that re-import updates instead of duplicating. */
  @Column({ name: 'import_key', type: 'text', nullable: true })
  importKey!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
