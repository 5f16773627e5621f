import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AddCarrierListItemDto,
  AddCarrierMemberDto,
  CARRIER_LIST_LABEL,
  CARRIER_MEMBER_ROLE_LABEL,
  CarrierCapacityListDto,
  CarrierKind,
  CarrierListItemDto,
  CarrierListsDto,
  CarrierMemberListDto,
  CarrierMemberRole,
  CarrierStatus,
  CurrentUser,
  DeclareCarrierCapacityDto,
  ListingKind,
  ListingStatus,
} from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { refuse, orgNames } from './carrier-common';
import { CarrierCapacityEntity, CarrierListItemEntity, CarrierMemberEntity } from './carrier-lists.entity';
import { CarrierEntity } from './carrier.entity';

/** The articles of carriers on the board. */
export const BOARD_RULES = {
  members: '003 §7, §30',
  lists: '003 §22',
  capacity: '001 §14; 003 §23 (RULEBOOK §7 On the board)',
} as const;

/**
 * Locks carrier `id` and checks that `user` is a user of its 依托单位 (403 `NOT_CARRIER_HOST`) and that the carrier
 * is not revoked (409 `CARRIER_NOT_IN_FORCE`). @throws NotFoundError
 */
export async function lockHostedCarrier(em: EntityManager, user: CurrentUser, id: string): Promise<CarrierEntity> {
  const c = await em.getRepository(CarrierEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!c) throw new NotFoundError('载体', id);
  if (!user.orgId || user.orgId !== c.hostOrgId)
    throw refuse('NOT_CARRIER_HOST', '只有该载体依托单位的账号可以办理此事项', BOARD_RULES.lists, HttpStatus.FORBIDDEN);
  if (c.status === CarrierStatus.Revoked)
    throw refuse('CARRIER_NOT_IN_FORCE', '该载体已撤销', '001 §18; 002 §12; 003 §31', HttpStatus.CONFLICT);
  return c;
}

/**
 * A 技术创新中心's members and its two lists (`003 §22`: 技术攻关清单 and 成果转化清单, curated from its members'
 * listings), and a carrier's declared service capacity per field (counted in matching, `carrierCapacityPoints` of
 * `@jiebang/matching`). Every change is one transaction under the carrier's row lock with its audit record.
 */
@Injectable()
export class CarrierListsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** `GET /carriers/:id/members` (public): the 依托单位 first, then the recorded co-builders and members. */
  async members(id: string): Promise<CarrierMemberListDto> {
    const c = await this.carrier(id);
    const rows = await this.db
      .getRepository(CarrierMemberEntity)
      .find({ where: { carrierId: id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const names = await orgNames(this.db.manager, [c.hostOrgId, ...rows.map((r) => r.orgId)]);
    return {
      items: [
        { orgId: c.hostOrgId, orgName: names.get(c.hostOrgId) ?? '', role: 'host', roleLabel: '依托单位' },
        ...rows.map((r) => ({
          orgId: r.orgId,
          orgName: names.get(r.orgId) ?? '',
          role: r.role,
          roleLabel: CARRIER_MEMBER_ROLE_LABEL[r.role as CarrierMemberRole] ?? r.role,
        })),
      ],
    };
  }

  /**
   * Staff record a co-builder or member on a carrier (`003 §30`: the department approves changes of co-builders).
   * 409 `CARRIER_MEMBER_EXISTS` (also for the 依托单位 itself); 409 `CARRIER_NOT_IN_FORCE` for a revoked carrier.
   * @throws NotFoundError for an unknown carrier or organisation.
   */
  async addMember(user: CurrentUser, id: string, dto: AddCarrierMemberDto): Promise<CarrierMemberListDto> {
    await this.db.transaction(async (em) => {
      const c = await em.getRepository(CarrierEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw new NotFoundError('载体', id);
      if (c.status === CarrierStatus.Revoked)
        throw refuse('CARRIER_NOT_IN_FORCE', '该载体已撤销', BOARD_RULES.members, HttpStatus.CONFLICT);
      const org = await em.getRepository(OrganizationEntity).findOne({ where: { id: dto.orgId } });
      if (!org) throw new NotFoundError('单位', dto.orgId);
      const exists =
        c.hostOrgId === dto.orgId ||
        (await em.getRepository(CarrierMemberEntity).exists({ where: { carrierId: id, orgId: dto.orgId } }));
      if (exists)
        throw refuse('CARRIER_MEMBER_EXISTS', `${org.name}已登记在该载体上`, BOARD_RULES.members, HttpStatus.CONFLICT);
      await em
        .getRepository(CarrierMemberEntity)
        .insert({ carrierId: id, orgId: dto.orgId, role: dto.role, addedBy: user.id });
      await this.record(em, id, user, 'carrier_member_added', `${CARRIER_MEMBER_ROLE_LABEL[dto.role]}:${org.name}`, {
        orgId: dto.orgId,
        role: dto.role,
      });
    });
    return this.members(id);
  }

  /**
   * Staff remove a recorded member; its listings leave the centre's lists in the same transaction (they are no
   * longer a member's). @throws NotFoundError when the organisation is not recorded on the carrier.
   */
  async removeMember(user: CurrentUser, id: string, orgId: string): Promise<CarrierMemberListDto> {
    await this.db.transaction(async (em) => {
      const c = await em.getRepository(CarrierEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw new NotFoundError('载体', id);
      const m = await em.getRepository(CarrierMemberEntity).findOne({ where: { carrierId: id, orgId } });
      if (!m) throw new NotFoundError('载体成员单位', orgId);
      await em.getRepository(CarrierMemberEntity).delete({ id: m.id });
      const dropped: { listing_id: string }[] = await em.query(
        `DELETE FROM carrier_list_item i USING listing l
         WHERE i.carrier_id = $1 AND l.id = i.listing_id AND l.poster_org_id = $2 RETURNING i.listing_id`,
        [id, orgId],
      );
      await this.record(em, id, user, 'carrier_member_removed', null, {
        orgId,
        droppedListings: dropped.map((d) => d.listing_id),
      });
    });
    return this.members(id);
  }

  /**
   * `GET /carriers/:id/lists` (public): the centre's 技术攻关清单 and 成果转化清单, oldest first; only published and
   * closed listings are shown. @throws NotFoundError
   */
  async lists(id: string): Promise<CarrierListsDto> {
    await this.carrier(id);
    const rows = await this.db
      .getRepository(CarrierListItemEntity)
      .createQueryBuilder('i')
      .innerJoinAndSelect('i.listing', 'l')
      .where('i.carrier_id = :id', { id })
      .andWhere('l.status IN (:...st)', { st: [ListingStatus.Published, ListingStatus.Closed] })
      .orderBy('i.created_at', 'ASC')
      .addOrderBy('i.id', 'ASC')
      .getMany();
    const item = (r: CarrierListItemEntity): CarrierListItemDto => {
      const l = r.listing as ListingEntity;
      return {
        listingId: l.id,
        title: l.title,
        kind: l.kind,
        field: l.field,
        posterOrgId: l.posterOrgId,
        posterName: l.posterName,
        status: l.status,
        note: r.note,
        addedAt: r.createdAt.toISOString(),
      };
    };
    return {
      carrierId: id,
      challenge: rows.filter((r) => r.list === ListingKind.Challenge).map(item),
      achievement: rows.filter((r) => r.list === ListingKind.Achievement).map(item),
    };
  }

  /**
   * The centre's 依托单位 users put a listing on a list (`003 §22`). Refusals: 422 `CARRIER_NOT_CENTRE` (not a
   * 技术创新中心), 403 `NOT_CARRIER_HOST`, 409 `CARRIER_NOT_IN_FORCE`, 422 `CARRIER_LIST_WRONG_KIND` (a challenge on
   * the 成果转化清单 or the reverse), 422 `CARRIER_LIST_NOT_PUBLISHED`, 422 `CARRIER_LIST_NOT_MEMBER` (posted by
   * neither the 依托单位 nor a recorded member), 409 `CARRIER_LIST_DUPLICATE`. @throws NotFoundError
   */
  async addItem(
    user: CurrentUser,
    id: string,
    list: ListingKind,
    dto: AddCarrierListItemDto,
  ): Promise<CarrierListsDto> {
    await this.db.transaction(async (em) => {
      const c = await lockHostedCarrier(em, user, id);
      if (c.kind !== CarrierKind.InnovationCenter)
        throw refuse('CARRIER_NOT_CENTRE', '技术攻关清单和成果转化清单只属于技术创新中心', BOARD_RULES.lists);
      const l = await em.getRepository(ListingEntity).findOne({ where: { id: dto.listingId } });
      if (!l) throw new NotFoundError('榜单', dto.listingId);
      if (l.kind !== list)
        throw refuse(
          'CARRIER_LIST_WRONG_KIND',
          `${CARRIER_LIST_LABEL[list]}不收${l.kind === ListingKind.Challenge ? '技术攻关' : '成果转化'}榜单`,
          BOARD_RULES.lists,
        );
      if (l.status !== ListingStatus.Published)
        throw refuse('CARRIER_LIST_NOT_PUBLISHED', '只能选入已发布的榜单', BOARD_RULES.lists);
      const member =
        !!l.posterOrgId &&
        (l.posterOrgId === c.hostOrgId ||
          (await em.getRepository(CarrierMemberEntity).exists({ where: { carrierId: id, orgId: l.posterOrgId } })));
      if (!member)
        throw refuse(
          'CARRIER_LIST_NOT_MEMBER',
          `${l.posterName || '该发布单位'}不是该中心的依托单位或登记的共建、成员单位`,
          BOARD_RULES.lists,
        );
      if (await em.getRepository(CarrierListItemEntity).exists({ where: { carrierId: id, listingId: l.id } }))
        throw refuse('CARRIER_LIST_DUPLICATE', '该榜单已在清单中', BOARD_RULES.lists, HttpStatus.CONFLICT);
      await em
        .getRepository(CarrierListItemEntity)
        .insert({ carrierId: id, list, listingId: l.id, note: dto.note?.trim() || null, addedBy: user.id });
      await this.record(em, id, user, 'carrier_list_item_added', `${CARRIER_LIST_LABEL[list]}:${l.title}`, {
        list,
        listingId: l.id,
      });
    });
    return this.lists(id);
  }

  /** The centre's 依托单位 users take a listing off a list. @throws NotFoundError when it is not on the list. */
  async removeItem(user: CurrentUser, id: string, list: ListingKind, listingId: string): Promise<CarrierListsDto> {
    await this.db.transaction(async (em) => {
      await lockHostedCarrier(em, user, id);
      const res = await em.getRepository(CarrierListItemEntity).delete({ carrierId: id, list, listingId });
      if (!res.affected) throw new NotFoundError('清单中的榜单', listingId);
      await this.record(em, id, user, 'carrier_list_item_removed', CARRIER_LIST_LABEL[list], { list, listingId });
    });
    return this.lists(id);
  }

  /** `GET /carriers/:id/capacity` (public): the declared service capacity per field. @throws NotFoundError */
  async capacity(id: string): Promise<CarrierCapacityListDto> {
    await this.carrier(id);
    const rows = await this.db
      .getRepository(CarrierCapacityEntity)
      .find({ where: { carrierId: id }, order: { field: 'ASC' } });
    return {
      items: rows.map((r) => ({
        field: r.field,
        pilotLines: r.pilotLines,
        description: r.description,
        updatedAt: r.updatedAt.toISOString(),
      })),
    };
  }

  /**
   * The 依托单位's users declare the carrier's service capacity, replacing the last declaration: only a carrier in
   * 运行 (409 `CARRIER_NOT_OPERATING`), only in its registered fields (422 `CARRIER_CAPACITY_FIELD`), one entry
   * per field (422 `VALIDATION_FAILED`). It counts in matching where the host takes part (`carrierCapacityPoints`).
   */
  async declareCapacity(
    user: CurrentUser,
    id: string,
    dto: DeclareCarrierCapacityDto,
  ): Promise<CarrierCapacityListDto> {
    await this.db.transaction(async (em) => {
      const c = await lockHostedCarrier(em, user, id);
      if (c.status !== CarrierStatus.Operating)
        throw refuse(
          'CARRIER_NOT_OPERATING',
          '只有运行中的载体可以登记服务能力',
          BOARD_RULES.capacity,
          HttpStatus.CONFLICT,
        );
      const fields = dto.items.map((i) => i.field);
      if (new Set(fields).size !== fields.length)
        throw refuse('VALIDATION_FAILED', '每个领域只能登记一条服务能力', BOARD_RULES.capacity);
      const outside = fields.filter((f) => !c.fields.includes(f));
      if (outside.length)
        throw refuse(
          'CARRIER_CAPACITY_FIELD',
          '服务能力只能按载体备案的所属领域填报',
          BOARD_RULES.capacity,
          undefined,
          {
            fields: outside,
            registered: c.fields,
          },
        );
      await em.getRepository(CarrierCapacityEntity).delete({ carrierId: id });
      if (dto.items.length)
        await em.getRepository(CarrierCapacityEntity).insert(
          dto.items.map((i) => ({
            carrierId: id,
            field: i.field,
            pilotLines: i.pilotLines,
            description: i.description.trim(),
            updatedBy: user.id,
          })),
        );
      await this.record(em, id, user, 'carrier_capacity_declared', null, {
        items: dto.items.map((i) => ({ field: i.field, pilotLines: i.pilotLines })),
      });
    });
    return this.capacity(id);
  }

  private async carrier(id: string): Promise<CarrierEntity> {
    const c = await this.db.getRepository(CarrierEntity).findOne({ where: { id } });
    if (!c) throw new NotFoundError('载体', id);
    return c;
  }

  private record(
    em: EntityManager,
    carrierId: string,
    user: CurrentUser,
    action: string,
    reason: string | null,
    data: Record<string, unknown>,
  ): Promise<void> {
    const rule = action.startsWith('carrier_member')
      ? BOARD_RULES.members
      : action.startsWith('carrier_list')
        ? BOARD_RULES.lists
        : BOARD_RULES.capacity;
    return this.audit.append(em, {
      entityType: 'carrier',
      entityId: carrierId,
      action,
      actorUserId: user.id,
      reason,
      rule,
      data,
    });
  }
}
