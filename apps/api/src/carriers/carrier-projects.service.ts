import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CARRIER_KIND_LABEL,
  CARRIER_PROJECT_STATUS_LABEL,
  CarrierKind,
  CarrierProjectDto,
  CarrierProjectEventDto,
  CarrierProjectListDto,
  CarrierProjectStatus,
  CarrierStatus,
  CreateCarrierProjectDto,
  CurrentUser,
  HandOverCarrierProjectDto,
  ListingKind,
  ListingOriginDto,
  ListingStatus,
  Role,
} from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { ListingEntity } from '../listings/listing.entity';
import { illegal, refuse } from './carrier-common';
import { lockHostedCarrier } from './carrier-lists.service';
import { CarrierProjectEntity, CarrierProjectEventEntity } from './carrier-lists.entity';
import { CarrierEntity } from './carrier.entity';

/** The article of the project chain: validated projects go on into a pilot base's pool, one database (`001 §14`). */
export const PROJECT_RULE = '001 §14';

/** Pilot kinds that take validated projects into their pool. */
const PILOT_KINDS: string[] = [CarrierKind.PilotBase, CarrierKind.PilotPlatform];
/** Kinds that keep a project pool (`001 §8(五)`, `§9(五)`). */
const POOL_KINDS: string[] = [CarrierKind.ConceptValidation, ...PILOT_KINDS];

/** The Chinese name of each project event. */
export const PROJECT_EVENT_LABEL: Record<string, string> = {
  added: '入库',
  validated: '通过概念验证',
  handover_offered: '移交中试基地(待接收)',
  handover_declined: '中试基地未接收',
  handover_accepted: '中试基地接收入库',
  listing_posted: '发布为成果转化榜单',
};

/** The stage a carrier kind stands for in a listing's origin. */
const STAGE_LABEL: Record<string, string> = {
  [CarrierKind.ConceptValidation]: '概念验证',
  [CarrierKind.PilotBase]: '中试',
  [CarrierKind.PilotPlatform]: '中试',
};

/**
 * The project pool that follows a project from a concept-validation centre into a pilot base's pool and on to a
 * 成果转化 listing keeping its history (`001 §14`; issue 15 §8). One row per project (`carrier_project`), its steps
 * in `carrier_project_event` and in the audit log; every step one transaction under the project's row lock.
 */
@Injectable()
export class CarrierProjectsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * The 依托单位's users put a project into the carrier's pool (a concept-validation centre, a pilot base or
   * platform: 422 `CARRIER_PROJECT_WRONG_CARRIER` otherwise; 403 `NOT_CARRIER_HOST`; 409 `CARRIER_NOT_IN_FORCE`).
   */
  async create(user: CurrentUser, carrierId: string, dto: CreateCarrierProjectDto): Promise<CarrierProjectDto> {
    const id = await this.db.transaction(async (em) => {
      const c = await lockHostedCarrier(em, user, carrierId);
      if (!POOL_KINDS.includes(c.kind))
        throw refuse('CARRIER_PROJECT_WRONG_CARRIER', '只有概念验证中心和中试基地(平台)设项目库', PROJECT_RULE);
      const p = await em.getRepository(CarrierProjectEntity).save(
        em.getRepository(CarrierProjectEntity).create({
          carrierId,
          originCarrierId: carrierId,
          targetCarrierId: null,
          title: dto.title.trim(),
          field: dto.field ?? null,
          summary: dto.summary?.trim() || null,
          status: CarrierProjectStatus.InPool,
          listingId: null,
          createdBy: user.id,
        }),
      );
      await this.event(em, p, carrierId, user, 'added', null, null);
      return p.id;
    });
    return this.after(id);
  }

  /**
   * The pool of a carrier (its 依托单位's users and staff; 404 for anyone else): the projects it holds, and for a
   * pilot base the offers awaiting its answer (`incoming`).
   */
  async list(user: CurrentUser, carrierId: string, status?: CarrierProjectStatus): Promise<CarrierProjectListDto> {
    const c = await this.db.getRepository(CarrierEntity).findOne({ where: { id: carrierId } });
    if (!c || !(user.role === Role.Staff || user.orgId === c.hostOrgId)) throw new NotFoundError('载体', carrierId);
    const repo = this.db.getRepository(CarrierProjectEntity);
    const held = await repo.find({
      where: status ? { carrierId, status } : { carrierId },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    const incoming = await repo.find({
      where: { targetCarrierId: carrierId, status: CarrierProjectStatus.HandoverPending },
      order: { updatedAt: 'ASC', id: 'ASC' },
    });
    return { items: await this.toDtos(held), incoming: await this.toDtos(incoming) };
  }

  /** One project with its history (the holder's or the offered base's users, staff). @throws NotFoundError */
  async get(user: CurrentUser, id: string): Promise<CarrierProjectDto> {
    const p = await this.db.getRepository(CarrierProjectEntity).findOne({ where: { id } });
    if (!p) throw new NotFoundError('项目', id);
    if (user.role !== Role.Staff) {
      const hosts = await this.db.getRepository(CarrierEntity).find({
        where: { id: In([p.carrierId, p.originCarrierId, p.targetCarrierId ?? p.carrierId]) },
        select: { id: true, hostOrgId: true },
      });
      if (!hosts.some((h) => h.hostOrgId === user.orgId)) throw new NotFoundError('项目', id);
    }
    return (await this.toDtos([p]))[0];
  }

  /** The project as it stands after a step (the step itself checked who may take it). */
  private async after(id: string): Promise<CarrierProjectDto> {
    const p = await this.db.getRepository(CarrierProjectEntity).findOneOrFail({ where: { id } });
    return (await this.toDtos([p]))[0];
  }

  /**
   * The concept-validation centre's users record that the project passed validation (`in_pool` → `validated`;
   * 409 `ILLEGAL_TRANSITION`; 422 `CARRIER_PROJECT_WRONG_CARRIER` in a pilot base's pool).
   */
  async validate(user: CurrentUser, id: string, note: string): Promise<CarrierProjectDto> {
    await this.db.transaction(async (em) => {
      const p = await this.lock(em, id);
      const c = await lockHostedCarrier(em, user, p.carrierId);
      if (c.kind !== CarrierKind.ConceptValidation)
        throw refuse('CARRIER_PROJECT_WRONG_CARRIER', '概念验证结论由概念验证中心作出', PROJECT_RULE);
      if (p.status !== CarrierProjectStatus.InPool) throw illegal(p.status, '记录通过概念验证', PROJECT_RULE);
      p.status = CarrierProjectStatus.Validated;
      await em.getRepository(CarrierProjectEntity).save(p);
      await this.event(em, p, c.id, user, 'validated', note.trim(), CarrierProjectStatus.InPool);
    });
    return this.after(id);
  }

  /**
   * The concept-validation centre's users offer a validated project to a pilot base's pool (`validated` →
   * `handover_pending`). The base must be a registered 中试基地 or 中试公共服务平台 in 运行 (422
   * `CARRIER_PROJECT_WRONG_CARRIER`, 409 `CARRIER_NOT_OPERATING`). @throws NotFoundError for an unknown base.
   */
  async handOver(user: CurrentUser, id: string, dto: HandOverCarrierProjectDto): Promise<CarrierProjectDto> {
    await this.db.transaction(async (em) => {
      const p = await this.lock(em, id);
      const c = await lockHostedCarrier(em, user, p.carrierId);
      if (c.kind !== CarrierKind.ConceptValidation)
        throw refuse('CARRIER_PROJECT_WRONG_CARRIER', '只有概念验证中心向中试基地移交项目', PROJECT_RULE);
      if (p.status !== CarrierProjectStatus.Validated) throw illegal(p.status, '移交中试基地', PROJECT_RULE);
      const to = await em.getRepository(CarrierEntity).findOne({ where: { id: dto.toCarrierId } });
      if (!to) throw new NotFoundError('载体', dto.toCarrierId);
      if (!PILOT_KINDS.includes(to.kind))
        throw refuse('CARRIER_PROJECT_WRONG_CARRIER', '通过概念验证的项目只能移交中试基地(平台)项目库', PROJECT_RULE);
      if (to.status !== CarrierStatus.Operating)
        throw refuse('CARRIER_NOT_OPERATING', `${to.name}不在运行状态`, PROJECT_RULE, HttpStatus.CONFLICT);
      p.status = CarrierProjectStatus.HandoverPending;
      p.targetCarrierId = to.id;
      await em.getRepository(CarrierProjectEntity).save(p);
      await this.event(em, p, c.id, user, 'handover_offered', dto.note?.trim() || `移交${to.name}`, 'validated', {
        toCarrierId: to.id,
      });
    });
    return this.after(id);
  }

  /**
   * The offered pilot base's users accept (`handover_pending` → `piloting`, the project now in their pool) or
   * decline (back to `validated` at the centre) the offer. 403 `NOT_CARRIER_HOST` for anyone else.
   */
  async answer(user: CurrentUser, id: string, accept: boolean, note?: string): Promise<CarrierProjectDto> {
    await this.db.transaction(async (em) => {
      const p = await this.lock(em, id);
      if (p.status !== CarrierProjectStatus.HandoverPending || !p.targetCarrierId)
        throw illegal(p.status, accept ? '接收项目' : '退回项目', PROJECT_RULE);
      const base = await lockHostedCarrier(em, user, p.targetCarrierId);
      if (accept && base.status !== CarrierStatus.Operating)
        throw refuse('CARRIER_NOT_OPERATING', `${base.name}不在运行状态`, PROJECT_RULE, HttpStatus.CONFLICT);
      const from = p.status;
      if (accept) {
        p.carrierId = base.id;
        p.status = CarrierProjectStatus.Piloting;
      } else p.status = CarrierProjectStatus.Validated;
      p.targetCarrierId = null;
      await em.getRepository(CarrierProjectEntity).save(p);
      await this.event(
        em,
        p,
        base.id,
        user,
        accept ? 'handover_accepted' : 'handover_declined',
        note?.trim() || null,
        from,
      );
    });
    return this.after(id);
  }

  /**
   * The holding pilot base's users record the 成果转化 listing the project became (`piloting` → `posted`): an
   * achievement listing posted by the base's 依托单位, linked to one project only (422
   * `CARRIER_PROJECT_LISTING_INVALID`). The listing then shows its origin (`origin`).
   */
  async linkListing(user: CurrentUser, id: string, listingId: string): Promise<CarrierProjectDto> {
    await this.db.transaction(async (em) => {
      const p = await this.lock(em, id);
      const c = await lockHostedCarrier(em, user, p.carrierId);
      if (!PILOT_KINDS.includes(c.kind))
        throw refuse('CARRIER_PROJECT_WRONG_CARRIER', '成果转化榜单由中试基地(平台)在中试后发布', PROJECT_RULE);
      if (p.status !== CarrierProjectStatus.Piloting) throw illegal(p.status, '关联成果转化榜单', PROJECT_RULE);
      const l = await em.getRepository(ListingEntity).findOne({ where: { id: listingId } });
      if (!l) throw new NotFoundError('榜单', listingId);
      const taken = await em.getRepository(CarrierProjectEntity).exists({ where: { listingId } });
      if (l.kind !== ListingKind.Achievement || l.posterOrgId !== c.hostOrgId || taken)
        throw refuse(
          'CARRIER_PROJECT_LISTING_INVALID',
          taken
            ? '该榜单已对应另一个项目'
            : l.kind !== ListingKind.Achievement
              ? '只能关联成果转化榜单'
              : '只能关联本中试基地依托单位发布的榜单',
          PROJECT_RULE,
        );
      p.listingId = l.id;
      p.status = CarrierProjectStatus.Posted;
      await em.getRepository(CarrierProjectEntity).save(p);
      await this.event(em, p, c.id, user, 'listing_posted', l.title, CarrierProjectStatus.Piloting, { listingId });
    });
    return this.after(id);
  }

  /**
   * `GET /carriers/listing-origin/:listingId` (public for a published or closed listing): the carriers the project
   * behind the listing went through, e.g. `概念验证:X → 中试:Y`. @throws NotFoundError when the listing is not public
   * or came from no carrier project.
   */
  async origin(listingId: string): Promise<ListingOriginDto> {
    const p = await this.db.getRepository(CarrierProjectEntity).findOne({ where: { listingId } });
    const l = p && (await this.db.getRepository(ListingEntity).findOne({ where: { id: listingId } }));
    if (!p || !l || ![ListingStatus.Published, ListingStatus.Closed].includes(l.status as ListingStatus))
      throw new NotFoundError('榜单来源', listingId);
    const [dto] = await this.toDtos([p]);
    const stages: ListingOriginDto['stages'] = [];
    for (const e of dto.history) {
      if (e.action !== 'added' && e.action !== 'handover_accepted') continue;
      stages.push({
        carrierId: e.carrierId,
        carrierName: e.carrierName,
        carrierKind: e.carrierKind,
        stageLabel: STAGE_LABEL[e.carrierKind] ?? e.carrierKindLabel,
        at: e.at,
      });
    }
    return {
      listingId,
      projectId: p.id,
      projectTitle: p.title,
      stages,
      text: stages.map((s) => `${s.stageLabel}:${s.carrierName}`).join(' → '),
      history: dto.history,
    };
  }

  private async lock(em: EntityManager, id: string): Promise<CarrierProjectEntity> {
    const p = await em
      .getRepository(CarrierProjectEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!p) throw new NotFoundError('项目', id);
    return p;
  }

  /** Writes the step to the project's history and to the audit log (same transaction). */
  private async event(
    em: EntityManager,
    p: CarrierProjectEntity,
    carrierId: string,
    user: CurrentUser,
    action: string,
    note: string | null,
    fromStatus: string | null,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await em
      .getRepository(CarrierProjectEventEntity)
      .insert({ projectId: p.id, action, carrierId, actorUserId: user.id, note });
    await this.audit.append(em, {
      entityType: 'carrier_project',
      entityId: p.id,
      action: `carrier_project_${action}`,
      fromStatus,
      toStatus: p.status,
      actorUserId: user.id,
      reason: note,
      rule: PROJECT_RULE,
      data: { carrierId, ...data },
    });
  }

  private async toDtos(rows: CarrierProjectEntity[]): Promise<CarrierProjectDto[]> {
    if (!rows.length) return [];
    const events = await this.db.getRepository(CarrierProjectEventEntity).find({
      where: { projectId: In(rows.map((r) => r.id)) },
      order: { at: 'ASC', id: 'ASC' },
    });
    const carriers = await this.db.getRepository(CarrierEntity).find({
      where: { id: In([...new Set([...rows.map((r) => r.carrierId), ...events.map((e) => e.carrierId)])]) },
      select: { id: true, name: true, plateName: true, kind: true },
    });
    const byId = new Map(carriers.map((c) => [c.id, c]));
    const history = (pid: string): CarrierProjectEventDto[] =>
      events
        .filter((e) => e.projectId === pid)
        .map((e) => {
          const c = byId.get(e.carrierId);
          return {
            at: e.at.toISOString(),
            action: e.action,
            actionLabel: PROJECT_EVENT_LABEL[e.action] ?? e.action,
            carrierId: e.carrierId,
            carrierName: c?.plateName ?? '',
            carrierKind: c?.kind ?? '',
            carrierKindLabel: CARRIER_KIND_LABEL[c?.kind as CarrierKind] ?? c?.kind ?? '',
            note: e.note,
          };
        });
    return rows.map((p) => ({
      id: p.id,
      title: p.title,
      field: p.field,
      summary: p.summary,
      status: p.status,
      statusLabel: CARRIER_PROJECT_STATUS_LABEL[p.status as CarrierProjectStatus] ?? p.status,
      carrierId: p.carrierId,
      carrierName: byId.get(p.carrierId)?.plateName ?? '',
      originCarrierId: p.originCarrierId,
      targetCarrierId: p.targetCarrierId,
      listingId: p.listingId,
      history: history(p.id),
    }));
  }
}
