/**
 * Application endpoints of the API client (揭榜申报 and 评审推荐) and the notifications.
 */
import type {
  ApplicationDto,
  AssignExpertDto,
  AuditEntryDto,
  CreateApplicationDto,
  DeclineDto,
  NotificationDto,
  ReasonDto,
  ScoreDto,
} from '@jiebang/contracts';
import { requestJson, listingPath, applicationPath } from './core';

/** `POST /api/v1/applications` — 422 `INELIGIBLE` (blocks with paths), 409 `APPLICATION_EXISTS`. */
export function createApplication(body: CreateApplicationDto): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>('/applications', { method: 'POST', body });
}

/** `GET /api/v1/my/applications`. */
export function getMyApplications(signal?: AbortSignal): Promise<ApplicationDto[]> {
  return requestJson<ApplicationDto[]>('/my/applications', { signal });
}

/** `GET /api/v1/applications/:id`. */
export function getApplication(id: string, signal?: AbortSignal): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id), { signal });
}

/** `POST /api/v1/applications/:id/consent` (a user of a consortium member). */
export function consentApplication(id: string): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/consent'), { method: 'POST' });
}

/** `POST /api/v1/applications/:id/withdraw` (the lead applicant). */
export function withdrawApplication(id: string, body: ReasonDto): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/withdraw'), { method: 'POST', body });
}

/** `GET /api/v1/listings/:id/applications` (staff, and the poster). */
export function getListingApplications(id: string, signal?: AbortSignal): Promise<ApplicationDto[]> {
  return requestJson<ApplicationDto[]>(listingPath(id, '/applications'), { signal });
}

/** `POST /api/v1/applications/:id/review` (staff) — submitted → under_review. */
export function startReview(id: string): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/review'), { method: 'POST' });
}

/** `POST /api/v1/applications/:id/experts` (staff) — 422 `EXPERT_CONFLICT` with `details.path`. */
export function assignApplicationExpert(id: string, body: AssignExpertDto): Promise<unknown> {
  return requestJson<unknown>(applicationPath(id, '/experts'), { method: 'POST', body });
}

/** `POST /api/v1/applications/:id/scores` (assigned expert). */
export function submitScores(id: string, body: ScoreDto): Promise<unknown> {
  return requestJson<unknown>(applicationPath(id, '/scores'), { method: 'POST', body });
}

/** `POST /api/v1/applications/:id/recommend` (staff). */
export function recommendApplication(id: string, body: ReasonDto): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/recommend'), { method: 'POST', body });
}

/** `POST /api/v1/applications/:id/decline` (staff) — structured code + reason. */
export function declineApplication(id: string, body: DeclineDto): Promise<ApplicationDto> {
  return requestJson<ApplicationDto>(applicationPath(id, '/decline'), { method: 'POST', body });
}

/** `GET /api/v1/applications/:id/history` (staff and the parties). */
export function getApplicationHistory(id: string, signal?: AbortSignal): Promise<AuditEntryDto[]> {
  return requestJson<AuditEntryDto[]>(applicationPath(id, '/history'), { signal });
}

// ---- Notifications ----

/** `GET /api/v1/notifications` — newest first. */
export function getNotifications(signal?: AbortSignal): Promise<NotificationDto[]> {
  return requestJson<NotificationDto[]>('/notifications', { signal });
}

/** `POST /api/v1/notifications/:id/read`. */
export function markNotificationRead(id: string): Promise<unknown> {
  return requestJson<unknown>(`/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
}
