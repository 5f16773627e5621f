/**
 * 证明材料 of a carrier application (issue 15; `000` 三, `001 §10(一)`): each required evidence item of the round's
 * rule set with its files — several per item — a download link for each (fetched with the token, saved under the
 * original name, never opened inline) and, while the application is a draft (or returned), an upload button per
 * item and a confirmed 删除 per file. An item counts on submission only with a file; the old typed reference is
 * shown as a note. Files are checked in the browser first (type, size); the server checks the content again
 * (400 `ATTACHMENT_TYPE_NOT_ALLOWED` / `ATTACHMENT_EMPTY`, 413 `ATTACHMENT_TOO_LARGE`).
 */
import { CheckCircleTwoTone, DeleteOutlined, ExclamationCircleTwoTone, UploadOutlined } from '@ant-design/icons';
import { ErrorCode } from '@jiebang/contracts';
import { App, Button, Popconfirm, Progress, Space, Tag, Upload } from 'antd';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { ApiError } from '../../../api/errors';
import { api, unwrap } from '../../../api/http';
import { invalidate } from '../../../api/query';
import { sendMultipartJson } from '../../../api/upload';
import { FileDownloadButton } from '../../listings/components/FileDownloadButton';
import { errorText } from '../../../shared/lib/apiErrors';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_TEXT,
  ATTACHMENT_TYPES_TEXT,
  checkAttachmentFile,
  formatFileSize,
  uploadErrorMessage,
} from '../../listings/lib/attachments';

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

/** A link-style button downloading one evidence file. */
export function EvidenceFileLink({ applicationId, file }: { applicationId: string; file: EvidenceFile }) {
  return (
    <FileDownloadButton
      file={file}
      fallbackName={`材料-${file.id}`}
      testId="evidence-file-download"
      fetchBlob={async () =>
        (await unwrap(
          api.GET('/api/v1/carriers/applications/{id}/evidence/{fileId}/download', {
            params: { path: { id: applicationId, fileId: file.id } },
            parseAs: 'blob',
          }),
        )) as Blob
      }
    />
  );
}

/** One item: its label and article, its files, and (editable) the upload button. */
function EvidenceRow({
  applicationId,
  item,
  editable,
}: {
  applicationId: string;
  item: EvidenceItem;
  editable: boolean;
}) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<number | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const remove = async (f: EvidenceFile) => {
    setRemoving(f.id);
    try {
      await unwrap(
        api.DELETE('/api/v1/carriers/applications/{id}/evidence/{fileId}', {
          params: { path: { id: applicationId, fileId: f.id } },
        }),
      );
      await evidenceChanged();
      message.success(`已删除“${f.filename}”`);
    } catch (err) {
      message.error(`删除失败:${errorText(err, '网络或服务异常,请稍后重试')}`);
    } finally {
      setRemoving(null);
    }
  };
  const present = item.files.length > 0;
  return (
    <li className="attachment-row" data-testid={`evidence-${item.key}`} data-files={item.files.length}>
      <div className="attachment-main">
        <div>
          {present ? (
            <CheckCircleTwoTone twoToneColor="#52c41a" aria-label="已上传" />
          ) : (
            <ExclamationCircleTwoTone twoToneColor="#faad14" aria-label="未上传" />
          )}{' '}
          <strong>{item.label}</strong> <span className="muted">({item.rule})</span>
          {!present ? (
            <Tag color="warning" style={{ marginLeft: 6 }}>
              未上传
            </Tag>
          ) : null}
        </div>
        {item.note ? <div className="muted">原填写:{item.note}(须上传文件)</div> : null}
        <ul className="attachment-list" style={{ margin: '4px 0 0', paddingLeft: 0, listStyle: 'none' }}>
          {item.files.map((f) => (
            <li key={f.id} data-testid="evidence-file" data-id={f.id}>
              <Space size={4} wrap>
                <EvidenceFileLink applicationId={applicationId} file={f} />
                <span className="muted">{formatFileSize(f.sizeBytes)}</span>
                {editable ? (
                  <Popconfirm
                    title={`删除“${f.filename}”?`}
                    okText="删除"
                    cancelText="取消"
                    okButtonProps={{ danger: true, 'data-testid': 'evidence-file-delete-confirm' } as never}
                    onConfirm={() => void remove(f)}
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      loading={removing === f.id}
                      aria-label={`删除 ${f.filename}`}
                      data-testid="evidence-file-delete"
                    />
                  </Popconfirm>
                ) : null}
              </Space>
            </li>
          ))}
        </ul>
        {progress !== null ? <Progress percent={progress} size="small" style={{ maxWidth: 240 }} /> : null}
      </div>
      {editable ? (
        <Upload
          multiple
          accept={ATTACHMENT_ACCEPT}
          showUploadList={false}
          beforeUpload={(file) => {
            const problem = checkAttachmentFile(file);
            if (problem) {
              message.error(problem);
              return Upload.LIST_IGNORE;
            }
            return true;
          }}
          customRequest={({ file, onSuccess, onError }) => {
            const f = file as File;
            setProgress(0);
            uploadEvidenceFile(applicationId, item.key, f, setProgress)
              .then(async (saved) => {
                onSuccess?.(saved);
                await evidenceChanged();
                message.success(`已上传“${f.name}”`);
              })
              .catch((err: unknown) => {
                onError?.(err as Error);
                message.error(evidenceUploadError(err, f.name));
              })
              .finally(() => setProgress(null));
          }}
        >
          <Button icon={<UploadOutlined />} data-testid={`evidence-upload-${item.key}`}>
            上传
          </Button>
        </Upload>
      ) : null}
    </li>
  );
}

/** Props of `EvidenceUpload`. */
export interface EvidenceUploadProps {
  applicationId: string;
  items: EvidenceItem[];
  /** Draft or returned: upload and delete allowed. */
  editable: boolean;
}

/** The evidence items of an application with their files (upload and delete while editable). */
export function EvidenceUpload({ applicationId, items, editable }: EvidenceUploadProps) {
  return (
    <div data-testid="evidence-upload">
      {editable ? (
        <div className="muted" style={{ marginBottom: 8 }}>
          每项材料可上传多个文件,支持 {ATTACHMENT_TYPES_TEXT},单个不超过 {ATTACHMENT_MAX_TEXT}
          ;每项至少上传一个文件后方可提交。
        </div>
      ) : null}
      {items.length === 0 ? (
        <div className="muted" data-testid="evidence-empty">
          本批次规则集未列出须上传的证明材料
        </div>
      ) : (
        <ul className="attachment-list" style={{ paddingLeft: 0, listStyle: 'none' }}>
          {items.map((item) => (
            <EvidenceRow key={item.key} applicationId={applicationId} item={item} editable={editable} />
          ))}
        </ul>
      )}
    </div>
  );
}
