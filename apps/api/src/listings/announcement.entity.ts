import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import { Field, ListingKind } from '@jiebang/contracts';

/**
 * 榜单公告 — a whole published list (source `granularity: "list"`): shown as an announcement, never taken up.
 */
@Entity({ name: 'announcement' })
@Unique('uq_announcement_import_key', ['importKey'])
// CHECKs are written by the migration; declared here by name only, for the schema check.
@Check('ck_announcement_kind', 'true')
@Check('ck_announcement_field', 'true')
export class AnnouncementEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ListingKind;

  @Column({ type: 'varchar', length: 16, nullable: true })
  field!: Field | null;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  issuer!: string;

  @Column({ name: 'region_code', type: 'char', length: 6, nullable: true })
  regionCode!: string | null;

  @Column({ name: 'source_year', type: 'int', nullable: true })
  sourceYear!: number | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'source_urls', type: 'text', array: true, default: () => "'{}'" })
  sourceUrls!: string[];

  /** Third-party copies of the sources (`mirrorSource` of the data): for staff and auditors, never public. */
  @Column({ name: 'mirror_urls', type: 'text', array: true, default: () => "'{}'" })
  mirrorUrls!: string[];

  @Column({ name: 'import_key', type: 'text' })
  importKey!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
