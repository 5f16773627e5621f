import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CARRIER_CHANGE_KIND_LABEL,
  CARRIER_CHANGE_STATUS_LABEL,
  CarrierChangeDto,
  CarrierChangeKind,
  CarrierChangeStatus as S,
  CarrierStatus,
  CurrentUser,
  DecideCarrierChangeDto,
  ReportCarrierChangeDto,
} from '@jiebang/contracts';
import { beijingDate, changeHandling, changeReportLate, reapplyBarUntil } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import { isRecommender } from './carrier-application-steps';
import { illegal, loadRuleSet, plateName, refuse, reindexHost, syncOrgCarrierKinds } from './carrier-common';
import {
  actsForAuthority,
  carrierRecommenderAuthority,
  CHANGE_RECOMMENDER_RULE,
} from './carrier-recommender-review.service';
import { CarrierChangeEntity } from './carrier-running.entity';
import { CarrierEntity } from './carrier.entity';

/** The four-eyes rule for a change that needs approval or alters the registry (as for support money). */
export const CHANGE_FOUR_EYES = '003 §30(一); 四眼原则 (004 §12)';
/** The article of a revocation because the carrier no longer meets the registration conditions. */
export const CHANGE_REVOCATION_RULE = '001 §19';

/**
 * 重大事项变更 (issue 15 §6; `001 §19`, `002 §14`, `003 §30`): the host's users report a change within 3 months of
 * its effective date (a later report is accepted and flagged `late`); staff file it (备案) or, where the department
 * must approve it (`003 §30(一)`) or it alters the registry entry (a new name and plate, a new region), one staff
 * member approves and a second confirms (409 `SAME_APPROVER` for the first), and the approved change is applied to
 * the entry with its history. Every step is one transaction with its audit record on the carrier.
 * A carrier with a recommender (所辖盟市 / 组织单位, `carrierRecommenderAuthority`) has each change reviewed there
 * first (`awaiting_recommender`, `CarrierRecommenderReviewService.recommendChange`); staff may decide it only after
 * (`001 §19`; `003 §30`). Staff may conclude 不再符合备案条件 (`revoke`): a second staff member's confirmation revokes
 * the carrier, effective from the year of the change (`001 §19`).
 */
@Injectable()
export class CarrierChangesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly indexer: ListingIndexerService,
    private readonly notifier: WorkQueueNotifier,
  ) {}

  /**
   * The host's users report a change. @throws 404 for another organisation's carrier; 409 `CARRIER_NOT_IN_FORCE`
   * for a revoked carrier; 422 `VALIDATION_FAILED` for a change date in the future, a rename without `newName` or an
   * address change with a region code unknown to the registry's organisations' format.
   */
  async report(user: CurrentUser, carrierId: string, dto: ReportCarrierChangeDto): Promise<CarrierChangeDto> {
    return this.db.transaction(async (em) => {
      const c = await lockCarrier(em, carrierId);
      if (!user.orgId || user.orgId !== c.hostOrgId) throw new NotFoundError('载体', carrierId);
      if (c.status === CarrierStatus.Revoked)
        throw refuse('CARRIER_NOT_IN_FORCE', '该载体已撤销', '001 §18; 002 §12; 003 §31', HttpStatus.CONFLICT);
      const today = beijingDate();
      if (dto.changedOn > today) throw refuse('VALIDATION_FAILED', '变更日期不能晚于今天', '001 §19');
      if (dto.kind === CarrierChangeKind.Rename && !dto.newName?.trim())
        throw refuse('VALIDATION_FAILED', '更名须填写新的平台名称', '001 §19');
      const handling = changeHandling(dto.kind, c.kind);
      const { reportBy, late } = changeReportLate(dto.changedOn, today);
      const recommenderAuthority = await carrierRecommenderAuthority(em, c);
      const repo = em.getRepository(CarrierChangeEntity);
      const ch = await repo.save(
        repo.create({
          carrierId,
          kind: dto.kind,
          changedOn: dto.changedOn,
          reportedOn: today,
          reportBy,
          late,
          description: dto.description.trim(),
          newName: dto.kind === CarrierChangeKind.Rename ? dto.newName!.trim() : null,
          newRegionCode: dto.kind === CarrierChangeKind.Address ? (dto.newRegionCode ?? null) : null,
          needsApproval: handling.needsApproval,
          altersRegistry: handling.altersRegistry,
          rule: handling.rule,
          status: recommenderAuthority ? S.AwaitingRecommender : S.Reported,
          recommenderAuthority,
          reportedBy: user.id,
        }),
      );
      await this.record(em, c, user, 'carrier_change_reported', ch, late ? `逾期报告(应于 ${reportBy} 前报告)` : null, {
        late,
        reportBy,
      });
      const queue = recommenderAuthority ? 'carrierChangeRecommend' : 'carrierChangeReview';
      await this.notifier.entered(em, queue, ch.id, user.id);
      return toChangeDto(ch);
    });
  }

  /**
   * Staff's first decision (`revoke`: 不再符合备案条件, `001 §19`, always to a second staff member). A change that needs no approval and leaves the registry as it is is filed
   * (`acknowledged`) or refused at once; one that needs approval or alters the registry goes, when approved, to a
   * second staff member (`awaiting_second`). @throws 409 `CARRIER_CHANGE_NOT_RECOMMENDED` while the recommender has
   * not reviewed it (`001 §19`, `003 §30`); 409 `ILLEGAL_TRANSITION` unless `reported` (or `revoke` for a revoked
   * carrier).
   */
  async decide(user: CurrentUser, id: string, dto: DecideCarrierChangeDto): Promise<CarrierChangeDto> {
    return this.db.transaction(async (em) => {
      const ch = await lockChange(em, id);
      const c = await lockCarrier(em, ch.carrierId);
      if (ch.status === S.AwaitingRecommender)
        throw refuse(
          'CARRIER_CHANGE_NOT_RECOMMENDED',
          '该变更须先经所辖盟市(组织单位)审核同意,科技厅方可处理',
          CHANGE_RECOMMENDER_RULE,
          HttpStatus.CONFLICT,
          { authority: ch.recommenderAuthority },
        );
      if (ch.status !== S.Reported) throw illegal(ch.status, '处理该变更', ch.rule);
      if (dto.revoke && c.status === CarrierStatus.Revoked) throw illegal(c.status, '撤销', CHANGE_REVOCATION_RULE);
      const fourEyes = ch.needsApproval || ch.altersRegistry;
      ch.status = dto.revoke
        ? S.AwaitingSecond
        : !dto.approve
          ? S.Rejected
          : fourEyes
            ? S.AwaitingSecond
            : S.Acknowledged;
      Object.assign(ch, {
        firstDecisionBy: user.id,
        firstDecisionAt: new Date(),
        firstDecisionNote: dto.note.trim(),
        revokeProposed: !!dto.revoke,
      });
      await em.getRepository(CarrierChangeEntity).save(ch);
      await this.record(em, c, user, `carrier_change_${ch.status}`, ch, dto.note, {
        changeId: ch.id,
        revokeProposed: ch.revokeProposed,
      });
      if (ch.status === S.AwaitingSecond) await this.notifier.entered(em, 'carrierChangeReview', ch.id, user.id);
      return toChangeDto(ch);
    });
  }

  /**
   * A second staff member confirms (`approve`: approved and applied to the registry — the new name and plate, or
   * region — with the history) or refuses a change awaiting a second decision. Where the first proposed 不再符合备案条件
   * (`revokeProposed`), `approve` revokes the carrier (ground citing `001 §19`, effective from the year of the change,
   * the rule set's reapply bar from the decision day; the change is filed) and `approve: false` returns the change
   * to `reported` for a new first decision.
   * @throws 409 `SAME_APPROVER` for the first decider; 409 `ILLEGAL_TRANSITION` unless `awaiting_second`.
   */
  async confirm(user: CurrentUser, id: string, dto: DecideCarrierChangeDto): Promise<CarrierChangeDto> {
    const orgId = await this.db.transaction(async (em) => {
      const ch = await lockChange(em, id);
      const c = await lockCarrier(em, ch.carrierId);
      if (ch.status !== S.AwaitingSecond) throw illegal(ch.status, '复核该变更', ch.rule);
      if (ch.firstDecisionBy === user.id)
        throw refuse(
          'SAME_APPROVER',
          '该变更须由另一名工作人员复核,不能由初审人本人批准',
          CHANGE_FOUR_EYES,
          HttpStatus.CONFLICT,
        );
      if (ch.revokeProposed && dto.approve && c.status === CarrierStatus.Revoked)
        throw illegal(c.status, '撤销', CHANGE_REVOCATION_RULE);
      ch.status = ch.revokeProposed
        ? dto.approve
          ? S.Acknowledged
          : S.Reported
        : dto.approve
          ? S.Approved
          : S.Rejected;
      Object.assign(ch, {
        secondDecisionBy: user.id,
        secondDecisionAt: new Date(),
        secondDecisionNote: dto.note.trim(),
      });
      await em.getRepository(CarrierChangeEntity).save(ch);
      if (ch.revokeProposed) {
        if (!dto.approve) {
          Object.assign(ch, { revokeProposed: false, firstDecisionBy: null, firstDecisionAt: null });
          await em.getRepository(CarrierChangeEntity).save(ch);
          await this.record(em, c, user, 'carrier_change_revocation_refused', ch, dto.note, { changeId: ch.id });
          await this.notifier.entered(em, 'carrierChangeReview', ch.id, user.id);
          return null;
        }
        await this.record(em, c, user, `carrier_change_${ch.status}`, ch, dto.note, { changeId: ch.id });
        await this.revokeForChange(em, c, ch, user, dto.note.trim());
        return c.hostOrgId;
      }
      let applied: Record<string, unknown> | null = null;
      if (ch.status === S.Approved && ch.altersRegistry) applied = await this.apply(em, c, ch);
      await this.record(em, c, user, `carrier_change_${ch.status}`, ch, dto.note, { changeId: ch.id, applied });
      return applied ? c.hostOrgId : null;
    });
    if (orgId) await reindexHost(this.db.manager, this.indexer, orgId);
    return this.get(id);
  }

  /** The changes of a carrier, newest first (its host's users, staff and its recommender; 404 for anyone else). */
  async list(user: CurrentUser, carrierId: string, staff: boolean): Promise<CarrierChangeDto[]> {
    const c = await this.db.getRepository(CarrierEntity).findOne({ where: { id: carrierId } });
    const mayRead =
      !!c &&
      (staff ||
        user.orgId === c.hostOrgId ||
        (isRecommender(user) && actsForAuthority(user, await carrierRecommenderAuthority(this.db.manager, c))));
    if (!mayRead) throw new NotFoundError('载体', carrierId);
    const rows = await this.db
      .getRepository(CarrierChangeEntity)
      .find({ where: { carrierId }, order: { createdAt: 'DESC' } });
    return rows.map(toChangeDto);
  }

  /**
   * Revokes `c` because it no longer meets the registration conditions (`001 §19`), as the registry's revocation
   * does (status 撤销, ground, the rule set's reapply bar from the decision day, the organisation's carrier kinds),
   * in the confirming transaction: the ground names the year of the change from which the registration lapses.
   */
  private async revokeForChange(
    em: EntityManager,
    c: CarrierEntity,
    ch: CarrierChangeEntity,
    user: CurrentUser,
    note: string,
  ): Promise<void> {
    const rules = await loadRuleSet(em, c.ruleSetId);
    const from = c.status;
    const today = beijingDate();
    const year = Number(ch.changedOn.slice(0, 4));
    c.status = CarrierStatus.Revoked;
    c.revokedOn = today;
    c.revocationGround = `重大事项变更后不再符合备案条件,自 ${year} 年起取消备案资格:${note}`;
    c.reapplyBarUntil = reapplyBarUntil(today, rules);
    await em.getRepository(CarrierEntity).save(c);
    await this.audit.append(em, {
      entityType: 'carrier',
      entityId: c.id,
      action: 'carrier_revoked',
      fromStatus: from,
      toStatus: CarrierStatus.Revoked,
      actorUserId: user.id,
      reason: c.revocationGround,
      rule: CHANGE_REVOCATION_RULE,
      data: { changeId: ch.id, effectiveFromYear: year, reapplyBarUntil: c.reapplyBarUntil },
    });
    await syncOrgCarrierKinds(em, c.hostOrgId);
  }

  private async get(id: string): Promise<CarrierChangeDto> {
    const ch = await this.db.getRepository(CarrierChangeEntity).findOne({ where: { id } });
    if (!ch) throw new NotFoundError('变更', id);
    return toChangeDto(ch);
  }

  /** Applies an approved change to the registry entry: the name and plate (rename) or the region (address). */
  private async apply(
    em: EntityManager,
    c: CarrierEntity,
    ch: CarrierChangeEntity,
  ): Promise<Record<string, unknown> | null> {
    const before = { name: c.name, plateName: c.plateName, regionCode: c.regionCode };
    if (ch.kind === CarrierChangeKind.Rename && ch.newName) {
      c.name = ch.newName;
      c.plateName = plateName(ch.newName, c.kind);
    } else if (ch.kind === CarrierChangeKind.Address && ch.newRegionCode) c.regionCode = ch.newRegionCode;
    else return null;
    await em.getRepository(CarrierEntity).save(c);
    return { before, after: { name: c.name, plateName: c.plateName, regionCode: c.regionCode } };
  }

  private record(
    em: EntityManager,
    c: CarrierEntity,
    user: CurrentUser,
    action: string,
    ch: CarrierChangeEntity,
    reason: string | null,
    data: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.append(em, {
      entityType: 'carrier',
      entityId: c.id,
      action,
      actorUserId: user.id,
      reason: [CARRIER_CHANGE_KIND_LABEL[ch.kind as CarrierChangeKind] ?? ch.kind, reason?.trim()]
        .filter(Boolean)
        .join(':'),
      rule: ch.rule,
      data: { changeId: ch.id, kind: ch.kind, changedOn: ch.changedOn, ...data },
    });
  }
}

async function lockCarrier(em: EntityManager, id: string): Promise<CarrierEntity> {
  const c = await em.getRepository(CarrierEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!c) throw new NotFoundError('载体', id);
  return c;
}

async function lockChange(em: EntityManager, id: string): Promise<CarrierChangeEntity> {
  const ch = await em
    .getRepository(CarrierChangeEntity)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!ch) throw new NotFoundError('变更', id);
  return ch;
}

/** A change as the API answers it. */
export function toChangeDto(ch: CarrierChangeEntity): CarrierChangeDto {
  return {
    id: ch.id,
    carrierId: ch.carrierId,
    kind: ch.kind,
    kindLabel: CARRIER_CHANGE_KIND_LABEL[ch.kind as CarrierChangeKind] ?? ch.kind,
    changedOn: ch.changedOn,
    reportedOn: ch.reportedOn,
    reportBy: ch.reportBy,
    late: ch.late,
    description: ch.description,
    newName: ch.newName,
    newRegionCode: ch.newRegionCode,
    needsApproval: ch.needsApproval,
    altersRegistry: ch.altersRegistry,
    status: ch.status,
    statusLabel: CARRIER_CHANGE_STATUS_LABEL[ch.status as S] ?? ch.status,
    rule: ch.rule,
    recommenderAuthority: ch.recommenderAuthority,
    recommendedBy: ch.recommendedBy,
    recommenderNote: ch.recommenderNote,
    revokeProposed: ch.revokeProposed,
    firstDecisionBy: ch.firstDecisionBy,
    firstDecisionNote: ch.firstDecisionNote,
    secondDecisionBy: ch.secondDecisionBy,
    secondDecisionNote: ch.secondDecisionNote,
    createdAt: ch.createdAt.toISOString(),
  };
}
