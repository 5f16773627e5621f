import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import {
  CarrierApplicationStatus as S,
  CarrierKind,
  IntlCoopBaseType,
  type CarrierApplicationDto,
  type CarrierEvidenceFileDto,
  type CarrierEvidenceItemDto,
  type CarrierEvidenceListDto,
  type CarrierObjectionRecordDto,
  type CarrierRuleSet,
  type CurrentUser,
} from '@jiebang/contracts';
import { applicableThresholds } from '@jiebang/policy';
import { acceptUpload, type UploadedFileLike } from '../attachments/attachments.service';
import { StoragePort } from '../attachments/storage.port';
import { NotFoundError } from '../common/domain-error';
import {
  carrierApplicationParty,
  onPublicNotice,
  reducedApplicationView,
  seesObjections,
  type CarrierApplicationParty,
} from './carrier-access';
import { illegal, loadRuleSet, refuse, requiredEvidenceOf } from './carrier-common';
import { CarrierEvidenceFileEntity } from './carrier-evidence.entity';
import { CarrierApplicationEntity, CarrierRoundEntity } from './carrier.entity';

/** The article behind the evidence files (申报材料, 诚信承诺 with the 申报书). */
export const EVIDENCE_RULE = '000 三; 001 §10(一)';

/** A stored file as the API answers it. */
export function toEvidenceFileDto(f: CarrierEvidenceFileEntity): CarrierEvidenceFileDto {
  return {
    id: f.id,
    applicationId: f.applicationId,
    evidenceKey: f.evidenceKey,
    filename: f.filename,
    contentType: f.contentType,
    sizeBytes: f.sizeBytes,
    sha256: f.sha256,
    uploadedAt: f.createdAt.toISOString(),
  };
}

/** The evidence keys of an application that have at least one uploaded file (what submission counts). */
export async function attachedEvidenceKeys(em: EntityManager, applicationId: string): Promise<Set<string>> {
  const rows: { evidence_key: string }[] = await em.query(
    `SELECT DISTINCT evidence_key FROM carrier_evidence_file WHERE application_id = $1`,
    [applicationId],
  );
  return new Set(rows.map((r) => r.evidence_key));
}

/**
 * The thresholds an evidence item proves: those applicable to the kind whose `evidence` names the item (the same
 * label, or one the start of the other: 仪器设备及设施证明 ↔ 仪器设备及设施证明(原价值)).
 */
export function thresholdKeysOf(
  rules: CarrierRuleSet,
  app: Pick<CarrierApplicationEntity, 'kind' | 'intlBaseType'>,
  label: string,
): string[] {
  const names = (a: string, b: string) => a === b || a.startsWith(b) || b.startsWith(a);
  return applicableThresholds(rules, app.kind as CarrierKind, (app.intlBaseType as IntlCoopBaseType | null) ?? null)
    .filter((t) => !!t.evidence && names(t.evidence, label))
    .map((t) => t.key);
}

/** The rule set of the application's round. */
async function rulesOf(em: EntityManager, app: CarrierApplicationEntity): Promise<CarrierRuleSet> {
  const round = await em.getRepository(CarrierRoundEntity).findOneByOrFail({ id: app.roundId });
  return loadRuleSet(em, round.ruleSetId);
}

/** The required evidence items of the application's kind, each with its files (oldest first) and old note. */
export async function evidenceItems(
  em: EntityManager,
  app: CarrierApplicationEntity,
): Promise<CarrierEvidenceItemDto[]> {
  const rules = await rulesOf(em, app);
  const files = await em
    .getRepository(CarrierEvidenceFileEntity)
    .find({ where: { applicationId: app.id }, order: { createdAt: 'ASC', id: 'ASC' } });
  const notes = ((app.form ?? {}).evidence ?? {}) as Record<string, unknown>;
  return requiredEvidenceOf(rules, app.kind).map((e) => ({
    key: e.key,
    label: e.label,
    rule: e.rule,
    thresholdKeys: thresholdKeysOf(rules, app, e.label),
    note: typeof notes[e.key] === 'string' && notes[e.key] ? String(notes[e.key]) : null,
    files: files.filter((f) => f.evidenceKey === e.key).map(toEvidenceFileDto),
  }));
}

/** The objections of an application, oldest first, with who lodged them (shown to staff only). */
export async function applicationObjections(
  em: EntityManager,
  applicationId: string,
): Promise<CarrierObjectionRecordDto[]> {
  const rows: {
    id: string;
    reasons: string;
    status: string;
    resolution: string | null;
    created_at: Date;
    resolved_at: Date | null;
    user_name: string | null;
    org_name: string | null;
  }[] = await em.query(
    `SELECT o.id, o.reasons, o.status, o.resolution, o.created_at, o.resolved_at,
            u.display_name AS user_name, org.name AS org_name
     FROM carrier_objection o
     LEFT JOIN app_user u ON u.id = o.lodged_by
     LEFT JOIN organization org ON org.id = u.org_id
     WHERE o.application_id = $1 ORDER BY o.created_at, o.id`,
    [applicationId],
  );
  return rows.map((r) => ({
    id: r.id,
    applicationId,
    reasons: r.reasons,
    status: r.status,
    resolution: r.resolution,
    lodgedByName: r.user_name,
    lodgedByOrgName: r.org_name,
    lodgedAt: new Date(r.created_at).toISOString(),
    resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
  }));
}

/**
 * Completes an application's DTO for `user` (`CarrierApplicationsService.get`): a party gets the evidence items
 * with their files, staff also the objections; anyone else, who reads it only because it is on public notice,
 * the reduced public view (`reducedApplicationView`).
 */
export async function completeApplicationView(
  em: EntityManager,
  user: CurrentUser,
  app: CarrierApplicationEntity,
  dto: CarrierApplicationDto,
): Promise<CarrierApplicationDto> {
  const party = await carrierApplicationParty(em, user, app);
  if (!party) return onPublicNotice(app) ? reducedApplicationView(dto) : dto;
  const out: CarrierApplicationDto = { ...dto, evidenceItems: await evidenceItems(em, app) };
  if (seesObjections(user)) out.objections = await applicationObjections(em, app.id);
  return out;
}

/**
 * Evidence files of carrier applications (issue 15; `000` 三, `001 §10(一)`): the applicant's users upload several
 * files per required evidence item of the round's rule set while the application is a draft (or returned), list
 * and remove them; the applicant, its recommender, staff and invited experts download them (403
 * `CARRIER_EVIDENCE_NOT_ALLOWED` for anyone else, also during the public notice). Files are checked like every
 * upload of the platform (`acceptUpload`: content-sniffed type, ≤ 20 MiB) and stored behind the storage port.
 * Draft edits are not audited (as the 申报书's autosave); submission, which counts the files, is.
 */
@Injectable()
export class CarrierEvidenceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(StoragePort) private readonly storage: StoragePort,
  ) {}

  /**
   * Stores one file for the evidence item `key` of application `id`.
   * @throws 404 unknown application; 403 `CARRIER_EVIDENCE_NOT_ALLOWED` for anyone but the applicant's users;
   *   409 `ILLEGAL_TRANSITION` once submitted; 422 `CARRIER_EVIDENCE_KEY_UNKNOWN` for a key the kind does not ask
   *   for; 400 `ATTACHMENT_EMPTY` / `ATTACHMENT_TYPE_NOT_ALLOWED`, 413 `ATTACHMENT_TOO_LARGE`.
   */
  async upload(
    user: CurrentUser,
    id: string,
    key: string,
    file: UploadedFileLike | undefined,
  ): Promise<CarrierEvidenceFileDto> {
    const saved = await this.db.transaction(async (em) => {
      const app = await this.lockApplication(em, id);
      await this.requireApplicant(em, user, app);
      if (app.status !== S.Draft && app.status !== S.Returned) throw illegal(app.status, '上传申报材料', EVIDENCE_RULE);
      const rules = await rulesOf(em, app);
      const item = requiredEvidenceOf(rules, app.kind).find((e) => e.key === key);
      if (!item)
        throw refuse(
          'CARRIER_EVIDENCE_KEY_UNKNOWN',
          `“${key}”不是本类载体须提交的证明材料`,
          EVIDENCE_RULE,
          HttpStatus.UNPROCESSABLE_ENTITY,
          { allowed: requiredEvidenceOf(rules, app.kind).map((e) => e.key) },
        );
      const accepted = acceptUpload(file);
      const storageKey = `carriers/${id}/${randomUUID()}`;
      const repo = em.getRepository(CarrierEvidenceFileEntity);
      const row = await repo.save(
        repo.create({
          applicationId: id,
          evidenceKey: key,
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
    return toEvidenceFileDto(saved);
  }

  /**
   * The required evidence items of the application's kind with their files.
   * @throws 404 unknown application; 403 `CARRIER_EVIDENCE_NOT_ALLOWED` for anyone but the parties.
   */
  async list(user: CurrentUser, id: string): Promise<CarrierEvidenceListDto> {
    const app = await this.db.getRepository(CarrierApplicationEntity).findOne({ where: { id } });
    if (!app) throw new NotFoundError('载体申报', id);
    await this.requireParty(this.db.manager, user, app);
    return {
      items: await evidenceItems(this.db.manager, app),
      editable: app.status === S.Draft || app.status === S.Returned,
    };
  }

  /**
   * Removes one file while the application is a draft (or returned): the applicant's users.
   * @throws 404 unknown application or file; 403 `CARRIER_EVIDENCE_NOT_ALLOWED`; 409 `ILLEGAL_TRANSITION`.
   */
  async remove(user: CurrentUser, id: string, fileId: string): Promise<void> {
    const storageKey = await this.db.transaction(async (em) => {
      const app = await this.lockApplication(em, id);
      await this.requireApplicant(em, user, app);
      const f = await em.getRepository(CarrierEvidenceFileEntity).findOne({ where: { id: fileId, applicationId: id } });
      if (!f) throw new NotFoundError('申报材料', fileId);
      if (app.status !== S.Draft && app.status !== S.Returned) throw illegal(app.status, '删除申报材料', EVIDENCE_RULE);
      await em.getRepository(CarrierEvidenceFileEntity).delete({ id: fileId });
      return f.storageKey;
    });
    await this.storage.delete(storageKey);
  }

  /**
   * One file's content for a download (the applicant, its recommender, staff, invited experts).
   * @throws 404 unknown application or file; 403 `CARRIER_EVIDENCE_NOT_ALLOWED`.
   */
  async download(
    user: CurrentUser,
    id: string,
    fileId: string,
  ): Promise<{ filename: string; contentType: string; data: Buffer }> {
    const app = await this.db.getRepository(CarrierApplicationEntity).findOne({ where: { id } });
    if (!app) throw new NotFoundError('载体申报', id);
    await this.requireParty(this.db.manager, user, app);
    const f = await this.db
      .getRepository(CarrierEvidenceFileEntity)
      .findOne({ where: { id: fileId, applicationId: id } });
    if (!f) throw new NotFoundError('申报材料', fileId);
    return { filename: f.filename, contentType: f.contentType, data: await this.storage.get(f.storageKey) };
  }

  private async lockApplication(em: EntityManager, id: string): Promise<CarrierApplicationEntity> {
    const app = await em
      .getRepository(CarrierApplicationEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!app) throw new NotFoundError('载体申报', id);
    return app;
  }

  private async requireParty(
    em: EntityManager,
    user: CurrentUser,
    app: CarrierApplicationEntity,
  ): Promise<CarrierApplicationParty> {
    const party = await carrierApplicationParty(em, user, app);
    if (!party) throw notAllowed();
    return party;
  }

  private async requireApplicant(em: EntityManager, user: CurrentUser, app: CarrierApplicationEntity): Promise<void> {
    if ((await carrierApplicationParty(em, user, app)) !== 'applicant') throw notAllowed();
  }
}

/** 403 `CARRIER_EVIDENCE_NOT_ALLOWED`. */
function notAllowed() {
  return refuse(
    'CARRIER_EVIDENCE_NOT_ALLOWED',
    '只有申报单位、其推荐部门、科技厅工作人员和受邀评审专家可以查看或下载申报材料;上传和删除仅限申报单位',
    EVIDENCE_RULE,
    HttpStatus.FORBIDDEN,
  );
}
