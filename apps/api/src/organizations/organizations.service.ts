import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import {
  CurrentUser,
  OrganizationDto,
  OrganizationQuery,
  OrgType,
  Page,
  regionFullName,
  RegisterOrganizationDto,
  Role,
  SetPartnerDto,
  VerifyOrganizationDto,
  wanToFen,
} from '@jiebang/contracts';
import { assertAcceptablePassword, hashPassword } from '../auth/passwords';
import { EnvConfig } from '../config/env.config';
import { UserEntity } from '../auth/user.entity';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/domain-error';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { refreshDerivedFields } from './derived-fields';
import { OrganizationEntity } from './organization.entity';

/**
 * The organisation types that are carrier kinds (seeds `000`–`003`): never claimed at self-registration, since an
 * organisation's carrier type comes only from the registry (`organization.carrier_kinds`, issue 15 §5).
 */
export const CARRIER_ORG_TYPES: readonly OrgType[] = [
  OrgType.ConceptValidation,
  OrgType.PilotBase,
  OrgType.PilotService,
  OrgType.InnovationCenter,
  OrgType.IntlCooperationBase,
];

/** Organisation types whose users get the `institute` role (高校, 科研机构, 新型研发机构); the rest are enterprises. */
const INSTITUTE_TYPES: readonly OrgType[] = [OrgType.University, OrgType.ResearchInstitute, OrgType.NewRdInstitution];

/**
 * Maps an entity to the API shape; contacts only when `withContacts` (staff, own users); provenance — the import's
 * `note` and the mirror copies of the sources — only when `forStaff` (issue 16 items 14–15).
 */
export function toOrganizationDto(o: OrganizationEntity, withContacts = false, forStaff = false): OrganizationDto {
  return {
    id: o.id,
    uscc: o.uscc,
    name: o.name,
    shortName: o.shortName,
    formerNames: o.formerNames,
    type: o.type,
    carrierKinds: o.carrierKinds ?? [],
    regionCode: o.regionCode,
    regionName: regionFullName(o.regionCode),
    address: o.address,
    registeredCapitalFen: o.registeredCapitalFen,
    legalRepresentative: o.legalRepresentative,
    mainBusiness: o.mainBusiness,
    fields: o.fields,
    fieldsDerived: o.fieldsDerived,
    fieldSources: o.fieldsDerived ? o.fields.map((field) => ({ field, from: o.fieldSources[field] ?? [] })) : [],
    independentLegalPerson: o.independentLegalPerson,
    verified: o.verified,
    verifiedAt: o.verifiedAt ? o.verifiedAt.toISOString() : null,
    partner4x8xN: o.partner4x8xN,
    note: forStaff ? o.note : null,
    sourceUrls: o.sourceUrls,
    ...(forStaff ? { mirrorUrls: o.mirrorUrls } : {}),
    ...(withContacts ? { contacts: o.contacts } : {}),
  };
}

/**
 * The organisation register: self-registration with a valid USCC (unverified until staff verify it, RULEBOOK
 * §1), staff verification, look-ups.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly indexer: ListingIndexerService,
    private readonly audit: AuditService,
    private readonly config: EnvConfig,
  ) {}

  /**
   * Registers an organisation and its first account in one transaction.
   * @throws DomainError 409 `ORG_ALREADY_REGISTERED` (same USCC) or `USERNAME_TAKEN`; 400 `PASSWORD_BLOCKED` /
   *   `PASSWORD_CONTAINS_USERNAME` (the password policy's checks that need the username or demo mode; the DTO checks
   *   the rest); 422 `CARRIER_TYPE_FROM_REGISTRY` for a carrier type (中试基地, 技术创新中心 …): the field stays in the
   *   contract, but a carrier type comes only from the department's registry (issue 15 §5; RULEBOOK §7 "On the
   *   board") — register as 高校, 科研机构, 企业 … and apply for the carrier; nothing is written then.
   */
  async register(dto: RegisterOrganizationDto): Promise<OrganizationDto> {
    if (CARRIER_ORG_TYPES.includes(dto.type))
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'CARRIER_TYPE_FROM_REGISTRY',
        '载体类型以科技厅备案名录为准,注册时请选择高校、科研机构、企业等单位类型,再通过载体申报取得',
        'RULEBOOK §7; 000 四',
      );
    assertAcceptablePassword(dto.account.password, {
      username: dto.account.username,
      demoMode: this.config.SEED_DEMO === 'true',
    });
    const uscc = dto.uscc.trim().toUpperCase();
    const saved = await this.db.transaction(async (em) => {
      if (await em.getRepository(OrganizationEntity).exist({ where: { uscc } })) {
        throw new DomainError(
          HttpStatus.CONFLICT,
          'ORG_ALREADY_REGISTERED',
          `统一社会信用代码 ${uscc} 已注册,请直接登录或联系本单位管理员`,
        );
      }
      if (await em.getRepository(UserEntity).exist({ where: { username: dto.account.username } })) {
        throw new DomainError(
          HttpStatus.CONFLICT,
          'USERNAME_TAKEN',
          `用户名 ${dto.account.username} 已被使用,请换一个`,
        );
      }
      const org = await em.getRepository(OrganizationEntity).save(
        em.getRepository(OrganizationEntity).create({
          uscc,
          name: dto.name.trim(),
          type: dto.type,
          regionCode: dto.regionCode,
          address: dto.address ?? null,
          legalRepresentative: dto.legalRepresentative ?? null,
          mainBusiness: dto.mainBusiness ?? null,
          fields: [...new Set(dto.fields ?? [])].sort(),
          registeredCapitalFen: dto.registeredCapitalWan ? wanToFen(dto.registeredCapitalWan).toString() : null,
          contacts: dto.contacts ?? [],
          sourceCategory: 'self-registration',
          verified: false,
        }),
      );
      // No declared fields: derive them (主营业务 or name), marked as derived (issue 16 item 7).
      if (!org.fields.length) await refreshDerivedFields(em, [org.id]);
      await em.getRepository(UserEntity).save(
        em.getRepository(UserEntity).create({
          username: dto.account.username,
          passwordHash: await hashPassword(dto.account.password),
          displayName: dto.account.displayName,
          role: INSTITUTE_TYPES.includes(dto.type) ? Role.Institute : Role.Enterprise,
          staffRoles: [],
          orgId: org.id,
        }),
      );
      return em.getRepository(OrganizationEntity).findOneByOrFail({ id: org.id });
    });
    await this.indexer.enqueueIndexOrganization(saved.id, saved.updatedAt.getTime());
    return toOrganizationDto(saved, true);
  }

  /** @throws NotFoundError (404) */
  async get(id: string, viewer: CurrentUser): Promise<OrganizationDto> {
    const o = await this.find(this.db.manager, id);
    return toOrganizationDto(o, viewer.role === Role.Staff || viewer.orgId === o.id, viewer.role === Role.Staff);
  }

  /**
   * Search by name, short name, former name (曾用名: credit lists and old documents name a company as it was called
   * then) or USCC, verified filter, unverified first then newest; `pageSize` ≤ 100. Non-staff viewers see verified
   * organisations only and no contacts. Every organisation picker of the web reads this.
   */
  async list(q: OrganizationQuery, viewer: CurrentUser): Promise<Page<OrganizationDto>> {
    const staff = viewer.role === Role.Staff;
    if (!staff) q = { ...q, verified: 'true' };
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const qb = this.db.getRepository(OrganizationEntity).createQueryBuilder('o');
    if (q.verified) qb.andWhere('o.verified = :verified', { verified: q.verified === 'true' });
    const text = q.q?.trim();
    if (text) {
      const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('o.name ILIKE :like', { like })
            .orWhere('o.short_name ILIKE :like', { like })
            .orWhere('EXISTS (SELECT 1 FROM unnest(o.former_names) f(n) WHERE f.n ILIKE :like)', { like })
            .orWhere('o.uscc = :uscc', { uscc: text.toUpperCase() }),
        ),
      );
    }
    const [rows, total] = await qb
      .orderBy('o.verified', 'ASC')
      .addOrderBy('o.createdAt', 'DESC')
      .addOrderBy('o.name', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map((o) => toOrganizationDto(o, staff, staff)), total, page, pageSize };
  }

  /**
   * Staff verify an organisation (it may then post and apply, RULEBOOK §1), with the audit record
   * `organization_verified` (entity `organization`, unverified → verified) in the same transaction.
   * @throws NotFoundError (404); DomainError 409 `ORG_ALREADY_VERIFIED`. Nothing is written on a refusal.
   */
  async verify(id: string, dto: VerifyOrganizationDto, staff: CurrentUser): Promise<OrganizationDto> {
    const o = await this.db.transaction(async (em) => {
      const org = await this.find(em, id, true);
      if (org.verified) throw new DomainError(HttpStatus.CONFLICT, 'ORG_ALREADY_VERIFIED', `${org.name} 已认证`);
      org.verified = true;
      org.verifiedAt = new Date();
      org.verifiedBy = staff.id;
      if (dto.independentLegalPerson !== undefined) org.independentLegalPerson = dto.independentLegalPerson;
      if (dto.note) org.note = org.note ? `${org.note}\n认证备注:${dto.note}` : `认证备注:${dto.note}`;
      const saved = await em.getRepository(OrganizationEntity).save(org);
      await this.audit.append(em, {
        entityType: 'organization',
        entityId: org.id,
        action: 'organization_verified',
        fromStatus: 'unverified',
        toStatus: 'verified',
        actorUserId: staff.id,
        reason: dto.note?.trim() || null,
        rule: 'RULEBOOK §1',
        data: { uscc: org.uscc, independentLegalPerson: org.independentLegalPerson },
      });
      return saved;
    });
    await this.indexer.enqueueIndexOrganization(o.id, o.updatedAt.getTime());
    return toOrganizationDto(o, true, true);
  }

  /**
   * Staff record (or withdraw) an organisation's 科技兴蒙 "4+8+N" partnership (GLOSSARY `partner4x8xN`; `004 §4`,
   * `§6`, `§7`), with the audit record `organization_partner_set` (from/to, the basis) in the same transaction.
   * Setting the value it already has changes nothing and writes nothing.
   * @throws NotFoundError (404).
   */
  async setPartner(id: string, dto: SetPartnerDto, staff: CurrentUser): Promise<OrganizationDto> {
    const o = await this.db.transaction(async (em) => {
      const org = await this.find(em, id, true);
      if (org.partner4x8xN === dto.partner4x8xN) return org;
      const from = org.partner4x8xN;
      org.partner4x8xN = dto.partner4x8xN;
      const saved = await em.getRepository(OrganizationEntity).save(org);
      await this.audit.append(em, {
        entityType: 'organization',
        entityId: org.id,
        action: 'organization_partner_set',
        fromStatus: from ? 'partner_4x8xn' : 'not_partner',
        toStatus: dto.partner4x8xN ? 'partner_4x8xn' : 'not_partner',
        actorUserId: staff.id,
        reason: dto.basis.trim(),
        rule: '004 §4, §6, §7',
        data: { uscc: org.uscc, partner4x8xN: dto.partner4x8xN },
      });
      return saved;
    });
    return toOrganizationDto(o, true, true);
  }

  private async find(em: EntityManager, id: string, lock = false): Promise<OrganizationEntity> {
    const o = await em
      .getRepository(OrganizationEntity)
      .findOne({ where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!o) throw new NotFoundError('单位', id);
    return o;
  }
}
