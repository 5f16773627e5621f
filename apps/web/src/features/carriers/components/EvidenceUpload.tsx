/**
 * 证明材料 of a carrier application (issue 15; `000` 三, `001 §10(一)`): each required evidence item of the round's
 * rule set with its files — several per item — a download link for each and, while the application is a draft (or
 * returned), an upload button per item and a confirmed 删除 per file (`MaterialFiles`, `data-testid` prefix
 * `evidence`). An item counts on submission only with a file; the old typed reference is shown as a note.
 */
import { ErrorCode } from '@jiebang/contracts';
import type { components } from '../../../../generated/openapi-schema';
import { ApiError } from '../../../api/errors';
import { api, unwrap } from '../../../api/http';
import { invalidate } from '../../../api/query';
import { sendMultipartJson } from '../../../api/upload';
import { FileDownloadButton } from '../../listings/components/FileDownloadButton';
import { errorText } from '../../../shared/lib/apiErrors';
import { ATTACHMENT_MAX_TEXT, ATTACHMENT_TYPES_TEXT, uploadErrorMessage } from '../../listings/lib/attachments';
import { MaterialFiles } from './MaterialFiles';

type EvidenceItem = components['schemas']['CarrierEvidenceItemDto'];
type EvidenceFile = components['schemas']['CarrierEvidenceFileDto'];

/** `POST /api/v1/carriers/applications/:id/evidence/:key` multipart `file`, with the upload's progress. */
export function uploadEvidenceFile(
  applicationId: string,
  key: string,
  file: File,
  onProgress?: (percent: number) => void,
): Promise<EvidenceFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  return sendMultipartJson<EvidenceFile>(
    `/carriers/applications/${encodeURIComponent(applicationId)}/evidence/${encodeURIComponent(key)}`,
    body,
    { onProgress },
  );
}

/** Why an upload of `filename` was refused, saying what to fix. */
export function evidenceUploadError(err: unknown, filename: string): string {
  if (err instanceof ApiError) {
    if (err.code === ErrorCode.ILLEGAL_TRANSITION) return `申报书已提交,不能再上传材料,“${filename}”未上传。`;
    if (err.code === ErrorCode.CARRIER_EVIDENCE_NOT_ALLOWED || err.code === ErrorCode.CARRIER_EVIDENCE_KEY_UNKNOWN)
      return `“${filename}”未上传:${errorText(err, '无权上传')}`;
  }
  return uploadErrorMessage(err, filename);
}

/** Refetches the application (its evidence items come with it). */
function evidenceChanged(): Promise<void> {
  return invalidate('/api/v1/carriers/applications/{id}', '/api/v1/carriers/applications/{id}/evidence');
}

/** One evidence file's bytes. */
async function evidenceBlob(applicationId: string, fileId: string): Promise<Blob> {
  return (await unwrap(
    api.GET('/api/v1/carriers/applications/{id}/evidence/{fileId}/download', {
      params: { path: { id: applicationId, fileId } },
      parseAs: 'blob',
    }),
  )) as Blob;
}

/** A link-style button downloading one evidence file. */
export function EvidenceFileLink({ applicationId, file }: { applicationId: string; file: EvidenceFile }) {
  return (
    <FileDownloadButton
      file={file}
      fallbackName={`材料-${file.id}`}
      testId="evidence-file-download"
      fetchBlob={() => evidenceBlob(applicationId, file.id)}
    />
  );
}

/** Props of `EvidenceUpload`. */
export interface EvidenceUploadProps {
  applicationId: string;
  items: EvidenceItem[];
  /** Draft or returned: upload and delete allowed. */
  editable: boolean;
}

/** The evidence items of an application with their files (upload and delete while editable): `MaterialFiles`. */
export function EvidenceUpload({ applicationId, items, editable }: EvidenceUploadProps) {
  return (
    <MaterialFiles
      items={items}
      editable={editable}
      testIdPrefix="evidence"
      hint={`每项材料可上传多个文件,支持 ${ATTACHMENT_TYPES_TEXT},单个不超过 ${ATTACHMENT_MAX_TEXT};每项至少上传一个文件后方可提交。`}
      emptyText="本批次规则集未列出须上传的证明材料"
      fallbackPrefix="材料"
      upload={(key, file, onProgress) => uploadEvidenceFile(applicationId, key, file, onProgress)}
      remove={(f) =>
        unwrap(
          api.DELETE('/api/v1/carriers/applications/{id}/evidence/{fileId}', {
            params: { path: { id: applicationId, fileId: f.id } },
          }),
        )
      }
      download={(f) => evidenceBlob(applicationId, f.id)}
      onChanged={evidenceChanged}
      uploadError={evidenceUploadError}
    />
  );
}
