/**
 * Negotiation endpoints of the API client (组织对接洽谈): my rooms, a room by application, message attachments,
 * staff actions.
 */
import type { MessageDto, NegotiationDto, ReasonDto } from '@jiebang/contracts';
import {
  applicationPath,
  negotiationPath,
  requestBlob,
  requestJson,
  sendMultipartJson,
  type UploadAttachmentOptions,
} from './core';

/** One of my negotiations with its count of unread messages. */
export type MyNegotiation = NegotiationDto & { unread: number };

/** `GET /api/v1/my/negotiations` — the negotiations I take part in (or broker), with unread counts. */
export function getMyNegotiations(signal?: AbortSignal): Promise<MyNegotiation[]> {
  return requestJson<MyNegotiation[]>('/my/negotiations', { signal });
}

/** `GET /api/v1/applications/:id/negotiation` — the negotiation room of a recommended application. */
export function getApplicationNegotiation(applicationId: string, signal?: AbortSignal): Promise<NegotiationDto> {
  return requestJson<NegotiationDto>(applicationPath(applicationId, '/negotiation'), { signal });
}

/** The file attached to a negotiation message (declared here until the contracts' `MessageDto` carries it). */
export interface MessageAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

/** A negotiation message with its attachment, if any. */
export type RoomMessage = MessageDto & { attachment?: MessageAttachment | null };

/**
 * `POST /api/v1/negotiations/:id/attachments` (room members, room open) — multipart with `file`; the new message
 * (also broadcast to the room). 400 `ATTACHMENT_TYPE_NOT_ALLOWED` / `ATTACHMENT_EMPTY`, 413
 * `ATTACHMENT_TOO_LARGE`, 409 `NEGOTIATION_NOT_OPEN`, 403 `NOT_A_MEMBER`.
 */
export function uploadNegotiationAttachment(
  negotiationId: string,
  file: File,
  opts: UploadAttachmentOptions = {},
): Promise<{ message: RoomMessage }> {
  const body = new FormData();
  body.append('file', file, file.name);
  return sendMultipartJson<{ message: RoomMessage }>(negotiationPath(negotiationId, '/attachments'), body, opts);
}

/** `GET /api/v1/negotiations/:id/attachments/:attachmentId/download` (members) — the file's content. */
export function downloadNegotiationAttachment(
  negotiationId: string,
  attachmentId: string,
  signal?: AbortSignal,
): Promise<Blob> {
  return requestBlob(negotiationPath(negotiationId, `/attachments/${encodeURIComponent(attachmentId)}/download`), {
    signal,
  });
}

/** Staff actions on a negotiation room. */
export type NegotiationStaffAction = 'pause' | 'resume' | 'close';

/** `POST /api/v1/negotiations/:id/pause|resume|close` (staff brokers) — with a required reason. */
export function negotiationStaffAction(
  id: string,
  action: NegotiationStaffAction,
  body: ReasonDto,
): Promise<NegotiationDto> {
  return requestJson<NegotiationDto>(`/negotiations/${encodeURIComponent(id)}/${action}`, { method: 'POST', body });
}
