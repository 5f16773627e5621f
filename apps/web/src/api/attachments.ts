/**
 * Listing-attachment endpoints of the API client (知识产权证明, 支撑材料): upload with progress, list, download, delete.
 */
import type { AttachmentDto, AttachmentKind } from '@jiebang/contracts';
import {
  requestJson,
  requestBlob,
  listingPath,
  attachmentPath,
  sendMultipartJson,
  type UploadAttachmentOptions,
} from './core';

/**
 * `POST /api/v1/listings/:id/attachments` (the poster's users, while the listing is editable) — multipart with
 * `kind` and `file`; 400 `ATTACHMENT_TYPE_NOT_ALLOWED` / `ATTACHMENT_EMPTY`, 413 `ATTACHMENT_TOO_LARGE`,
 * 409 `ILLEGAL_TRANSITION`.
 */
export function uploadAttachment(
  listingId: string,
  kind: AttachmentKind,
  file: File,
  opts: UploadAttachmentOptions = {},
): Promise<AttachmentDto> {
  const body = new FormData();
  // `kind` goes first so that a streaming multipart parser knows it before the file arrives.
  body.append('kind', kind);
  body.append('file', file, file.name);
  return sendMultipartJson<AttachmentDto>(listingPath(listingId, '/attachments'), body, opts);
}

/** `GET /api/v1/listings/:id/attachments` — the attachments the caller may see (public ones without a session). */
export function getListingAttachments(listingId: string, signal?: AbortSignal): Promise<AttachmentDto[]> {
  return requestJson<AttachmentDto[]>(listingPath(listingId, '/attachments'), { signal, auth: 'optional' });
}

/** `GET /api/v1/attachments/:id/download` — the file's content (saved by the caller, never shown inline). */
export function downloadAttachment(id: string, signal?: AbortSignal): Promise<Blob> {
  return requestBlob(attachmentPath(id, '/download'), { signal, auth: 'optional' });
}

/** `DELETE /api/v1/attachments/:id` (the poster's users, while the listing is editable) — 204. */
export function deleteAttachment(id: string): Promise<void> {
  return requestJson<void>(attachmentPath(id), { method: 'DELETE' });
}
