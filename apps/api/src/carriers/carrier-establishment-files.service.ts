import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  can,
  Capability,
  CarrierStatus,
  ESTABLISHMENT_MATERIALS,
  type CurrentUser,
  type EstablishmentFileDto,
  type EstablishmentMaterialsDto,
} from '@jiebang/contracts';
import { acceptUpload, type UploadedFileLike } from '../attachments/attachments.service';
import { StoragePort } from '../attachments/storage.port';
import { NotFoundError } from '../common/domain-error';
import { illegal, refuse } from './carrier-common';
import {
  draftFiles,
  ESTABLISHMENT_FILES_RULE,
  openRequest,
  toEstablishmentFileDto,
} from './carrier-establishment-files';
import { actsForAuthority } from './carrier-recommender-review.service';
import { CarrierEstablishmentFileEntity, CarrierEstablishmentRequestEntity } from './carrier-running.entity';
import { CarrierEntity } from './carrier.entity';

/** How a user stands to a centre's 考核申请 materials: its host's users, staff, or the request's 组织单位. */
type MaterialsParty = 'host' | 'staff' | 'recommender';

/**
 * The materials of a 技术创新中心's 考核申请 (issue 15 §4; `003 §20`; `ESTABLISHMENT_MATERIALS`): the centre's users
 * upload and remove files of the 总结报告 and 佐证材料 while 筹建 and no 考核申请 awaits its 组织单位 or is agreed
 * (the draft); submitting the 考核申请 binds them to it (`bindDraftFiles`, the 总结报告 required) and a return gives
 * them back (`releaseRequestFiles`). The centre's users and staff read and download all of them; the 组织单位 those of
 * the 考核申请 it reviews; nobody else (403 `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED`). Files are checked like every
 * upload of the platform (`acceptUpload`: content-sniffed type, ≤ 20 MiB) and stored behind the storage port. Draft
 * edits are not audited (as evidence files of applications); the submission, which names the files, is.
 */
@Injectable()
export class CarrierEstablishmentFilesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(StoragePort) private readonly storage: StoragePort,
  ) {}

  /**
   * The materials of the centre's next 考核申请 with its draft files, and whether it may change them now.
   * @throws 404 unknown carrier; 403 `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED` for anyone but its users and staff.
   */
  async materials(user: CurrentUser, carrierId: string): Promise<EstablishmentMaterialsDto> {
    const c = await this.db.getRepository(CarrierEntity).findOne({ where: { id: carrierId } });
    if (!c) throw new NotFoundError('载体', carrierId);
    const party = partyOf(user, c);
    if (party !== 'host' && party !== 'staff') throw notAllowed();
    const files = (await draftFiles(this.db.manager, carrierId)).map(toEstablishmentFileDto);
    return {
      items: ESTABLISHMENT_MATERIALS.map((m) => ({
        key: m.key,
        label: m.label,
        required: m.required,
        rule: m.rule,
        files: files.filter((f) => f.materialKey === m.key),
      })),
      editable: c.status === CarrierStatus.Preparing && !(await openRequest(this.db.manager, carrierId)),
    };
  }

  /**
   * Stores one file of the material `key` in the centre's draft.
   * @throws 404 unknown carrier; 403 `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED` for anyone but the centre's users; 409 `ILLEGAL_TRANSITION` unless 筹建; 409
   *   `CARRIER_ESTABLISHMENT_REQUEST_OPEN` while a 考核申请 awaits the 组织单位 or is agreed; 422
   *   `CARRIER_ESTABLISHMENT_MATERIAL_UNKNOWN`; 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED`, 413
   *   `ATTACHMENT_TOO_LARGE` (`acceptUpload`).
   */
  async upload(
    user: CurrentUser,
    carrierId: string,
    key: string,
    file: UploadedFileLike | undefined,
  ): Promise<EstablishmentFileDto> {
    const saved = await this.db.transaction(async (em) => {
      await this.lockEditable(em, user, carrierId, '上传考核申请材料');
      if (!ESTABLISHMENT_MATERIALS.some((m) => m.key === key))
        throw refuse(
          'CARRIER_ESTABLISHMENT_MATERIAL_UNKNOWN',
          `“${key}”不是考核申请的材料`,
          ESTABLISHMENT_FILES_RULE,
          HttpStatus.UNPROCESSABLE_ENTITY,
          { allowed: ESTABLISHMENT_MATERIALS.map((m) => m.key) },
        );
      const accepted = acceptUpload(file);
      const storageKey = `carriers/${carrierId}/establishment/${randomUUID()}`;
      const repo = em.getRepository(CarrierEstablishmentFileEntity);
      const row = await repo.save(
        repo.create({
          carrierId,
          requestId: null,
          materialKey: key,
          filename: accepted.filename,
          contentType: accepted.contentType,
          sizeBytes: accepted.file.size,
          sha256: accepted.sha256,
          storageKey,
          uploadedBy: user.id,
        }),
      );
      // Written inside the transaction: a storage failure rolls the row back (never a row without content).
      await this.storage.put(storageKey, accepted.file.buffer);
      return row;
    });
    return toEstablishmentFileDto(saved);
  }

  /**
   * Removes one draft file (the centre's users, while it may change its materials).
   * @throws 404 unknown carrier or file; 403 `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED`; 409 `ILLEGAL_TRANSITION`
   *   unless 筹建 or for a file submitted with a 考核申请; 409 `CARRIER_ESTABLISHMENT_REQUEST_OPEN`.
   */
  async remove(user: CurrentUser, carrierId: string, fileId: string): Promise<void> {
    const storageKey = await this.db.transaction(async (em) => {
      await this.lockEditable(em, user, carrierId, '删除考核申请材料');
      const repo = em.getRepository(CarrierEstablishmentFileEntity);
      const f = await repo.findOne({ where: { id: fileId, carrierId } });
      if (!f) throw new NotFoundError('考核申请材料', fileId);
      if (f.requestId) throw illegal('submitted', '删除已随考核申请提交的材料', ESTABLISHMENT_FILES_RULE);
      await repo.delete({ id: fileId });
      return f.storageKey;
    });
    await this.storage.delete(storageKey);
  }

  /**
   * One file's content for a download: the centre's users and staff; the 组织单位 of the 考核申请 it was submitted with.
   * @throws 404 unknown carrier or file; 403 `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED` for anyone else.
   */
  async download(
    user: CurrentUser,
    carrierId: string,
    fileId: string,
  ): Promise<{ filename: string; contentType: string; data: Buffer }> {
    const c = await this.db.getRepository(CarrierEntity).findOne({ where: { id: carrierId } });
    if (!c) throw new NotFoundError('载体', carrierId);
    const f = await this.db.getRepository(CarrierEstablishmentFileEntity).findOne({ where: { id: fileId, carrierId } });
    const party = partyOf(user, c);
    if (!party) throw notAllowed();
    if (!f) throw new NotFoundError('考核申请材料', fileId);
    if (party === 'recommender') {
      const r = f.requestId
        ? await this.db.getRepository(CarrierEstablishmentRequestEntity).findOne({ where: { id: f.requestId } })
        : null;
      if (!r || !actsForAuthority(user, r.authority)) throw notAllowed();
    }
    return { filename: f.filename, contentType: f.contentType, data: await this.storage.get(f.storageKey) };
  }

  /** Locks the carrier for a change of the draft: its users, 筹建, no open 考核申请. */
  private async lockEditable(em: EntityManager, user: CurrentUser, carrierId: string, what: string): Promise<void> {
    const c = await em
      .getRepository(CarrierEntity)
      .findOne({ where: { id: carrierId }, lock: { mode: 'pessimistic_write' } });
    if (!c) throw new NotFoundError('载体', carrierId);
    if (partyOf(user, c) !== 'host') throw notAllowed();
    if (c.status !== CarrierStatus.Preparing) throw illegal(c.status, what, ESTABLISHMENT_FILES_RULE);
    const open = await openRequest(em, carrierId);
    if (open)
      throw refuse(
        'CARRIER_ESTABLISHMENT_REQUEST_OPEN',
        '考核申请已提交(待组织单位审核或已同意),其材料不能再更改;退回后方可修改',
        ESTABLISHMENT_FILES_RULE,
        HttpStatus.CONFLICT,
        { requestId: open.id },
      );
  }
}

/**
 * The user's part: the host organisation's users; staff running the programmes; a recommender (whose authority is
 * checked against the file's 考核申请); null for anyone else.
 */
function partyOf(user: CurrentUser, c: Pick<CarrierEntity, 'hostOrgId'>): MaterialsParty | null {
  if (user.orgId && user.orgId === c.hostOrgId) return 'host';
  if (can(user, Capability.RunCarrierProgrammes)) return 'staff';
  if (can(user, Capability.RecommendCarriers)) return 'recommender';
  return null;
}

/** 403 `CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED`. */
function notAllowed() {
  return refuse(
    'CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED',
    '考核申请材料只有牵头建设单位、科技厅工作人员和审核该申请的组织单位可以查看或下载;上传和删除仅限牵头建设单位',
    ESTABLISHMENT_FILES_RULE,
    HttpStatus.FORBIDDEN,
  );
}
