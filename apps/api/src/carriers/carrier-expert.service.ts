import { Injectable } from '@nestjs/common';
import {
  CarrierExpertInvitationDto,
  CarrierExpertInvitationPageDto,
  CarrierExpertReviewQueryDto,
  CurrentUser,
} from '@jiebang/contracts';
import { DataSource } from 'typeorm';

/**
 * The invited expert's carrier reviews (专家评审, issue 15; RULEBOOK §7; `000` 四.3, `001 §10(二)`): which
 * applications the expert was invited to review and whether the opinion is still due. Read-only; the opinion itself
 * is `CarrierApplicationsService.expertOpinion`.
 */
@Injectable()
export class CarrierExpertService {
  constructor(private readonly db: DataSource) {}

  /**
   * The invitations of `user` (an expert), newest first: `state` `pending` (no opinion yet), `done`, or all;
   * `page` from 1, `pageSize` 20 unless given (≤ 100, checked by the DTO).
   */
  async list(user: CurrentUser, q: CarrierExpertReviewQueryDto): Promise<CarrierExpertInvitationPageDto> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const state =
      q.state === 'pending' ? 'AND r.submitted_at IS NULL' : q.state === 'done' ? 'AND r.submitted_at IS NOT NULL' : '';
    const where = `FROM carrier_expert_review r
       JOIN carrier_application a ON a.id = r.application_id
       JOIN carrier_round cr ON cr.id = a.round_id
       LEFT JOIN organization o ON o.id = a.org_id
       WHERE r.expert_user_id = $1 ${state}`;
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${where}`, [user.id]);
    const rows: {
      id: string;
      application_id: string;
      platform_name: string;
      kind: string;
      intl_base_type: string | null;
      org_name: string | null;
      round_title: string;
      status: string;
      assigned_at: Date;
      submitted_at: Date | null;
      score: number | null;
      recommend: boolean | null;
    }[] = await this.db.query(
      `SELECT r.id, r.application_id, a.platform_name, a.kind, a.intl_base_type, o.name AS org_name,
              cr.title AS round_title, a.status, r.assigned_at, r.submitted_at, r.score, r.recommend
       ${where} ORDER BY r.assigned_at DESC, r.id LIMIT $2 OFFSET $3`,
      [user.id, pageSize, (page - 1) * pageSize],
    );
    const items = rows.map((r): CarrierExpertInvitationDto => ({
      id: r.id,
      applicationId: r.application_id,
      platformName: r.platform_name,
      kind: r.kind,
      intlBaseType: r.intl_base_type,
      orgName: r.org_name ?? '',
      roundTitle: r.round_title,
      status: r.status,
      assignedAt: new Date(r.assigned_at).toISOString(),
      submittedAt: r.submitted_at ? new Date(r.submitted_at).toISOString() : null,
      score: r.score,
      recommend: r.recommend,
    }));
    return { items, total, page, pageSize };
    return { items, total, page, pageSize };
  }
}
