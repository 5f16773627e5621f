import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AttachmentKind } from '@jiebang/contracts';
import { ListingEntity } from '../listings/listing.entity';

/** An attachment of a listing: IP proof or supporting document (issue 4 §2). Content in the storage port. */
@Entity({ name: 'attachment' })
@Index('ix_attachment_listing_id', ['listingId'])
@Check('ck_attachment_kind', 'true')
@Check('ck_attachment_size', 'true')
export class AttachmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'listing_id', type: 'uuid' }) listingId!: string;

  @ManyToOne(() => ListingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listing_id', foreignKeyConstraintName: 'fk_attachment_listing' })
  listing?: ListingEntity;

  @Column({ type: 'varchar', length: 16 }) kind!: AttachmentKind;
  @Column({ type: 'text' }) filename!: string;
  @Column({ name: 'content_type', type: 'text' }) contentType!: string;
  @Column({ name: 'size_bytes', type: 'int' }) sizeBytes!: number;
  @Column({ type: 'char', length: 64 }) sha256!: string;
  @Column({ name: 'storage_key', type: 'text' }) storageKey!: string;
  @Column({ name: 'uploaded_by', type: 'uuid' }) uploadedBy!: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
