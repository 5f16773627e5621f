/**
 * The calls of the deal lifecycle (`/api/v1/deals/**`, `/notices`, `/policy/subsidy`; seed `004 §9(七)–(八)`,
 * `§10–§16`): list, read, history, attachments and every action a party or the staff takes on a deal. Each returns
 * the deal as it is after the action and throws `ApiError` with the server's code when refused.
 */
import {
  DealStatus,
  type AcceptanceOpinionDto,
  type AuditEntryDto,
  type ConcludeAcceptanceDto,
  type ConfirmBenefitDto,
  type DealAttachmentDto,
  type DealAttachmentPurpose,
  type DealDto,
  type DealPageDto,
  type DealQueryDto,
  type DealSummaryDto,
  type DecideChangeDto,
  type DisburseSubsidyDto,
  type LodgeObjectionDto,
  type OpenNoticeDto,
  type ProposeSubsidyDto,
  type RecordInstallmentDto,
  type RejectSubsidyDto,
  type RequestChangeDto,
  type ResolveObjectionDto,
  type ReviewInstallmentDto,
  type ReviewMilestoneDto,
  type SignDealDto,
  type SubmitMilestoneDto,
  type SubsidyPreviewDto,
} from '@jiebang/contracts';
import { getJson, requestBlob, requestJson, toQueryString } from '../../api/client';

// ---- API ----

/** A staff work queue of `GET /deals?queue=`. */
export type DealQueue = NonNullable<DealQueryDto['queue']>;

/** Query of `GET /api/v1/deals`. */
export interface DealListParams {
  status?: DealStatus;
  queue?: DealQueue;
  page?: number;
  pageSize?: number;
}

/** `/deals/:id` + `suffix`, with the id encoded. */
export function dealApiPath(id: string, suffix = ''): string {
  return `/deals/${encodeURIComponent(id)}${suffix}`;
}

/** The web route of a deal page. */
export function dealPagePath(id: string): string {
  return `/deals/${encodeURIComponent(id)}`;
}

/** `GET /api/v1/deals` — staff see every deal (or a work queue), organisation users their own deals. */
export function listDeals(params: DealListParams, signal?: AbortSignal): Promise<DealPageDto> {
  return requestJson<DealPageDto>(`/deals${toQueryString(params)}`, { signal });
}

/** `GET /api/v1/deals/:id` — the deal with everything its parties and staff may see. */
export function getDeal(id: string, signal?: AbortSignal): Promise<DealDto> {
  return requestJson<DealDto>(dealApiPath(id), { signal });
}

/** `GET /api/v1/deals/:id/timeline` — the deal's full history, oldest first. */
export function getDealTimeline(id: string, signal?: AbortSignal): Promise<AuditEntryDto[]> {
  return requestJson<AuditEntryDto[]>(dealApiPath(id, '/timeline'), { signal });
}

/** `GET /api/v1/deals/:id/history.csv|.xlsx` (staff) — the auditor's export of the history. */
export function downloadDealHistory(id: string, format: 'csv' | 'xlsx'): Promise<Blob> {
  return requestBlob(dealApiPath(id, `/history.${format}`));
}

/** `GET /api/v1/notices` (public) — deals on notice or frozen by an objection. */
export function getNotices(signal?: AbortSignal): Promise<DealSummaryDto[]> {
  return getJson<DealSummaryDto[]>('/notices', signal);
}

/** `GET /api/v1/policy/subsidy` (public) — the subsidy a base would give, explained step by step. */
export function getSubsidyPreview(
  kind: 'challenge' | 'achievement',
  baseYuan: string,
  signal?: AbortSignal,
): Promise<SubsidyPreviewDto> {
  return getJson<SubsidyPreviewDto>(`/policy/subsidy${toQueryString({ kind, baseYuan })}`, signal);
}

/**
 * `POST /api/v1/deals/:id/attachments` — multipart `purpose` + `file`; 400 `ATTACHMENT_TYPE_NOT_ALLOWED` /
 * `ATTACHMENT_EMPTY`, 413 `ATTACHMENT_TOO_LARGE`.
 */
export function uploadDealAttachment(
  id: string,
  purpose: DealAttachmentPurpose,
  file: File,
): Promise<DealAttachmentDto> {
  const body = new FormData();
  // `purpose` first, so that a streaming multipart parser knows it before the file arrives.
  body.append('purpose', purpose);
  body.append('file', file, file.name);
  return requestJson<DealAttachmentDto>(dealApiPath(id, '/attachments'), { method: 'POST', body });
}

/** `GET /api/v1/deals/:id/attachments/:attachmentId/download` — the file's content (saved, never shown inline). */
export function downloadDealAttachment(id: string, attachmentId: string): Promise<Blob> {
  return requestBlob(dealApiPath(id, `/attachments/${encodeURIComponent(attachmentId)}/download`));
}

/** POSTs a deal action; every write endpoint answers with the updated deal. */
function post(id: string, suffix: string, body?: object): Promise<DealDto> {
  return requestJson<DealDto>(dealApiPath(id, suffix), { method: 'POST', body: body ?? {} });
}

/** `POST /deals/:id/notice` (staff) — the agreement reviewed, the 公示 opens. */
export function openNotice(id: string, body: OpenNoticeDto): Promise<DealDto> {
  return post(id, '/notice', body);
}

/** `POST /deals/:id/objections` (any signed-in user while on notice or frozen). */
export function lodgeObjection(id: string, body: LodgeObjectionDto): Promise<DealDto> {
  return post(id, '/objections', body);
}

/** `POST /deals/:id/objections/:objectionId/resolve` (staff). */
export function resolveObjection(id: string, objectionId: string, body: ResolveObjectionDto): Promise<DealDto> {
  return post(id, `/objections/${encodeURIComponent(objectionId)}/resolve`, body);
}

/** `POST /deals/:id/sign` (staff) — the signed 揭榜协议 and 任务书 are registered. */
export function signDeal(id: string, body: SignDealDto): Promise<DealDto> {
  return post(id, '/sign', body);
}

/** `POST /deals/:id/installments` (the poster) — an installment paid, with its voucher. */
export function recordInstallment(id: string, body: RecordInstallmentDto): Promise<DealDto> {
  return post(id, '/installments', body);
}

/** `POST /deals/:id/installments/:installmentId/review` (staff) — confirmed against the voucher, or rejected. */
export function reviewInstallment(id: string, installmentId: string, body: ReviewInstallmentDto): Promise<DealDto> {
  return post(id, `/installments/${encodeURIComponent(installmentId)}/review`, body);
}

/** `POST /deals/:id/milestones/:milestoneId/submit` (the taker). */
export function submitMilestone(id: string, milestoneId: string, body: SubmitMilestoneDto): Promise<DealDto> {
  return post(id, `/milestones/${encodeURIComponent(milestoneId)}/submit`, body);
}

/** `POST /deals/:id/milestones/:milestoneId/review` (staff). */
export function reviewMilestone(id: string, milestoneId: string, body: ReviewMilestoneDto): Promise<DealDto> {
  return post(id, `/milestones/${encodeURIComponent(milestoneId)}/review`, body);
}

/** `POST /deals/:id/acceptance/opinions` (staff) — one expert's acceptance opinion. */
export function addAcceptanceOpinion(id: string, body: AcceptanceOpinionDto): Promise<DealDto> {
  return post(id, '/acceptance/opinions', body);
}

/** `POST /deals/:id/acceptance/conclude` (staff). */
export function concludeAcceptance(id: string, body: ConcludeAcceptanceDto): Promise<DealDto> {
  return post(id, '/acceptance/conclude', body);
}

/** `POST /deals/:id/benefit` (staff; achievements) — the economic benefit confirmed. */
export function confirmBenefit(id: string, body: ConfirmBenefitDto): Promise<DealDto> {
  return post(id, '/benefit', body);
}

/** `POST /deals/:id/changes` (poster or taker) — ask for an extension or a termination. */
export function requestChange(id: string, body: RequestChangeDto): Promise<DealDto> {
  return post(id, '/changes', body);
}

/** `POST /deals/:id/changes/:changeId/agree` (the other party). */
export function agreeChange(id: string, changeId: string): Promise<DealDto> {
  return post(id, `/changes/${encodeURIComponent(changeId)}/agree`);
}

/** `POST /deals/:id/changes/:changeId/decide` (staff). */
export function decideChange(id: string, changeId: string, body: DecideChangeDto): Promise<DealDto> {
  return post(id, `/changes/${encodeURIComponent(changeId)}/decide`, body);
}

/** `POST /deals/:id/subsidy` (staff broker) — propose the subsidy. */
export function proposeSubsidy(id: string, body: ProposeSubsidyDto): Promise<DealDto> {
  return post(id, '/subsidy', body);
}

/** `POST /deals/:id/subsidy/:subsidyId/approve` (a staff approver other than the proposer; `SAME_APPROVER`). */
export function approveSubsidy(id: string, subsidyId: string): Promise<DealDto> {
  return post(id, `/subsidy/${encodeURIComponent(subsidyId)}/approve`);
}

/** `POST /deals/:id/subsidy/:subsidyId/reject` (staff approver). */
export function rejectSubsidy(id: string, subsidyId: string, body: RejectSubsidyDto): Promise<DealDto> {
  return post(id, `/subsidy/${encodeURIComponent(subsidyId)}/reject`, body);
}

/** `POST /deals/:id/subsidy/:subsidyId/disburse` (staff) — the disbursement recorded. */
export function disburseSubsidy(id: string, subsidyId: string, body: DisburseSubsidyDto): Promise<DealDto> {
  return post(id, `/subsidy/${encodeURIComponent(subsidyId)}/disburse`, body);
}
