import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  CreateListingDto,
  CurrentUser,
  ListingFormDto,
  LISTING_STATUS_LABELS,
  ListingKind,
  ListingStatus,
  ListingSummaryDto,
  Role,
  wanToFen,
} from '@jiebang/contracts';
import { checkPosterEligibility } from '@jiebang/matching';
import {
  findTransition,
  LISTING_EDITABLE,
  LISTING_TRANSITIONS,
  ListingAction,
  ListingRuleRefusal,
  beijingDate,
  ownIpRefusal,
  timeLimitRefusal,
} from '@jiebang/policy';
import { AuditService } from '../audit/audit.service';
import { DomainError, NotFoundError } from '../common/domain-error';
import { GraphService } from '../graph/graph.service';
import { ListingEntity } from '../listings/listing.entity';
import { NotificationsService } from '../notifications/notifications.service';
import { WorkQueueNotifier } from '../workbench/work-notifier.service';
import { refreshDerivedFields } from '../organizations/derived-fields';
import { OrganizationEntity } from '../organizations/organization.entity';
import { ListingIndexerService } from '../search/listing-indexer.service';
import { actorsOf, refusalError } from './actors';
import { findExpert, recordAssignment } from './expert-assignment';
import { ExpertAssignmentEntity, ScreeningOpinionEntity } from './application.entity';

/** Chinese names of the form fields, for messages that say what to fix. */
const FORM_LABELS: Record<string, string> = {
  title: '名称',
  field: '聚焦领域',
  resultType: '成果类型',
  achievementType: '成果形态',
  hasOwnIp: '是否拥有自主知识产权',
  ipTypes: '知识产权类型',
  summary: '拟转化科技成果情况',
  team: '技术团队情况',
  suggestedTimeLimit: '建议实施时限',
  totalInvestmentFen: '项目预计总投入(或成果价值)',
  'demand.background': '需求背景',
  'demand.content': '需求内容',
  'demand.keyTechnologies': '关键技术及指标',
  'demand.resultForm': '成果形式',
  'demand.takerRequirements': '对揭榜方的要求',
  'demand.ipOwnership': '知识产权归属',
  'demand.benefitSharing': '收益分配',
};

/** The 征集表 fields still missing for submission (seed `004` annex 1, `004 §9(一)`). */
export function missingFormFields(l: ListingEntity): string[] {
  const missing: string[] = [];
  const need = (k: string, ok: boolean) => !ok && missing.push(k);
  need('title', !!l.title?.trim());
  need('field', !!l.field);
  need('resultType', !!l.resultType);
  need('hasOwnIp', l.hasOwnIp !== null);
  need('ipTypes', l.hasOwnIp !== true || l.ipTypes.length > 0);
  need('summary', !!l.summary?.trim());
  need('team', !!l.team?.trim());
  need('suggestedTimeLimit', !!l.suggestedTimeLimit?.trim());
  need('totalInvestmentFen', l.totalInvestmentFen !== null);
  if (l.kind === ListingKind.Achievement) need('achievementType', !!l.achievementType);
  if (l.kind === ListingKind.Challenge) {
    const d = (l.demand ?? {}) as Record<string, unknown>;
    for (const k of ['background', 'content', 'resultForm', 'takerRequirements', 'ipOwnership', 'benefitSharing']) {
      need(`demand.${k}`, typeof d[k] === 'string' && (d[k] as string).trim().length > 0);
    }
    need('demand.keyTechnologies', Array.isArray(d.keyTechnologies) && d.keyTechnologies.length > 0);
  }
  return missing;
}

/**
 * The scheme's rules on what a listing declares, where it is entered (`004 §7(一)` own IP of an achievement,
 * `004 §15` the 建议实施时限): on a save only the fields the body carries, on submission the whole listing.
 * @throws DomainError 422 `OWN_IP_REQUIRED` / `TIME_LIMIT_EXCEEDED` with the article and the field.
 */
export function assertListingDeclarations(
  kind: ListingKind,
  values: { hasOwnIp?: boolean | null; suggestedTimeLimit?: string | null },
): void {
  const refusals: [string, ListingRuleRefusal | null][] = [
    ['hasOwnIp', 'hasOwnIp' in values ? ownIpRefusal(kind, values.hasOwnIp) : null],
    ['suggestedTimeLimit', 'suggestedTimeLimit' in values ? timeLimitRefusal(kind, values.suggestedTimeLimit) : null],
  ];
  for (const [property, r] of refusals) {
    if (r)
      throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, r.code, r.message, r.rule, [
        { property, message: r.message },
      ]);
  }
}

/** The declarations a form DTO carries (only the keys present), for `assertListingDeclarations`. */
function declared(dto: ListingFormDto): { hasOwnIp?: boolean | null; suggestedTimeLimit?: string | null } {
  return {
    ...(dto.hasOwnIp !== undefined ? { hasOwnIp: dto.hasOwnIp } : {}),
    ...(dto.suggestedTimeLimit !== undefined ? { suggestedTimeLimit: dto.suggestedTimeLimit } : {}),
  };
}

/** Maps a form DTO onto entity columns (万元 → fen, exactly). */
function formPatch(dto: ListingFormDto): Partial<ListingEntity> {
  const p: Partial<ListingEntity> = {};
  const keys = [
    'title',
    'field',
    'resultType',
    'achievementType',
    'hasOwnIp',
    'ipTypes',
    'summary',
    'team',
    'suggestedTimeLimit',
    'regionCode',
  ] as const;
  for (const k of keys) if (dto[k] !== undefined) (p as Record<string, unknown>)[k] = dto[k];
  if (dto.totalInvestmentWan !== undefined) p.totalInvestmentFen = wanToFen(dto.totalInvestmentWan).toString();
  if (dto.demand !== undefined) p.demand = JSON.parse(JSON.stringify(dto.demand)) as Record<string, unknown>;
  // Listing terms (issue 16 item 16): 榜额 / 意向转让价格 in 万元 → fen; an empty string clears a text field.
  if (dto.offerAmountWan !== undefined) p.offerAmountFen = wanToFen(dto.offerAmountWan).toString();
  if (dto.applyDeadline !== undefined) p.applyDeadline = dto.applyDeadline.slice(0, 10);
  if (dto.cooperationForms !== undefined) p.cooperationForms = dto.cooperationForms;
  if (dto.contactName !== undefined) p.contactName = dto.contactName.trim() || null;
  if (dto.contactPhone !== undefined) p.contactPhone = dto.contactPhone.trim() || null;
  if (dto.contactEmail !== undefined) p.contactEmail = dto.contactEmail.trim() || null;
  return p;
}

/** A listing as its poster and staff see it in lists. */
export function toSummary(l: ListingEntity): ListingSummaryDto {
  return {
    id: l.id,
    kind: l.kind,
    field: l.field,
    title: l.title,
    status: l.status,
    posterOrgId: l.posterOrgId,
    posterName: l.posterName,
    updatedAt: l.updatedAt.toISOString(),
    rejectionReason: l.rejectionReason,
    closeReason: l.closeReason,
  };
}

/**
 * Posting and the listing workflow (seed `004 §9(一)–(三)`): drafts with autosave, submission with the
 * publishability attestation, 需求论证 with invited experts, pass / reject with a reason, publication (indexed
 * for search after the commit), withdrawal and closure. Every move follows `LISTING_TRANSITIONS` of
 * `@jiebang/policy`, is made under a row lock (so two staff passing at once: one wins, the other gets 409) and
 * writes its audit record and notifications in the same transaction.
 */
@Injectable()
export class ListingWorkflowService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly graph: GraphService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly work: WorkQueueNotifier,
    private readonly indexer: ListingIndexerService,
  ) {}

  /**
   * Refuses a poster that may not post this kind (422 with the codes: `ORG_NOT_VERIFIED`, `POSTER_NOT_ELIGIBLE`,
   * `CREDIT_BLACKLISTED`, `NOT_INDEPENDENT_LEGAL_PERSON`).
   */
  private async assertMayPost(orgId: string, kind: ListingKind): Promise<OrganizationEntity> {
    const org = await this.db.getRepository(OrganizationEntity).findOne({ where: { id: orgId } });
    if (!org) throw new NotFoundError('单位', orgId);
    if (!org.verified) {
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'ORG_NOT_VERIFIED',
        `${org.name} 尚未通过科技厅认证,暂不能发榜`,
        'RULEBOOK §1',
      );
    }
    const asOf = beijingDate();
    const facts = await this.graph.loadFacts([orgId], asOf);
    const res = checkPosterEligibility(kind, facts.orgs.get(orgId)!, facts.creditRecords, asOf, {
      orgs: facts.orgs,
      edges: facts.edges,
    });
    if (!res.eligible) {
      const first = res.blocks[0];
      throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, first.code, first.message, first.rule, {
        blocks: res.blocks,
      });
    }
    return org;
  }

  private posterOrg(user: CurrentUser): string {
    if ((user.role !== Role.Institute && user.role !== Role.Enterprise) || !user.orgId) {
      throw new DomainError(HttpStatus.FORBIDDEN, 'FORBIDDEN', '只有高校、科研机构和企业用户可以发榜');
    }
    return user.orgId;
  }

  /** Creates a draft for the caller's organisation. 422 when it may not post this kind. */
  async create(dto: CreateListingDto, user: CurrentUser): Promise<ListingEntity> {
    const orgId = this.posterOrg(user);
    const org = await this.assertMayPost(orgId, dto.kind);
    assertListingDeclarations(dto.kind, declared(dto));
    if (!dto.title)
      throw new DomainError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', '请填写名称', undefined, [
        { property: 'title' },
      ]);
    return this.db.transaction(async (em) => {
      const repo = em.getRepository(ListingEntity);
      const saved = await repo.save(
        repo.create({
          ...formPatch(dto),
          kind: dto.kind,
          status: ListingStatus.Draft,
          posterOrgId: orgId,
          posterName: org.name,
          regionCode: dto.regionCode ?? org.regionCode,
          createdBy: user.id,
          sourceUrls: [],
        }),
      );
      await this.audit.append(em, {
        entityType: 'listing',
        entityId: saved.id,
        action: 'create',
        toStatus: ListingStatus.Draft,
        actorUserId: user.id,
        rule: '004 §9(一)',
      });
      return saved;
    });
  }

  private async lock(em: EntityManager, id: string): Promise<ListingEntity> {
    const l = await em.getRepository(ListingEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!l) throw new NotFoundError('榜单', id);
    return l;
  }

  /** Autosave / final-text edit. 409 `ILLEGAL_TRANSITION` when the listing is not editable by the caller now. */
  async update(id: string, dto: ListingFormDto, user: CurrentUser): Promise<ListingEntity> {
    return this.db.transaction(async (em) => {
      const l = await this.lock(em, id);
      const actors = actorsOf(user, { posterOrgId: l.posterOrgId });
      const allowed = LISTING_EDITABLE[l.status] ?? [];
      if (!actors.some((a) => allowed.includes(a))) {
        if (!actors.includes('poster') && !actors.includes('staff')) throw new NotFoundError('榜单', id);
        throw new DomainError(
          HttpStatus.CONFLICT,
          'ILLEGAL_TRANSITION',
          `当前状态(${l.status})不能修改榜单内容`,
          '004 §9',
        );
      }
      assertListingDeclarations(l.kind, declared(dto));
      Object.assign(l, formPatch(dto));
      const saved = await em.getRepository(ListingEntity).save(l);
      if (l.status === ListingStatus.Passed) {
        await this.audit.append(em, {
          entityType: 'listing',
          entityId: id,
          action: 'edit_final_text',
          fromStatus: l.status,
          toStatus: l.status,
          actorUserId: user.id,
          rule: '004 §9(三)',
        });
      }
      return saved;
    });
  }

  /**
   * Moves a listing by `action` (see `LISTING_TRANSITIONS`). Errors: 409 `ILLEGAL_TRANSITION` (wrong state,
   * also the loser of a race), 403 `NOT_ALLOWED_FOR_ROLE`, 400 `REASON_REQUIRED`, 400 `ATTESTATION_REQUIRED`,
   * 422 `FORM_INCOMPLETE` (submit, with the missing fields), 422 eligibility codes (submit).
   */
  async transition(
    id: string,
    action: ListingAction,
    user: CurrentUser,
    opts: { reason?: string; closeReason?: 'taken' | 'expired' | 'withdrawn'; attest?: boolean } = {},
  ): Promise<ListingEntity> {
    const result = await this.db.transaction(async (em) => {
      const l = await this.lock(em, id);
      const actors = actorsOf(user, { posterOrgId: l.posterOrgId });
      if (!actors.length || (actors.length === 1 && actors[0] === 'expert')) throw new NotFoundError('榜单', id);
      const t = findTransition(LISTING_TRANSITIONS, action, l.status, actors);
      if (!t.ok) throw refusalError(t);
      const reason = opts.reason?.trim() || null;
      if (t.reasonRequired && !reason) {
        throw new DomainError(HttpStatus.BAD_REQUEST, 'REASON_REQUIRED', '请填写理由(对方可见)', t.rule);
      }
      const from = l.status;
      if (action === 'submit') {
        if (!opts.attest) {
          throw new DomainError(
            HttpStatus.BAD_REQUEST,
            'ATTESTATION_REQUIRED',
            '提交前须确认内容不涉密、不敏感,知识产权清晰且无争议',
            '004 二.2–3',
          );
        }
        const missing = missingFormFields(l);
        if (missing.length) {
          throw new DomainError(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'FORM_INCOMPLETE',
            `征集表尚未填写完整:${missing.map((m) => FORM_LABELS[m] ?? m).join('、')}`,
            '004 附件1, §9(一)',
            missing.map((m) => ({ property: m, message: `请填写${FORM_LABELS[m] ?? m}` })),
          );
        }
        assertListingDeclarations(l.kind, { hasOwnIp: l.hasOwnIp, suggestedTimeLimit: l.suggestedTimeLimit });
        await this.assertMayPost(l.posterOrgId as string, l.kind);
        l.attestedAt = new Date();
        l.attestedBy = user.id;
        l.rejectionReason = null;
      }
      if (action === 'reject') l.rejectionReason = reason;
      if (action === 'publish') l.publishedAt = new Date();
      if (action === 'withdraw') l.closeReason = 'withdrawn';
      if (action === 'close') {
        if (!opts.closeReason) throw new DomainError(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', '请选择关闭原因');
        l.closeReason = opts.closeReason;
      }
      l.status = t.to;
      const saved = await em.getRepository(ListingEntity).save(l);
      // A published listing is evidence of its poster's field, where the poster declared none (issue 16 item 7).
      if (t.to === ListingStatus.Published && l.posterOrgId) await refreshDerivedFields(em, [l.posterOrgId]);
      await this.audit.append(em, {
        entityType: 'listing',
        entityId: id,
        action,
        fromStatus: from,
        toStatus: t.to,
        actorUserId: user.id,
        reason,
        rule: t.rule,
      });
      // A submitted listing waits for the department's screening (需求论证): its staff are told in this transaction.
      if (t.to === ListingStatus.Submitted) await this.work.entered(em, 'screening', id, user.id);
      if (!actors.includes('poster')) {
        await this.notifications.notifyOrg(
          em,
          l.posterOrgId,
          `榜单状态变更:${l.title}`,
          reason
            ? `${LISTING_STATUS_LABELS[from]} → ${LISTING_STATUS_LABELS[t.to]}。理由:${reason}`
            : `${LISTING_STATUS_LABELS[from]} → ${LISTING_STATUS_LABELS[t.to]}`,
          `/listings/${id}`,
        );
      }
      return { saved, reindex: from === ListingStatus.Published || t.to === ListingStatus.Published };
    });
    if (result.reindex) await this.indexer.enqueueIndex(result.saved);
    return result.saved;
  }

  /** The caller's organisation's listings, newest first. */
  async mine(user: CurrentUser): Promise<ListingSummaryDto[]> {
    if (!user.orgId) return [];
    const rows = await this.db
      .getRepository(ListingEntity)
      .find({ where: { posterOrgId: user.orgId }, order: { updatedAt: 'DESC' } });
    return rows.map(toSummary);
  }

  /**
   * Staff queue by status (default: submitted, screening, passed): work queues oldest first (first in, first
   * screened); published and closed listings newest first.
   */
  async queue(statuses: ListingStatus[]): Promise<ListingSummaryDto[]> {
    const archive = statuses.every((s) => s === ListingStatus.Published || s === ListingStatus.Closed);
    const rows = await this.db.getRepository(ListingEntity).find({
      where: { status: In(statuses) },
      order: { updatedAt: archive ? 'DESC' : 'ASC' },
      take: 500,
    });
    return rows.map(toSummary);
  }

  /** Staff invite an expert to 需求论证 (listing submitted or in screening). 422 `NOT_AN_EXPERT`; 409 `ILLEGAL_TRANSITION`. */
  async inviteExpert(id: string, expertUserId: string, staff: CurrentUser): Promise<void> {
    await this.db.transaction(async (em) => {
      const l = await this.lock(em, id);
      if (l.status !== ListingStatus.Submitted && l.status !== ListingStatus.Screening) {
        throw new DomainError(
          HttpStatus.CONFLICT,
          'ILLEGAL_TRANSITION',
          '只能为待论证或论证中的榜单邀请专家',
          '004 §9(二)',
        );
      }
      await findExpert(em, expertUserId);
      await recordAssignment(
        em,
        { audit: this.audit, notifications: this.notifications, work: this.work },
        {
          subjectType: 'listing',
          subjectId: id,
          status: l.status,
          expertUserId,
          staffId: staff.id,
          action: 'invite_expert',
          rule: '004 §9(二)',
          notice: { title: '需求论证邀请', body: `请对榜单"${l.title}"出具论证意见` },
        },
      );
    });
  }

  /** An invited expert records a screening opinion. 403 when not invited; 409 when not in screening. */
  async recordOpinion(
    id: string,
    dto: { recommendation: 'pass' | 'reject'; opinion: string },
    expert: CurrentUser,
  ): Promise<void> {
    await this.db.transaction(async (em) => {
      const l = await this.lock(em, id);
      const invited = await em.getRepository(ExpertAssignmentEntity).exist({
        where: { subjectType: 'listing', subjectId: id, expertUserId: expert.id },
      });
      if (!invited) throw new DomainError(HttpStatus.FORBIDDEN, 'NOT_INVITED', '您未受邀论证该榜单');
      if (l.status !== ListingStatus.Screening) {
        throw new DomainError(HttpStatus.CONFLICT, 'ILLEGAL_TRANSITION', '榜单不在需求论证阶段', '004 §9(二)');
      }
      await em.query(
        `INSERT INTO screening_opinion (listing_id, expert_user_id, recommendation, opinion) VALUES ($1, $2, $3, $4)
         ON CONFLICT (listing_id, expert_user_id) DO UPDATE SET recommendation = EXCLUDED.recommendation,
           opinion = EXCLUDED.opinion, created_at = now()`,
        [id, expert.id, dto.recommendation, dto.opinion],
      );
      await this.audit.append(em, {
        entityType: 'listing',
        entityId: id,
        action: 'screening_opinion',
        fromStatus: l.status,
        toStatus: l.status,
        actorUserId: expert.id,
        rule: '004 §9(二)',
      });
    });
  }

  /** Listings the expert `user` is invited to screen (`expert_assignment` of subject `listing`), as summaries. */
  async assignedListings(user: CurrentUser): Promise<ListingSummaryDto[]> {
    const rows: { subject_id: string }[] = await this.db.query(
      `SELECT subject_id FROM expert_assignment WHERE subject_type = 'listing' AND expert_user_id = $1`,
      [user.id],
    );
    if (!rows.length) return [];
    return (await this.db.getRepository(ListingEntity).findBy({ id: In(rows.map((r) => r.subject_id)) })).map(
      toSummary,
    );
  }

  /** Screening opinions of a listing (staff). */
  async opinions(id: string): Promise<{ expertName: string; recommendation: string; opinion: string; at: string }[]> {
    const rows = await this.db.getRepository(ScreeningOpinionEntity).find({
      where: { listingId: id },
      relations: { expert: true },
      order: { createdAt: 'ASC' },
    });
    return rows.map((o) => ({
      expertName: o.expert?.displayName ?? '',
      recommendation: o.recommendation,
      opinion: o.opinion,
      at: o.createdAt.toISOString(),
    }));
  }
}
