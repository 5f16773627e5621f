import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Field, FieldSource, OrgType } from '@jiebang/contracts';

/** One contact person of an organisation (征集表 联系人: 姓名, 职务, 手机, 电子邮箱). */
export interface OrgContact {
  name: string;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
}

/**
 * 单位 — an organisation: poster, applicant, carrier or recommender (RULEBOOK §1).
 * Identity is the USCC (统一社会信用代码); names are not identities (a rename keeps the USCC and goes to
 * `formerNames`). `uscc` is null for real organisations whose code no public source gives.
 * Money: `registeredCapitalFen` in fen (注册资金 is entered in 万元).
 */
@Entity({ name: 'organization' })
@Unique('uq_organization_uscc', ['uscc'])
@Index('ix_organization_name', ['name'])
@Index('ix_organization_region_code', ['regionCode'])
// Covering partial index of the ranking's candidates (migration 1763884800000, bench/README.md).
@Index('ix_organization_candidate', ['type', 'regionCode', 'id', 'name', 'registeredCapitalFen', 'fields'], {
  where: 'verified AND independent_legal_person',
})
// CHECKs (USCC alphabet, enum values, region format, non-negative money) are written by the migration;
// declared here by name only, so that the schema check knows them.
@Check('ck_organization_uscc_format', 'true')
@Check('ck_organization_type', 'true')
@Check('ck_organization_region_code', 'true')
@Check('ck_organization_capital', 'true')
@Check('ck_organization_fields', 'true')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  uscc!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'short_name', type: 'text', nullable: true })
  shortName!: string | null;

  @Column({ name: 'former_names', type: 'text', array: true, default: () => "'{}'" })
  formerNames!: string[];

  /** 单位类型 (征集表) or carrier kind. */
  @Column({ type: 'varchar', length: 32 })
  type!: OrgType;

  /** The category as written in the source data (e.g. `listed-enterprise`), kept for traceability. */
  @Column({ name: 'source_category', type: 'text', nullable: true })
  sourceCategory!: string | null;

  /** GB/T 2260 code of the registered region (注册地区). */
  @Column({ name: 'region_code', type: 'char', length: 6, nullable: true })
  regionCode!: string | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'registered_capital_fen', type: 'bigint', nullable: true })
  registeredCapitalFen!: string | null;

  @Column({ name: 'legal_representative', type: 'text', nullable: true })
  legalRepresentative!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  contacts!: OrgContact[];

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'source_urls', type: 'text', array: true, default: () => "'{}'" })
  sourceUrls!: string[];

  /** Third-party copies of the sources (`mirrorSource` of the data): for staff and auditors, never public. */
  @Column({ name: 'mirror_urls', type: 'text', array: true, default: () => "'{}'" })
  mirrorUrls!: string[];

  /** Verified by staff: only verified organisations may post or apply (RULEBOOK §1). */
  @Column({ type: 'boolean', default: false })
  verified!: boolean;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  @Column({ name: 'verified_by', type: 'uuid', nullable: true })
  verifiedBy!: string | null;

  /** False for a 分公司 or any unit without independent legal personality (`004 §5`, `§8`). */
  @Column({ name: 'independent_legal_person', type: 'boolean', default: true })
  independentLegalPerson!: boolean;

  /**
   * A 科技兴蒙 "4+8+N" 合作主体 (GLOSSARY `partner4x8xN`), recorded by staff: may post achievement listings whatever
   * its type (`004 §7`).
   */
  @Column({ name: 'partner_4x8xn', type: 'boolean', default: false })
  partner4x8xN!: boolean;

  /** 主营业务 / 研究方向, used for text relevance in matching. */
  @Column({ name: 'main_business', type: 'text', nullable: true })
  mainBusiness!: string | null;

  /** The five fields the organisation works in: declared, or derived when it declared none (`fieldsDerived`). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  fields!: Field[];

  /** True when `fields` were derived (`refreshDerivedFields`), not declared by the organisation. */
  @Column({ name: 'fields_derived', type: 'boolean', default: false })
  fieldsDerived!: boolean;

  /** For derived fields: per field, where it came from (e.g. `{ "rare_earth": ["listings", "name"] }`). */
  @Column({ name: 'field_sources', type: 'jsonb', default: () => "'{}'" })
  fieldSources!: Partial<Record<Field, FieldSource[]>>;

  /**
   * The carrier kinds (`CarrierKind`) the department's registry backs for this organisation: kept by the carriers
   * module from its registry (a carrier in force, i.e. not revoked), never self-declared (RULEBOOK §7 "On the
   * board"; issue 15 §5).
   */
  @Column({ name: 'carrier_kinds', type: 'text', array: true, default: () => "'{}'" })
  carrierKinds!: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * How many organisations are verified independent legal persons, by type and by whether their region code is in
 * Inner Mongolia (150000–159999): the static part of a ranking's candidate count, kept by triggers on
 * `organization` (migration 1764489600000). Read-only for the application.
 */
@Entity({ name: 'organization_candidate_count' })
export class OrganizationCandidateCountEntity {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'pk_organization_candidate_count' })
  type!: OrgType;

  @PrimaryColumn({ name: 'in_region', type: 'boolean', primaryKeyConstraintName: 'pk_organization_candidate_count' })
  inRegion!: boolean;

  /** Number of organisations. */
  @Column({ type: 'bigint' })
  n!: string;
}
