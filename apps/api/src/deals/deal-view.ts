import { EntityManager } from 'typeorm';
import { DEAL_STATUS_LABELS, DealAttachmentDto, DealDto, SubsidyDto } from '@jiebang/contracts';
import { DEFAULT_NOTICE_WORKING_DAYS, PAYABILITY_RULE, subsidyModeFor } from '@jiebang/policy';
import { readAll } from '../database/read-all';
import { DealCtx, toAttachment } from './deal-common';
import { payability } from './deal-payability';
import {
  AcceptanceOpinionEntity,
  DealAttachmentEntity,
  DealChangeEntity,
  FundingInstallmentEntity,
  MilestoneEntity,
  SubsidyEntity,
} from './deal.entity';

/** The read model of one deal: the `DealDto` assembled from the deal row and its children. */

/**
 * The full `DealDto` of a deal for the caller in `c` (amounts in fen as integer strings): its notice, signing,
 * installments, milestones, acceptance, changes and subsidies. Objectors' names, the file list and the
 * payability are shown to the parties and staff only.
 */
export async function dealDto(em: EntityManager, c: DealCtx): Promise<DealDto> {
  const d = c.deal;
  const [meta] = await em.query(
    `SELECT l.title, p.name AS poster, t.name AS taker, (SELECT n.id FROM negotiation n WHERE n.application_id = d.application_id) AS negotiation_id
     FROM deal d JOIN listing l ON l.id = d.listing_id JOIN organization p ON p.id = d.poster_org_id
     JOIN organization t ON t.id = d.taker_org_id WHERE d.id = $1`,
    [d.id],
  );
  const attachments = await em
    .getRepository(DealAttachmentEntity)
    .find({ where: { dealId: d.id }, order: { createdAt: 'ASC' } });
  const byId = new Map(attachments.map((a) => [a.id, toAttachment(a)]));
  const party = c.roles.length > 0;
  // In parallel on the pool, one after another in a transaction (one connection: see readAll).
  const [objections, installments, milestones, opinions, changes, subsidies] = await readAll(em, [
    () =>
      em.query(
        `SELECT o.*, u.display_name FROM objection o JOIN app_user u ON u.id = o.lodged_by WHERE o.deal_id = $1 ORDER BY o.created_at`,
        [d.id],
      ) as Promise<(Record<string, unknown> & { display_name: string })[]>,
    () => em.getRepository(FundingInstallmentEntity).find({ where: { dealId: d.id }, order: { seq: 'ASC' } }),
    () => em.getRepository(MilestoneEntity).find({ where: { dealId: d.id }, order: { seq: 'ASC' } }),
    () => em.getRepository(AcceptanceOpinionEntity).find({ where: { dealId: d.id }, order: { createdAt: 'ASC' } }),
    () => em.getRepository(DealChangeEntity).find({ where: { dealId: d.id }, order: { createdAt: 'ASC' } }),
    () => subsidyDtos(em, d.id),
  ]);
  const received = installments
    .filter((i) => i.status === 'confirmed')
    .reduce((sum, i) => sum + BigInt(i.amountFen), 0n);
  return {
    id: d.id,
    applicationId: d.applicationId,
    agreementDraftId: d.agreementDraftId,
    negotiationId: meta?.negotiation_id ?? null,
    listingId: d.listingId,
    listingTitle: meta?.title ?? '',
    kind: d.kind,
    posterOrgId: d.posterOrgId,
    posterName: meta?.poster ?? '',
    takerOrgId: d.takerOrgId,
    takerName: meta?.taker ?? '',
    status: d.status,
    statusLabel: DEAL_STATUS_LABELS[d.status],
    terms: d.terms,
    amountFen: String(d.amountFen),
    notice:
      d.noticeOpenedAt && d.noticeEndsAt
        ? {
            workingDays: d.noticeWorkingDays ?? DEFAULT_NOTICE_WORKING_DAYS,
            openedAt: d.noticeOpenedAt.toISOString(),
            firstDay: d.noticeFirstDay ?? '',
            lastDay: d.noticeLastDay ?? '',
            endsAt: d.noticeEndsAt.toISOString(),
            provisional: d.noticeProvisional,
            reviewNote: d.noticeReviewNote ?? '',
          }
        : null,
    contractRegistrationNo: d.contractRegistrationNo,
    taskBookNo: d.taskBookNo,
    signedOn: d.signedOn,
    plannedEndOn: d.plannedEndOn,
    totalRdInvestmentFen: d.totalRdInvestmentFen === null ? null : String(d.totalRdInvestmentFen),
    receivedFen: String(received),
    acceptance: {
      status: d.acceptanceStatus,
      note: d.acceptanceNote,
      opinions: opinions.map((o) => ({
        id: o.id,
        expertName: o.expertName,
        conclusion: o.conclusion,
        opinion: o.opinion,
        recordedBy: o.recordedBy,
        createdAt: o.createdAt.toISOString(),
      })),
    },
    benefit: {
      confirmed: !!d.benefitConfirmedAt,
      note: d.benefitNote,
      confirmedAt: d.benefitConfirmedAt?.toISOString() ?? null,
    },
    recoveryFen: d.recoveryFen === null ? null : String(d.recoveryFen),
    objections: objections.map((o) => ({
      id: o.id as string,
      lodgedByUserId: o.lodged_by as string,
      lodgedByName: party ? o.display_name : null,
      reasons: o.reasons as string,
      evidence: ((o.evidence_attachment_ids as string[]) ?? [])
        .map((a) => byId.get(a))
        .filter((a): a is DealAttachmentDto => !!a),
      status: o.status as 'open' | 'dismissed' | 'upheld',
      outcome: (o.outcome as 'renegotiate' | 'terminate' | null) ?? null,
      resolution: (o.resolution as string | null) ?? null,
      resolvedAt: o.resolved_at ? new Date(o.resolved_at as string).toISOString() : null,
      createdAt: new Date(o.created_at as string).toISOString(),
    })),
    installments: installments.map((i) => ({
      id: i.id,
      seq: i.seq,
      amountFen: String(i.amountFen),
      paidOn: i.paidOn,
      voucher: byId.get(i.voucherAttachmentId) ?? null,
      status: i.status,
      note: i.note,
      reviewNote: i.reviewNote,
      recordedBy: i.recordedBy,
      reviewedBy: i.reviewedBy,
      createdAt: i.createdAt.toISOString(),
    })),
    milestones: milestones.map((m) => ({
      id: m.id,
      seq: m.seq,
      title: m.title,
      dueOn: m.dueOn,
      amountFen: String(m.amountFen),
      status: m.status,
      report: m.report,
      evidence: m.evidenceAttachmentId ? (byId.get(m.evidenceAttachmentId) ?? null) : null,
      reviewNote: m.reviewNote,
      reviewedBy: m.reviewedBy,
    })),
    changes: changes.map((ch) => ({
      id: ch.id,
      kind: ch.kind,
      requestedBySide: ch.requestedBySide,
      reason: ch.reason,
      newEndOn: ch.newEndOn,
      posterAgreed: ch.posterAgreed,
      takerAgreed: ch.takerAgreed,
      status: ch.status,
      decisionNote: ch.decisionNote,
      auditedSpentFen: ch.auditedSpentFen === null ? null : String(ch.auditedSpentFen),
      recoveryFen: ch.recoveryFen === null ? null : String(ch.recoveryFen),
      createdAt: ch.createdAt.toISOString(),
    })),
    subsidies,
    attachments: party ? [...byId.values()] : [],
    payability: party
      ? await payability(em, d)
      : { payable: false, code: null, message: null, rule: PAYABILITY_RULE[subsidyModeFor(d.kind)] },
    myRoles: c.roles,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** The subsidies of a deal with their proposer's and approver's names, oldest first. */
export async function subsidyDtos(em: EntityManager, dealId: string): Promise<SubsidyDto[]> {
  const rows: (SubsidyEntity & { proposer_name: string | null; approver_name: string | null })[] = await em.query(
    `SELECT s.id, s.mode, s.base_fen AS "baseFen", s.rate_bp AS "rateBp", s.cap_fen AS "capFen", s.subsidy_fen AS "subsidyFen",
            s.cap_applied AS "capApplied", s.rule, s.steps, s.evidence, s.case_by_case_cap_fen AS "caseByCaseCapFen",
            s.case_by_case_reason AS "caseByCaseReason", s.status, s.proposed_by AS "proposedBy", s.approved_by AS "approvedBy",
            s.reject_reason AS "rejectReason", to_char(s.disbursed_on, 'YYYY-MM-DD') AS "disbursedOn",
            s.disbursement_ref AS "disbursementRef", s.created_at AS "createdAt",
            p.display_name AS proposer_name, a.display_name AS approver_name
     FROM subsidy s JOIN app_user p ON p.id = s.proposed_by LEFT JOIN app_user a ON a.id = s.approved_by
     WHERE s.deal_id = $1 ORDER BY s.created_at`,
    [dealId],
  );
  return rows.map((s) => ({
    id: s.id,
    mode: s.mode,
    baseFen: String(s.baseFen),
    rateBp: s.rateBp,
    capFen: String(s.capFen),
    subsidyFen: String(s.subsidyFen),
    capApplied: s.capApplied,
    rule: s.rule,
    steps: s.steps,
    evidence: s.evidence,
    caseByCase: s.caseByCaseCapFen
      ? {
          capFen: String(s.caseByCaseCapFen),
          reason: s.caseByCaseReason ?? '',
          decidedBy: s.proposedBy,
          approvedBy: s.approvedBy,
        }
      : null,
    status: s.status,
    proposedBy: s.proposedBy,
    proposedByName: s.proposer_name,
    approvedBy: s.approvedBy,
    approvedByName: s.approver_name,
    rejectReason: s.rejectReason,
    disbursedOn: s.disbursedOn,
    disbursementRef: s.disbursementRef,
    createdAt: new Date(s.createdAt).toISOString(),
  }));
}
