import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CurrentUser, DEAL_ATTACHMENT_PURPOSES, DealAttachmentDto, DealAttachmentPurpose } from '@jiebang/contracts';
import { acceptUpload } from '../attachments/attachments.service';
import { StoragePort } from '../attachments/storage.port';
import { NotFoundError } from '../common/domain-error';
import { DealRole, loadDeal, refuse, toAttachment, UUID, visible } from './deal-common';
import { DealAttachmentEntity } from './deal.entity';

/** Whether `purpose` is one of the purposes a deal file may have (`DEAL_ATTACHMENT_PURPOSES`). */
export function isDealAttachmentPurpose(purpose: string): purpose is DealAttachmentPurpose {
  return (DEAL_ATTACHMENT_PURPOSES as readonly string[]).includes(purpose);
}

/**
 * Whether a user with `roles` on the deal may download a file uploaded by `uploadedBy`: the parties and staff
 * any file, anyone else only their own (an objector's evidence).
 */
export function mayDownload(roles: readonly DealRole[], uploadedBy: string, userId: string): boolean {
  return roles.length > 0 || uploadedBy === userId;
}

/** The files of a deal (agreement, task book, vouchers, evidence …): upload and download. */
@Injectable()
export class DealAttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(StoragePort) private readonly storage: StoragePort,
  ) {}

  /**
   * Stores a file of the deal (type judged by content; ≤ 20 MiB). Parties and staff may upload any purpose;
   * anyone logged in may upload `objection_evidence` while the deal is on notice.
   * 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED` / `PURPOSE_INVALID`, 413 `ATTACHMENT_TOO_LARGE`.
   */
  async attach(
    user: CurrentUser,
    id: string,
    purpose: string,
    file: { originalname: string; buffer: Buffer; size: number } | undefined,
  ): Promise<DealAttachmentDto> {
    if (!isDealAttachmentPurpose(purpose))
      throw refuse(
        'PURPOSE_INVALID',
        `附件用途应为 ${DEAL_ATTACHMENT_PURPOSES.join('、')} 之一`,
        undefined,
        HttpStatus.BAD_REQUEST,
      );
    const accepted = acceptUpload(file);
    const c = await loadDeal(this.db.manager, user, id, false);
    visible(c, purpose === 'objection_evidence');
    const key = `deals/${id}/${randomUUID()}`;
    await this.storage.put(key, accepted.file.buffer);
    const a = await this.db.getRepository(DealAttachmentEntity).save(
      this.db.getRepository(DealAttachmentEntity).create({
        dealId: id,
        purpose,
        filename: accepted.filename,
        contentType: accepted.contentType,
        sizeBytes: accepted.file.size,
        sha256: accepted.sha256,
        storageKey: key,
        uploadedBy: user.id,
      }),
    );
    return toAttachment(a);
  }

  /** A deal file for its parties and staff (and an objection's evidence for its uploader). 404 otherwise. */
  async attachmentFile(user: CurrentUser, id: string, attachmentId: string) {
    const c = await loadDeal(this.db.manager, user, id, false);
    if (!UUID.test(attachmentId)) throw new NotFoundError('附件', attachmentId);
    const a = await this.db.getRepository(DealAttachmentEntity).findOne({ where: { id: attachmentId, dealId: id } });
    if (!a || !mayDownload(c.roles, a.uploadedBy, user.id)) throw new NotFoundError('附件', attachmentId);
    return { filename: a.filename, contentType: a.contentType, data: await this.storage.get(a.storageKey) };
  }
}
