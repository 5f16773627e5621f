import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  APPLICATION_STATUS_LABELS,
  ApplicationStatus,
  CurrentUser,
  EXPERT_RESPONSE_DAYS,
  ExpertInvitationDto,
  ExpertPoolEntryDto,
  ExpertQueryDto,
  Field,
  LISTING_STATUS_LABELS,
  ListingStatus,
} from '@jiebang/contracts';
import { GraphService } from '../graph/graph.service';
import { applicationParties, ExpertConflict, expertConflict } from '../pipeline/expert-assignment';

/** Most experts one pool query returns (the pool is a few hundred people). */
export const EXPERT_POOL_LIMIT = 200;

/** Why an expert must recuse, in words (never the block's code or an article number). */
const CONFLICT_WORDS: Record<string, string> = {
  SAME_ENTITY: '专家所在单位与申报相关单位为同一主体,须回避',
  SUBSIDIARY_OF_POSTER: '专家所在单位控制申报相关单位,须回避',
  CONTROLLER_OF_POSTER: '专家所在单位受申报相关单位控制,须回避',
  COMMON_CONTROLLER: '专家所在单位与申报相关单位受同一单位控制,须回避',
};

/** The plain-Chinese reason of a conflict, naming the organisations on its control path. */
export function conflictReason(c: ExpertConflict): string {
  const names = c.path
    .map((id) => c.orgNames[id])
    .filter((n): n is string => !!n)
    .join(' → ');
  const words = CONFLICT_WORDS[c.code] ?? '专家所在单位与申报相关单位存在关联,须回避';
  return names ? `${words}(${names})` : words;
}

interface PoolRow {
  id: string;
  username: string;
  display_name: string;
  org_id: string | null;
  org_name: string | null;
  disabled_at: Date | null;
  fields: Field[] | null;
  other_fields: string[] | null;
  title: string | null;
  specialities: string[] | null;
  phone: string | null;
  email: string | null;
  available: boolean;
  listing_invitations: number;
  opinions_pass: number;
  opinions_reject: number;
  application_assignments: number;
  scores: number;
}

interface InvitationRow {
  subject_type: 'listing' | 'application';
  subject_id: string;
  title: string;
  status: string;
  done: boolean;
  assigned_at: Date;
}

/**
 * 专家库 — the expert pool (issue 13 item 2): staff search experts by field, availability and words, with each
 * expert's review history; for an application the conflict rule of `expertConflict` (recusal through the control
 * graph, the same rule the assignment enforces) flags who may not be offered. An expert reads its invitations:
 * what each needs from it and by when.
 */
@Injectable()
export class ExpertsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly graph: GraphService,
  ) {}

  /** The experts matching `q` (at most `EXPERT_POOL_LIMIT`, by name), with history and, for an application, conflicts. */
  async pool(q: ExpertQueryDto): Promise<ExpertPoolEntryDto[]> {
    const where = [`u.role = 'expert'`];
    const params: unknown[] = [];
    if (q.field) {
      params.push(q.field);
      where.push(`$${params.length} = ANY(p.fields)`);
    }
    if (q.available === 'true') where.push('COALESCE(p.available, true) AND u.disabled_at IS NULL');
    if (q.available === 'false') where.push('(NOT COALESCE(p.available, true) OR u.disabled_at IS NOT NULL)');
    if (q.q) {
      params.push(`%${q.q.replace(/[%_\\]/g, '\\$&')}%`);
      const n = `$${params.length}`;
      where.push(
        `(u.display_name ILIKE ${n} OR p.title ILIKE ${n} OR array_to_string(p.specialities, ' ') ILIKE ${n}
          OR array_to_string(p.other_fields, ' ') ILIKE ${n} OR o.name ILIKE ${n})`,
      );
    }
    params.push(EXPERT_POOL_LIMIT);
    const rows = (await this.db.query(
      `SELECT u.id, u.username, u.display_name, u.org_id, o.name AS org_name, u.disabled_at,
         p.fields, p.other_fields, p.title, p.specialities, p.phone, p.email, COALESCE(p.available, true) AS available,
         (SELECT count(*)::int FROM expert_assignment a WHERE a.expert_user_id = u.id AND a.subject_type = 'listing')
           AS listing_invitations,
         (SELECT count(*)::int FROM expert_assignment a WHERE a.expert_user_id = u.id AND a.subject_type = 'application')
           AS application_assignments,
         (SELECT count(*)::int FROM screening_opinion s WHERE s.expert_user_id = u.id AND s.recommendation = 'pass')
           AS opinions_pass,
         (SELECT count(*)::int FROM screening_opinion s WHERE s.expert_user_id = u.id AND s.recommendation = 'reject')
           AS opinions_reject,
         (SELECT count(*)::int FROM review_score r WHERE r.expert_user_id = u.id) AS scores
       FROM app_user u
       LEFT JOIN expert_profile p ON p.user_id = u.id
       LEFT JOIN organization o ON o.id = u.org_id
       WHERE ${where.join(' AND ')}
       ORDER BY u.display_name, u.id
       LIMIT $${params.length}`,
      params,
    )) as PoolRow[];
    const parties = q.applicationId ? await applicationParties(this.db.manager, q.applicationId) : null;
    const out: ExpertPoolEntryDto[] = [];
    for (const r of rows) {
      const entry: ExpertPoolEntryDto = {
        id: r.id,
        displayName: r.display_name,
        orgId: r.org_id,
        orgName: r.org_name,
        username: r.username,
        fields: r.fields ?? [],
        otherFields: r.other_fields ?? [],
        title: r.title,
        specialities: r.specialities ?? [],
        phone: r.phone,
        email: r.email,
        available: r.available,
        disabled: r.disabled_at !== null,
        history: {
          listingInvitations: r.listing_invitations,
          opinionsPass: r.opinions_pass,
          opinionsReject: r.opinions_reject,
          applicationAssignments: r.application_assignments,
          scores: r.scores,
        },
      };
      if (parties) {
        const c = await expertConflict(this.graph, r.org_id, parties);
        entry.conflict = c ? conflictReason(c) : null;
      }
      out.push(entry);
    }
    return out;
  }

  /**
   * The caller's invitations, newest first: 需求论证 of listings and 评审 of applications, each with what it still
   * needs (an opinion while the listing is in screening, a score while the application is under review) and by
   * when (`EXPERT_RESPONSE_DAYS` after the invitation).
   */
  async invitations(expert: CurrentUser): Promise<ExpertInvitationDto[]> {
    const rows = (await this.db.query(
      `SELECT a.subject_type, a.subject_id, a.assigned_at, l.title, l.status,
         EXISTS (SELECT 1 FROM screening_opinion s WHERE s.listing_id = l.id AND s.expert_user_id = a.expert_user_id)
           AS done
       FROM expert_assignment a JOIN listing l ON l.id = a.subject_id
       WHERE a.expert_user_id = $1 AND a.subject_type = 'listing'
       UNION ALL
       SELECT a.subject_type, a.subject_id, a.assigned_at, l.title, ap.status,
         EXISTS (SELECT 1 FROM review_score r WHERE r.application_id = ap.id AND r.expert_user_id = a.expert_user_id)
           AS done
       FROM expert_assignment a JOIN application ap ON ap.id = a.subject_id JOIN listing l ON l.id = ap.listing_id
       WHERE a.expert_user_id = $1 AND a.subject_type = 'application'
       ORDER BY assigned_at DESC`,
      [expert.id],
    )) as InvitationRow[];
    return rows.map((r) => {
      const isListing = r.subject_type === 'listing';
      const open = isListing
        ? r.status === ListingStatus.Submitted || r.status === ListingStatus.Screening
        : r.status === ApplicationStatus.Submitted || r.status === ApplicationStatus.UnderReview;
      let needs: string | null = null;
      if (!r.done && open) {
        if (isListing) needs = '提交需求论证意见(通过或不通过,并写明意见)';
        else if (r.status === ApplicationStatus.UnderReview) needs = '按四项评分标准打分并填写评审意见';
        else needs = '评审尚未开始,开始后请按四项评分标准打分';
      }
      const due = new Date(r.assigned_at.getTime() + EXPERT_RESPONSE_DAYS * 86_400_000);
      return {
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        title: r.title,
        kind: isListing ? '需求论证' : '评审',
        status: isListing
          ? (LISTING_STATUS_LABELS[r.status as ListingStatus] ?? r.status)
          : (APPLICATION_STATUS_LABELS[r.status as ApplicationStatus] ?? r.status),
        needs,
        dueAt: needs ? due.toISOString() : null,
        done: r.done,
        invitedAt: r.assigned_at.toISOString(),
      };
    });
  }
}
