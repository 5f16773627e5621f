import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  AttachmentDto,
  AttachmentKind,
  CurrentUser,
  ListingStatus,
  Role,
} from '@jiebang/contracts';
import { LISTING_EDITABLE } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/domain-error';
import { ListingEntity } from '../listings/listing.entity';
import { actorsOf } from '../pipeline/actors';
import { AttachmentEntity } from './attachment.entity';
import { sniffContentType } from './content-type';
import { StoragePort } from './storage.port';

function toDto(a: AttachmentEntity): AttachmentDto {
  return {
    id: a.id,
    listingId: a.listingId,
    kind: a.kind,
    filename: a.filename,
    contentType: a.contentType,
    sizeBytes: a.sizeBytes,
    sha256: a.sha256,
    createdAt: a.createdAt.toISOString(),
  };
}

/**
 * multer hands over the multipart file name decoded as latin1; browsers send UTF-8. Re-decode when the bytes are
 * valid UTF-8 (`ä¸å©è¯ä¹¦.pdf` → `专利证书.pdf`), keep the name otherwise.
 */
export function decodeUploadName(name: string): string {
  const utf8 = Buffer.from(name, 'latin1').toString('utf8');
  return utf8.includes('\uFFFD') ? name : utf8;
}

/** A file name safe to show and to put in a Content-Disposition header (no path, no control characters). */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  const printable = [...base].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && c !== '"').join('');
  return printable.slice(0, 200) || 'file';
}

/** An uploaded file as multer hands it over. */
export type UploadedFileLike = { originalname: string; buffer: Buffer; size: number };

/**
 * Checks an upload the same way everywhere (listings, negotiation rooms, deals): not empty, ≤ 20 MiB, a type
 * judged by content (PDF, PNG, JPEG, .docx, .xlsx). Returns what the row stores: the sniffed content type, a safe
 * UTF-8 file name and the sha256 (hex).
 * @throws DomainError 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED`, 413 `ATTACHMENT_TOO_LARGE`.
 */
export function acceptUpload(file: UploadedFileLike | undefined): {
  file: UploadedFileLike;
  contentType: string;
  filename: string;
  sha256: string;
} {
  if (!file || !file.size)
    throw new DomainError(HttpStatus.BAD_REQUEST, 'ATTACHMENT_EMPTY', '请选择要上传的文件(不能为空文件)');
  if (file.size > ATTACHMENT_MAX_BYTES) {
    throw new DomainError(HttpStatus.PAYLOAD_TOO_LARGE, 'ATTACHMENT_TOO_LARGE', '单个附件不能超过 20 MB');
  }
  const contentType = sniffContentType(file.buffer);
  if (!contentType || !(contentType in ATTACHMENT_TYPES)) {
    throw new DomainError(
      HttpStatus.BAD_REQUEST,
      'ATTACHMENT_TYPE_NOT_ALLOWED',
      `附件类型不允许,仅支持 ${Object.values(ATTACHMENT_TYPES).join('、')}(按文件内容判断)`,
    );
  }
  return {
    file,
    contentType,
    filename: safeFilename(decodeUploadName(file.originalname)),
    sha256: createHash('sha256').update(file.buffer).digest('hex'),
  };
}

/**
 * Attachments of listings (issue 4 §2): type judged by content (PDF, PNG, JPEG, .docx, .xlsx), ≤ 20 MiB, stored
 * under a generated key, served only as a download; IP proofs are seen by the poster's users, staff and invited
 * experts, supporting documents of a published listing by everyone.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StoragePort,
    private readonly audit: AuditService,
  ) {}

  /**
   * @throws 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED`, 413 `ATTACHMENT_TOO_LARGE`,
   *   409 `ILLEGAL_TRANSITION` (listing not editable), 404 for anyone but the poster's users.
   */
  async upload(
    listingId: string,
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
    kind: AttachmentKind,
    user: CurrentUser,
  ): Promise<AttachmentDto> {
    const accepted = acceptUpload(file);
    const key = `listings/${listingId}/${randomUUID()}`;
    const saved = await this.db.transaction(async (em) => {
      const l = await em
        .getRepository(ListingEntity)
        .findOne({ where: { id: listingId }, lock: { mode: 'pessimistic_write' } });
      if (!l) throw new NotFoundError('榜单', listingId);
      const actors = actorsOf(user, { posterOrgId: l.posterOrgId });
      if (!actors.includes('poster')) throw new NotFoundError('榜单', listingId);
      if (!(LISTING_EDITABLE[l.status] ?? []).includes('poster')) {
        throw new DomainError(HttpStatus.CONFLICT, 'ILLEGAL_TRANSITION', `当前状态(${l.status})不能修改附件`, '004 §9');
      }
      const repo = em.getRepository(AttachmentEntity);
      const a = await repo.save(
        repo.create({
          listingId,
          kind,
          filename: accepted.filename,
          contentType: accepted.contentType,
          sizeBytes: accepted.file.size,
          sha256: accepted.sha256,
          storageKey: key,
          uploadedBy: user.id,
        }),
      );
      await this.audit.append(em, {
        entityType: 'listing',
        entityId: listingId,
        action: 'attach',
        fromStatus: l.status,
        toStatus: l.status,
        actorUserId: user.id,
        data: { attachmentId: a.id, kind, sha256: a.sha256 },
      });
      // Written inside the transaction: a storage failure rolls the row back; a rollback after it leaves an
      // orphan file under a random key, never a row without content.
      await this.storage.put(key, accepted.file.buffer);
      return a;
    });
    return toDto(saved);
  }

  private async visible(a: AttachmentEntity, l: ListingEntity, user: CurrentUser | undefined): Promise<boolean> {
    if (a.kind === 'supporting' && l.status === ListingStatus.Published) return true;
    if (!user) return false;
    if (user.role === Role.Staff || (user.orgId && user.orgId === l.posterOrgId)) return true;
    if (user.role === Role.Expert) {
      return this.db
        .query(
          `SELECT 1 FROM expert_assignment WHERE subject_type = 'listing' AND subject_id = $1 AND expert_user_id = $2`,
          [l.id, user.id],
        )
        .then((r: unknown[]) => r.length > 0);
    }
    return false;
  }

  /** Attachments of a listing the caller may see. 404 when the listing itself is not visible. */
  async list(listingId: string, user: CurrentUser | undefined): Promise<AttachmentDto[]> {
    const l = await this.db.getRepository(ListingEntity).findOne({ where: { id: listingId } });
    if (!l) throw new NotFoundError('榜单', listingId);
    const rows = await this.db
      .getRepository(AttachmentEntity)
      .find({ where: { listingId }, order: { createdAt: 'ASC' } });
    const out: AttachmentDto[] = [];
    for (const a of rows) if (await this.visible(a, l, user)) out.push(toDto(a));
    return out;
  }

  /** The content and metadata of one attachment, for a download. 404 when not visible to the caller. */
  async download(id: string, user: CurrentUser | undefined): Promise<{ meta: AttachmentDto; data: Buffer }> {
    const a = await this.db.getRepository(AttachmentEntity).findOne({ where: { id }, relations: { listing: true } });
    if (!a || !a.listing || !(await this.visible(a, a.listing, user))) throw new NotFoundError('附件', id);
    return { meta: toDto(a), data: await this.storage.get(a.storageKey) };
  }

  /** Deletes an attachment of an editable listing (poster's users). */
  async remove(id: string, user: CurrentUser): Promise<void> {
    const key = await this.db.transaction(async (em) => {
      const a = await em.getRepository(AttachmentEntity).findOne({ where: { id } });
      if (!a) throw new NotFoundError('附件', id);
      const l = await em
        .getRepository(ListingEntity)
        .findOne({ where: { id: a.listingId }, lock: { mode: 'pessimistic_write' } });
      if (!l || !actorsOf(user, { posterOrgId: l.posterOrgId }).includes('poster')) throw new NotFoundError('附件', id);
      if (!(LISTING_EDITABLE[l.status] ?? []).includes('poster')) {
        throw new DomainError(HttpStatus.CONFLICT, 'ILLEGAL_TRANSITION', `当前状态(${l.status})不能修改附件`, '004 §9');
      }
      await em.getRepository(AttachmentEntity).delete({ id });
      await this.audit.append(em, {
        entityType: 'listing',
        entityId: l.id,
        action: 'detach',
        fromStatus: l.status,
        toStatus: l.status,
        actorUserId: user.id,
        data: { attachmentId: id },
      });
      return a.storageKey;
    });
    await this.storage.delete(key);
  }
}
