import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CARRIER_CHANGE_KIND_LABEL,
  CarrierChangeKind,
  CarrierChangeStatus,
  CarrierStatus,
  CurrentUser,
  ESTABLISHMENT_REQUEST_LEAD_DAYS,
  ESTABLISHMENT_REQUEST_STATUS_LABEL,
  EstablishmentFileDto,
  EstablishmentRequestDto,
  EstablishmentRequestStatus as ES,
  RecommenderDecisionDto,
  StaffRole,
  SubmitEstablishmentRequestDto,
} from '@jiebang/contracts';
import { beijingDate, preparingEndsOn } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import { isRecommender } from './carrier-application-steps';
import { illegal, loadRuleSet, refuse, regionAuthority } from './carrier-common';
import { bindDraftFiles, filesOfRequests, openRequest, releaseRequestFiles } from './carrier-establishment-files';
import { CarrierChangeEntity, CarrierEstablishmentRequestEntity } from './carrier-running.entity';
import { CarrierApplicationEntity, CarrierEntity } from './carrier.entity';

/** The articles of the recommender's review of a major change (所辖州(市)科技管理部门审核 / 组织单位审核). */
export const CHANGE_RECOMMENDER_RULE = '001 §19; 003 §30';
/** The article of the 考核申请 (牵头建设单位提交, 组织单位审核同意后报科技厅). */
export const ESTABLISHMENT_REQUEST_RULE = '003 §20';

/**
 * The carrier's recommender (`AUTHORITIES` code): the authority of the application that registered it (its
 * 推荐部门 / 组织单位, `002` 二(一)), else — for an entry without one — the region authority covering the carrier's
 * region (所辖盟市, `001 §19`); null for a direct applicant's carrier (no recommender step).
 */
export async function carrierRecommenderAuthority(
  em: EntityManager,
  c: Pick<CarrierEntity, 'applicationId' | 'regionCode'>,
): Promise<string | null> {
  if (c.applicationId) {
    const app = await em.getRepository(CarrierApplicationEntity).findOne({ where: { id: c.applicationId } });
    if (app) return app.direct ? null : (app.authority ?? regionAuthority(c.regionCode));
  }
  return regionAuthority(c.regionCode);
}

/**
 * True when `user` is the recommender of `authority` (an admin acts for any).
 */
export function actsForAuthority(user: CurrentUser, authority: string | null): boolean {
  if (user.staffRoles.includes(StaffRole.Admin)) return true;
  return isRecommender(user) && !!authority && user.authority === authority;
}

function notOwn(rule: string) {
  return refuse('NOT_OWN_AUTHORITY', '该载体不属于本推荐部门(组织单位)', rule, HttpStatus.FORBIDDEN);
}

/**
 * The recommender's step of a carrier's running years (issue 15 §4, §6; RULEBOOK §7): a reported major change is
 * reviewed by the carrier's recommender before staff decide it (`001 §19` 向所辖州(市)科技管理部门报告，审核后报省科技厅备案;
 * `003 §30(一)` 组织单位审核后报科技厅审批; `003 §30(二)` 报组织单位和科技厅备案: the recommender acknowledges); the
 * 技术创新中心's 考核申请 (`003 §20`): submitted by the 牵头建设单位 when 筹建 ends (or within the last
 * `ESTABLISHMENT_REQUEST_LEAD_DAYS` days, configuration), agreed or returned by its 组织单位; only an agreed one lets
 * staff record the 考核 (`CarrierEstablishmentService.review`). Every step is one transaction with its audit record
 * on the carrier and notifies the next holder.
 */
@Injectable()
export class CarrierRecommenderReviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifier: WorkQueueNotifier,
  ) {}

  /**
   * The recommender agrees (→ `reported`, on staff's queue) or returns (→ `returned`, final; the host may report
   * again) a change awaiting it. @throws 403 `NOT_OWN_AUTHORITY` for another authority's carrier; 409
   * `ILLEGAL_TRANSITION` unless `awaiting_recommender`; 404 for an unknown change.
   */
  async recommendChange(user: CurrentUser, id: string, dto: RecommenderDecisionDto): Promise<CarrierChangeEntity> {
    return this.db.transaction(async (em) => {
      const ch = await em
        .getRepository(CarrierChangeEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!ch) throw new NotFoundError('变更', id);
      if (!actsForAuthority(user, ch.recommenderAuthority)) throw notOwn(CHANGE_RECOMMENDER_RULE);
      if (ch.status !== CarrierChangeStatus.AwaitingRecommender) throw illegal(ch.status, '审核该变更', ch.rule);
      ch.status = dto.agree ? CarrierChangeStatus.Reported : CarrierChangeStatus.Returned;
      Object.assign(ch, { recommendedBy: user.id, recommendedAt: new Date(), recommenderNote: dto.note.trim() });
      await em.getRepository(CarrierChangeEntity).save(ch);
      await this.audit.append(em, {
        entityType: 'carrier',
        entityId: ch.carrierId,
        action: dto.agree ? 'carrier_change_recommended' : 'carrier_change_returned',
        actorUserId: user.id,
        reason: [CARRIER_CHANGE_KIND_LABEL[ch.kind as CarrierChangeKind] ?? ch.kind, dto.note.trim()].join(':'),
        rule: CHANGE_RECOMMENDER_RULE,
        data: { changeId: ch.id, kind: ch.kind, authority: ch.recommenderAuthority },
      });
      if (dto.agree) await this.notifier.entered(em, 'carrierChangeReview', ch.id, user.id);
      return ch;
    });
  }

  /**
   * The host's users submit the 考核申请 of a centre in 筹建 with its draft materials (`bindDraftFiles`: the 总结报告
   * required, `003 §20`). Without a recommender it is agreed at once.
   * @throws 404 for another organisation's carrier; 409 `ILLEGAL_TRANSITION` unless 筹建; 409
   * `CARRIER_ESTABLISHMENT_TOO_EARLY` before the last `ESTABLISHMENT_REQUEST_LEAD_DAYS` days of 筹建; 409
   * `CARRIER_ESTABLISHMENT_REQUEST_OPEN` while one is submitted or agreed; 422
   * `CARRIER_ESTABLISHMENT_MATERIALS_MISSING` (`details.missing`) without the required materials.
   */
  async submitRequest(
    user: CurrentUser,
    carrierId: string,
    dto: SubmitEstablishmentRequestDto,
  ): Promise<EstablishmentRequestDto> {
    return this.db.transaction(async (em) => {
      const c = await em
        .getRepository(CarrierEntity)
        .findOne({ where: { id: carrierId }, lock: { mode: 'pessimistic_write' } });
      if (!c || !user.orgId || user.orgId !== c.hostOrgId) throw new NotFoundError('载体', carrierId);
      if (c.status !== CarrierStatus.Preparing) throw illegal(c.status, '提交考核申请', ESTABLISHMENT_REQUEST_RULE);
      const ends = preparingEndsOn(c.publishedOn, await loadRuleSet(em, c.ruleSetId));
      const opensOn = ends ? shiftDays(ends, -ESTABLISHMENT_REQUEST_LEAD_DAYS) : null;
      if (!opensOn || beijingDate() < opensOn)
        throw refuse(
          'CARRIER_ESTABLISHMENT_TOO_EARLY',
          `筹建期至 ${ends ?? '—'} 届满,${opensOn ?? '届满前'} 起方可提交考核申请`,
          `${ESTABLISHMENT_REQUEST_RULE}; 提前 ${ESTABLISHMENT_REQUEST_LEAD_DAYS} 天: configuration`,
          HttpStatus.CONFLICT,
          { preparingEndsOn: ends, opensOn },
        );
      const repo = em.getRepository(CarrierEstablishmentRequestEntity);
      const open = await openRequest(em, carrierId);
      if (open)
        throw refuse(
          'CARRIER_ESTABLISHMENT_REQUEST_OPEN',
          '已有待审核或已同意的考核申请',
          ESTABLISHMENT_REQUEST_RULE,
          HttpStatus.CONFLICT,
          { requestId: open.id },
        );
      const authority = await carrierRecommenderAuthority(em, c);
      const r = await repo.save(
        repo.create({
          carrierId,
          summary: dto.summary.trim(),
          status: authority ? ES.Submitted : ES.Agreed,
          authority,
          submittedBy: user.id,
        }),
      );
      const files = await bindDraftFiles(em, carrierId, r.id);
      await this.record(em, user, r, 'carrier_establishment_requested', dto.summary.trim(), {
        files: files.map((f) => ({ id: f.id, materialKey: f.materialKey, filename: f.filename, sha256: f.sha256 })),
      });
      if (authority) await this.notifier.entered(em, 'carrierEstablishmentRecommend', r.id, user.id);
      else await this.enteredStaffQueue(em, carrierId, user.id);
      return toRequestDto(r, files);
    });
  }

  /**
   * The 组织单位 agrees (→ `agreed`: staff may record the 考核) or returns (→ `returned`; its files go back to the
   * centre's draft and it may submit again) a submitted 考核申请. @throws 403 `NOT_OWN_AUTHORITY`; 409 `ILLEGAL_TRANSITION` unless `submitted`.
   */
  async recommendRequest(user: CurrentUser, id: string, dto: RecommenderDecisionDto): Promise<EstablishmentRequestDto> {
    return this.db.transaction(async (em) => {
      const r = await em
        .getRepository(CarrierEstablishmentRequestEntity)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!r) throw new NotFoundError('考核申请', id);
      if (!actsForAuthority(user, r.authority)) throw notOwn(ESTABLISHMENT_REQUEST_RULE);
      if (r.status !== ES.Submitted) throw illegal(r.status, '审核考核申请', ESTABLISHMENT_REQUEST_RULE);
      r.status = dto.agree ? ES.Agreed : ES.Returned;
      Object.assign(r, { recommendedBy: user.id, recommendedAt: new Date(), recommenderNote: dto.note.trim() });
      await em.getRepository(CarrierEstablishmentRequestEntity).save(r);
      const action = dto.agree ? 'carrier_establishment_request_agreed' : 'carrier_establishment_request_returned';
      await this.record(em, user, r, action, dto.note.trim());
      if (dto.agree) await this.enteredStaffQueue(em, r.carrierId, user.id);
      else await releaseRequestFiles(em, r.id);
      return toRequestDto(r, (await filesOfRequests(em, [r.id])).get(r.id));
    });
  }

  /**
   * The 考核申请 of a carrier, newest first: its host's users, staff and its recommender.
   * @throws 404 for anyone else (no existence leak).
   */
  async listRequests(user: CurrentUser, carrierId: string, staff: boolean): Promise<EstablishmentRequestDto[]> {
    const c = await this.db.getRepository(CarrierEntity).findOne({ where: { id: carrierId } });
    if (!c) throw new NotFoundError('载体', carrierId);
    const mayRead =
      staff ||
      user.orgId === c.hostOrgId ||
      (isRecommender(user) && actsForAuthority(user, await carrierRecommenderAuthority(this.db.manager, c)));
    if (!mayRead) throw new NotFoundError('载体', carrierId);
    const rows = await this.db
      .getRepository(CarrierEstablishmentRequestEntity)
      .find({ where: { carrierId }, order: { submittedAt: 'DESC' } });
    const files = await filesOfRequests(
      this.db.manager,
      rows.map((r) => r.id),
    );
    return rows.map((r) => toRequestDto(r, files.get(r.id)));
  }

  /** The centre's 筹建期满考核 entered staff's queue (`carrierPreparingDue`, derived id) once the request is agreed. */
  private async enteredStaffQueue(em: EntityManager, carrierId: string, actorId: string): Promise<void> {
    const [row] = (await em.query(`SELECT md5($1::text || ':preparing')::uuid::text AS id`, [carrierId])) as {
      id: string;
    }[];
    await this.notifier.entered(em, 'carrierPreparingDue', row.id, actorId);
  }

  private record(
    em: EntityManager,
    user: CurrentUser,
    r: CarrierEstablishmentRequestEntity,
    action: string,
    reason: string,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    return this.audit.append(em, {
      entityType: 'carrier',
      entityId: r.carrierId,
      action,
      actorUserId: user.id,
      reason: `考核申请:${reason}`,
      rule: ESTABLISHMENT_REQUEST_RULE,
      data: { requestId: r.id, status: r.status, authority: r.authority, ...extra },
    });
  }
}

/** `date` (Beijing `YYYY-MM-DD`) moved by `days`. */
function shiftDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A 考核申请 as the API answers it, with the files submitted with it (`filesOfRequests`). */
export function toRequestDto(
  r: CarrierEstablishmentRequestEntity,
  files: EstablishmentFileDto[] = [],
): EstablishmentRequestDto {
  return {
    id: r.id,
    carrierId: r.carrierId,
    summary: r.summary,
    status: r.status,
    statusLabel: ESTABLISHMENT_REQUEST_STATUS_LABEL[r.status as ES] ?? r.status,
    authority: r.authority,
    submittedBy: r.submittedBy,
    submittedAt: r.submittedAt.toISOString(),
    recommendedBy: r.recommendedBy,
    recommendedAt: r.recommendedAt?.toISOString() ?? null,
    recommenderNote: r.recommenderNote,
    rule: ESTABLISHMENT_REQUEST_RULE,
    files,
  };
}
