/**
 * The materials of a 技术创新中心's 考核申请 (issue 15 §4; `003 §20`; `ESTABLISHMENT_MATERIALS`): the 总结报告
 * (required before submission) and 佐证材料. The centre uploads and removes its draft files while it may change them
 * (筹建, no 考核申请 awaiting its 组织单位 or agreed); each 考核申请 lists the files submitted with it, downloaded by
 * the centre, its 组织单位 and staff (`MaterialFiles`; the server refuses anyone else with 403).
 */
import { ErrorCode, ESTABLISHMENT_MATERIALS } from '@jiebang/contracts';
import type { components } from '../../../../generated/openapi-schema';
import { ApiError } from '../../../api/errors';
import { api, unwrap } from '../../../api/http';
import { $api, invalidate } from '../../../api/query';
import { sendMultipartJson } from '../../../api/upload';
import { errorText } from '../../../shared/lib/apiErrors';
import { ATTACHMENT_MAX_TEXT, ATTACHMENT_TYPES_TEXT, uploadErrorMessage } from '../../listings/lib/attachments';
import { MaterialFiles, type MaterialFile } from './MaterialFiles';

type EstablishmentFile = components['schemas']['EstablishmentFileDto'];

/** The centre's draft materials (`GET /carriers/:id/establishment-materials`). */
export function useDraftMaterials(carrierId: string) {
  return $api.useQuery('get', '/api/v1/carriers/{id}/establishment-materials', {
    params: { path: { id: carrierId } },
  });
}

/** The labels of the required materials without a file in `items` (what submission still needs). */
export function missingMaterials(items: readonly { key: string; required: boolean; files: unknown[] }[]): string[] {
  return ESTABLISHMENT_MATERIALS.filter(
    (m) => m.required && !items.some((i) => i.key === m.key && i.files.length > 0),
  ).map((m) => m.label);
}

/** Why an upload of `filename` was refused, saying what to fix. */
function materialUploadError(err: unknown, filename: string): string {
  if (err instanceof ApiError) {
    if (err.code === ErrorCode.CARRIER_ESTABLISHMENT_REQUEST_OPEN || err.code === ErrorCode.ILLEGAL_TRANSITION)
      return `考核申请已提交,材料不能再更改,“${filename}”未上传。`;
    if (
      err.code === ErrorCode.CARRIER_ESTABLISHMENT_FILES_NOT_ALLOWED ||
      err.code === ErrorCode.CARRIER_ESTABLISHMENT_MATERIAL_UNKNOWN
    )
      return `“${filename}”未上传:${errorText(err, '无权上传')}`;
  }
  return uploadErrorMessage(err, filename);
}

/** One material file's bytes. */
async function materialBlob(carrierId: string, file: MaterialFile): Promise<Blob> {
  return (await unwrap(
    api.GET('/api/v1/carriers/{id}/establishment-materials/{fileId}/download', {
      params: { path: { id: carrierId, fileId: file.id } },
      parseAs: 'blob',
    }),
  )) as Blob;
}

const changed = () =>
  invalidate('/api/v1/carriers/{id}/establishment-materials', '/api/v1/carriers/{id}/establishment-requests');

/** Nothing to upload or delete where the list is read-only. */
const readOnly = () => Promise.reject(new Error('read-only'));

/** The centre's draft materials with upload and delete (while the server says it may change them). */
export function DraftMaterials({ carrierId }: { carrierId: string }) {
  const q = useDraftMaterials(carrierId);
  if (!q.data) return null;
  return (
    <MaterialFiles
      items={q.data.items}
      editable={q.data.editable}
      testIdPrefix="establishment-material"
      hint={`考核申请材料:筹建期工作总结报告必须上传,佐证材料可选;每项可上传多个文件,支持 ${ATTACHMENT_TYPES_TEXT},单个不超过 ${ATTACHMENT_MAX_TEXT}。`}
      emptyText="暂无考核申请材料"
      fallbackPrefix="考核申请材料"
      upload={(key, file, onProgress) => {
        const body = new FormData();
        body.append('file', file, file.name);
        return sendMultipartJson<EstablishmentFile>(
          `/carriers/${encodeURIComponent(carrierId)}/establishment-materials/${encodeURIComponent(key)}`,
          body,
          { onProgress },
        );
      }}
      remove={(f) =>
        unwrap(
          api.DELETE('/api/v1/carriers/{id}/establishment-materials/{fileId}', {
            params: { path: { id: carrierId, fileId: f.id } },
          }),
        )
      }
      download={(f) => materialBlob(carrierId, f)}
      onChanged={changed}
      uploadError={materialUploadError}
    />
  );
}

/** The files submitted with one 考核申请, by material, read-only. */
export function RequestMaterials({ carrierId, files }: { carrierId: string; files: readonly EstablishmentFile[] }) {
  if (!files.length) return null;
  return (
    <MaterialFiles
      items={ESTABLISHMENT_MATERIALS.map((m) => ({ ...m, files: files.filter((f) => f.materialKey === m.key) }))}
      editable={false}
      testIdPrefix="establishment-request-material"
      hint=""
      emptyText=""
      fallbackPrefix="考核申请材料"
      upload={readOnly}
      remove={readOnly}
      download={(f) => materialBlob(carrierId, f)}
      onChanged={() => Promise.resolve()}
      uploadError={materialUploadError}
    />
  );
}
