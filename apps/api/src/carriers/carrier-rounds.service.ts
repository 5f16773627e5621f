import { HttpStatus, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  CarrierKind,
  CarrierProgrammeDto,
  CarrierProgrammeType,
  CarrierRoundDto,
  CarrierRuleSetRecordDto,
  CreateCarrierRoundDto,
  CurrentUser,
} from '@jiebang/contracts';
import { beijingDate, CARRIER_RULE_SETS, parseCarrierRuleSet } from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { NotFoundError } from '../common/domain-error';
import { illegal, refuse, ruleSetId } from './carrier-common';
import { CarrierProgrammeEntity, CarrierRoundEntity, CarrierRuleSetEntity } from './carrier.entity';

/**
 * Programmes' rule sets and rounds (issue 15 §1): the shipped rule sets of `libs/policy` (`CARRIER_RULE_SETS`) are
 * stored at start; staff load others as data; staff create rounds (draft) and open them.
 */
@Injectable()
export class CarrierRoundsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Stores the shipped rule sets that are not stored yet (idempotent; a stored version is never rewritten). */
  async onModuleInit(): Promise<void> {
    for (const r of CARRIER_RULE_SETS) {
      await this.db.query(
        `INSERT INTO carrier_rule_set (id, key, version, document_no, title, data, shipped)
         VALUES ($1, $2, $3, $4, $5, $6, true) ON CONFLICT DO NOTHING`,
        [ruleSetId(r), r.id, r.version, r.source.documentNo, r.name, JSON.stringify(r)],
      );
    }
  }

  /** Every stored rule set, newest first. */
  async ruleSets(): Promise<CarrierRuleSetRecordDto[]> {
    const rows = await this.db.getRepository(CarrierRuleSetEntity).find({ order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map(toRuleSetDto);
  }

  /**
   * Staff load a rule set as data (e.g. Inner Mongolia's 内党科办发〔2025〕12号 when its text is at hand).
   * Checked by `parseCarrierRuleSet` of `@jiebang/policy`.
   * @throws 422 `CARRIER_RULE_SET_INVALID` with `details.problems`; 409 `CARRIER_RULE_SET_EXISTS` for a stored
   *   `id@version`.
   */
  async loadRuleSet(user: CurrentUser, rules: Record<string, unknown>): Promise<CarrierRuleSetRecordDto> {
    const parsed = parseCarrierRuleSet(rules);
    if (!parsed.ok)
      throw refuse(
        'CARRIER_RULE_SET_INVALID',
        `规则集有 ${parsed.problems.length} 处问题:${parsed.problems.join(';')}`,
        'RULEBOOK §7',
        HttpStatus.UNPROCESSABLE_ENTITY,
        { problems: parsed.problems },
      );
    const r = parsed.ruleSet;
    const id = ruleSetId(r);
    return this.db.transaction(async (em) => {
      if (await em.getRepository(CarrierRuleSetEntity).exist({ where: { id } }))
        throw refuse('CARRIER_RULE_SET_EXISTS', `规则集 ${id} 已存在,请提高版本号`, undefined, HttpStatus.CONFLICT);
      const row = await em.getRepository(CarrierRuleSetEntity).save(
        em.getRepository(CarrierRuleSetEntity).create({
          id,
          key: r.id,
          version: r.version,
          documentNo: r.source.documentNo,
          title: r.name,
          data: r as unknown as Record<string, unknown>,
          shipped: false,
          loadedBy: user.id,
        }),
      );
      await this.audit.append(em, {
        entityType: 'carrier_round',
        entityId: '00000000-0000-0000-0000-000000000000',
        action: 'carrier_rule_set_loaded',
        actorUserId: user.id,
        reason: `${r.name}(${r.source.documentNo})`,
        data: { ruleSetId: id },
      });
      return toRuleSetDto(row);
    });
  }

  /** The programmes (seeded by the carriers migration), in id order. */
  async programmes(): Promise<CarrierProgrammeDto[]> {
    const rows = await this.db.getRepository(CarrierProgrammeEntity).find({ order: { id: 'ASC' } });
    return rows.map((p) => ({
      id: p.id,
      name: p.name,
      type: p.mode as CarrierProgrammeType,
      kinds: p.kinds as CarrierKind[],
      source: p.source,
    }));
  }

  /** Rounds, newest first; `status` reads `closed` once `closesOn` has passed. */
  async list(): Promise<CarrierRoundDto[]> {
    const rows = await this.db.getRepository(CarrierRoundEntity).find({
      relations: { programme: true },
      order: { createdAt: 'DESC' },
    });
    return rows.map(toRoundDto);
  }

  /**
   * Staff create a round (draft). 422 `VALIDATION_FAILED` when the dates are out of order or a kind is not the
   * programme's; 404 for an unknown rule set.
   */
  async create(user: CurrentUser, dto: CreateCarrierRoundDto): Promise<CarrierRoundDto> {
    return this.db.transaction(async (em) => {
      const programme = await em.getRepository(CarrierProgrammeEntity).findOne({ where: { id: dto.programmeId } });
      if (!programme) throw new NotFoundError('载体计划', dto.programmeId);
      if (!(await em.getRepository(CarrierRuleSetEntity).exist({ where: { id: dto.ruleSetId } })))
        throw new NotFoundError('规则集', dto.ruleSetId);
      const bad = dto.kinds.filter((k) => !programme.kinds.includes(k));
      if (!dto.kinds.length || bad.length)
        throw refuse('VALIDATION_FAILED', `该计划不受理这些载体类型:${bad.join('、') || '(未选择)'}`);
      if (!(dto.opensOn <= dto.closesOn && dto.closesOn <= dto.recommendDeadline))
        throw refuse('VALIDATION_FAILED', '日期应依次为:开始申报 ≤ 截止申报 ≤ 推荐截止');
      const round = await em.getRepository(CarrierRoundEntity).save(
        em.getRepository(CarrierRoundEntity).create({
          programmeId: dto.programmeId,
          title: dto.title.trim(),
          documentNo: dto.documentNo.trim(),
          kinds: dto.kinds,
          opensOn: dto.opensOn,
          closesOn: dto.closesOn,
          recommendDeadline: dto.recommendDeadline,
          ruleSetId: dto.ruleSetId,
          status: 'draft',
          createdBy: user.id,
          openedBy: null,
          openedAt: null,
        }),
      );
      await this.audit.append(em, {
        entityType: 'carrier_round',
        entityId: round.id,
        action: 'carrier_round_created',
        toStatus: 'draft',
        actorUserId: user.id,
        reason: `${round.title}(${round.documentNo})`,
        data: { ruleSetId: round.ruleSetId, kinds: round.kinds },
      });
      round.programme = programme;
      return toRoundDto(round);
    });
  }

  /** Staff open a draft round. 409 `ILLEGAL_TRANSITION` unless draft. */
  async open(user: CurrentUser, id: string): Promise<CarrierRoundDto> {
    return this.db.transaction(async (em) => {
      const round = await lockRound(em, id);
      if (round.status !== 'draft') throw illegal(round.status, '开启申报');
      round.status = 'open';
      round.openedBy = user.id;
      round.openedAt = new Date();
      await em.getRepository(CarrierRoundEntity).save(round);
      await this.audit.append(em, {
        entityType: 'carrier_round',
        entityId: round.id,
        action: 'carrier_round_opened',
        fromStatus: 'draft',
        toStatus: 'open',
        actorUserId: user.id,
      });
      round.programme = await em.getRepository(CarrierProgrammeEntity).findOneByOrFail({ id: round.programmeId });
      return toRoundDto(round);
    });
  }
}

/** The round under a row lock. @throws NotFoundError */
export async function lockRound(em: EntityManager, id: string): Promise<CarrierRoundEntity> {
  const round = await em
    .getRepository(CarrierRoundEntity)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!round) throw new NotFoundError('申报批次', id);
  return round;
}

/** True when the round takes applications today (opened, and today within `opensOn`–`closesOn`, Beijing). */
export function roundAccepting(round: CarrierRoundEntity, today = beijingDate()): boolean {
  return round.status === 'open' && round.opensOn <= today && today <= round.closesOn;
}

function toRoundDto(r: CarrierRoundEntity): CarrierRoundDto {
  const today = beijingDate();
  return {
    id: r.id,
    programmeId: r.programmeId,
    programmeName: r.programme?.name ?? r.programmeId,
    title: r.title,
    documentNo: r.documentNo,
    kinds: r.kinds,
    opensOn: r.opensOn,
    closesOn: r.closesOn,
    recommendDeadline: r.recommendDeadline,
    ruleSetId: r.ruleSetId,
    status: r.status === 'open' && today > r.closesOn ? 'closed' : r.status,
    createdAt: r.createdAt.toISOString(),
  };
}

function toRuleSetDto(r: CarrierRuleSetEntity): CarrierRuleSetRecordDto {
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    documentNo: r.documentNo,
    title: r.title,
    shipped: r.shipped,
    rules: r.data,
    createdAt: r.createdAt.toISOString(),
  };
}
