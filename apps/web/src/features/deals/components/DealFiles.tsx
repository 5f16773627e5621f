/**
 * Files of a deal (协议、任务书、凭证、异议材料、成果材料 …): a download link (fetched with the token, saved under the
 * original name, never opened inline), the list of a deal's files with their purposes, and the upload control of
 * the deal forms, whose value is the id (or ids) of the uploaded file(s), with the upload's progress. Files are
 * checked in the browser first (type, size); the server checks the content again.
 */
import { DeleteOutlined, FileOutlined, LoadingOutlined, UploadOutlined } from '@ant-design/icons';
import {
  ATTACHMENT_TYPES,
  DEAL_ATTACHMENT_PURPOSE_LABELS,
  ErrorCode,
  type DealAttachmentDto,
  type DealAttachmentPurpose,
} from '@jiebang/contracts';
import { App as AntdApp, Button, Empty, Space, Tag, Upload } from 'antd';
import { useLayoutEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/errors';
import { api, unwrap } from '../../../api/http';
import { invalidate } from '../../../api/query';
import { sendMultipartJson } from '../../../api/upload';
import { FileDownloadButton } from '../../listings/components/FileDownloadButton';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_TEXT,
  ATTACHMENT_TYPES_TEXT,
  checkAttachmentFile,
  formatFileSize,
  uploadErrorMessage,
} from '../../listings/lib/attachments';
import { dealError } from '../lib/deals';
import { formatDate } from '../../../shared/lib/format';

/** Props of `DealFileLink`. */
export interface DealFileLinkProps {
  dealId: string;
  file: Pick<DealAttachmentDto, 'id' | 'filename'>;
  /** Button text; the file name by default. */
  label?: string;
}

/** A link-style button that downloads one file of a deal. */
export function DealFileLink({ dealId, file, label }: DealFileLinkProps) {
  return (
    <FileDownloadButton
      file={file}
      label={label}
      fallbackName={`附件-${file.id}`}
      testId="deal-file-download"
      fetchBlob={() =>
        unwrap(
          api.GET('/api/v1/deals/{id}/attachments/{attachmentId}/download', {
            params: { path: { id: dealId, attachmentId: file.id } },
            parseAs: 'blob',
          }),
        )
      }
    />
  );
}

/** Props of `DealFileList`. */
export interface DealFileListProps {
  dealId: string;
  files: DealAttachmentDto[];
}

/** Every file of a deal with its purpose, type, size, date and 下载, oldest first. */
export function DealFileList({ dealId, files }: DealFileListProps) {
  if (files.length === 0) {
    return <Empty description="暂无附件" image={Empty.PRESENTED_IMAGE_SIMPLE} data-testid="deal-files-empty" />;
  }
  const sorted = [...files].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return (
    <ul className="attachment-list" data-testid="deal-files">
      {sorted.map((a) => (
        <li key={a.id} className="attachment-row" data-testid="deal-file" data-purpose={a.purpose} data-id={a.id}>
          <FileOutlined className="attachment-icon" />
          <div className="attachment-main">
            <div className="attachment-name" title={a.filename}>
              {a.filename}
            </div>
            <div className="attachment-meta">
              <Tag color="blue">{DEAL_ATTACHMENT_PURPOSE_LABELS[a.purpose] ?? a.purpose}</Tag>
              <span>{ATTACHMENT_TYPES[a.contentType] ?? a.contentType}</span>
              <span>{formatFileSize(a.sizeBytes)}</span>
              {formatDate(a.createdAt, true) ? <span>上传于 {formatDate(a.createdAt, true)}</span> : null}
            </div>
          </div>
          <Space size={4} className="attachment-actions">
            <DealFileLink dealId={dealId} file={a} label="下载" />
          </Space>
        </li>
      ))}
    </ul>
  );
}

/**
 * `POST /api/v1/deals/:id/attachments` — multipart `purpose` + `file` (`purpose` first, so that a streaming parser
 * knows it before the file arrives), reporting progress in percent; 400 `ATTACHMENT_TYPE_NOT_ALLOWED` /
 * `ATTACHMENT_EMPTY`, 413 `ATTACHMENT_TOO_LARGE`. The deal's file list is refetched afterwards.
 */
export async function uploadDealFile(
  dealId: string,
  purpose: DealAttachmentPurpose,
  file: File,
  onProgress?: (percent: number) => void,
): Promise<DealAttachmentDto> {
  const body = new FormData();
  body.append('purpose', purpose);
  body.append('file', file, file.name);
  const uploaded = await sendMultipartJson<DealAttachmentDto>(
    `/deals/${encodeURIComponent(dealId)}/attachments`,
    body,
    {
      onProgress,
    },
  );
  void invalidate('/api/v1/deals/{id}');
  return uploaded;
}

/** Why an upload of `filename` to a deal failed, in plain Chinese. */
function dealUploadError(err: unknown, filename: string): string {
  if (err instanceof ApiError && err.code === ErrorCode.ILLEGAL_TRANSITION)
    return `“${filename}”未上传：${dealError(err)}`;
  return uploadErrorMessage(err, filename);
}

/** An uploaded file of the control. */
interface Uploaded {
  id: string;
  filename: string;
  sizeBytes: number;
}

/** Props of `DealUploadInput` (a controlled form input: `value` / `onChange` from `Form.Item`). */
export interface DealUploadInputProps {
  dealId: string;
  purpose: DealAttachmentPurpose;
  /** Several files (value `string[]`) instead of one (value `string`). */
  multiple?: boolean;
  /** The attachment id (or ids). */
  value?: string | string[];
  onChange?: (value: string | string[] | undefined) => void;
  /** Text of the button (default `上传<purpose>`). */
  buttonText?: string;
  /** Test id of the control. */
  testId?: string;
}

/** Upload of a deal file inside a form: checks the file, uploads it with its purpose, keeps its id as the value. */
export function DealUploadInput({
  dealId,
  purpose,
  multiple = false,
  value,
  onChange,
  buttonText,
  testId,
}: DealUploadInputProps) {
  const { message } = AntdApp.useApp();
  const [files, setFiles] = useState<Uploaded[]>([]);
  const [uploading, setUploading] = useState<string[]>([]);
  const [progress, setProgress] = useState<number>();
  const ids = value === undefined ? [] : Array.isArray(value) ? value : [value];
  // Only files whose id is (still) the value are shown: a form reset empties the control.
  const shown = files.filter((f) => ids.includes(f.id));
  // The latest value, also across two uploads finishing before a re-render.
  const idsRef = useRef(ids);
  useLayoutEffect(() => {
    idsRef.current = ids;
  });

  const emit = (next: string[]) => {
    idsRef.current = next;
    onChange?.(multiple ? next : next[0]);
  };

  const upload = async (file: File) => {
    const problem = checkAttachmentFile(file);
    if (problem) {
      message.error(problem);
      return;
    }
    setUploading((u) => [...u, file.name]);
    try {
      const a = await uploadDealFile(dealId, purpose, file, setProgress);
      setFiles((prev) => [...prev, { id: a.id, filename: a.filename || file.name, sizeBytes: a.sizeBytes }]);
      emit(multiple ? [...idsRef.current, a.id] : [a.id]);
    } catch (err) {
      message.error(dealUploadError(err, file.name));
    } finally {
      setProgress(undefined);
      setUploading((u) => {
        const i = u.indexOf(file.name);
        return i < 0 ? u : [...u.slice(0, i), ...u.slice(i + 1)];
      });
    }
  };

  const busy = uploading.length > 0;
  return (
    <div data-testid={testId ?? `deal-upload-${purpose}`} data-value={ids.join(',')}>
      <Upload
        accept={ATTACHMENT_ACCEPT}
        multiple={multiple}
        showUploadList={false}
        disabled={busy}
        beforeUpload={(file) => {
          void upload(file as unknown as File);
          return Upload.LIST_IGNORE;
        }}
      >
        <Button icon={busy ? <LoadingOutlined /> : <UploadOutlined />} disabled={busy}>
          {busy
            ? `正在上传 ${uploading[0]}${progress !== undefined ? ` ${progress}%` : ''}…`
            : (buttonText ?? `上传${DEAL_ATTACHMENT_PURPOSE_LABELS[purpose]}`)}
        </Button>
      </Upload>
      <div className="attachment-hint muted">
        {ATTACHMENT_TYPES_TEXT}，单个不超过 {ATTACHMENT_MAX_TEXT}
      </div>
      {shown.length ? (
        <ul className="attachment-list">
          {shown.map((f) => (
            <li key={f.id} className="attachment-row" data-testid="deal-upload-file">
              <FileOutlined className="attachment-icon" />
              <div className="attachment-main">
                <div className="attachment-name">{f.filename}</div>
                <div className="attachment-meta">
                  <span>{formatFileSize(f.sizeBytes)}</span>
                  <span>已上传</span>
                </div>
              </div>
              <Button
                size="small"
                type="text"
                icon={<DeleteOutlined />}
                aria-label={`移除 ${f.filename}`}
                onClick={() => emit(ids.filter((id) => id !== f.id))}
              >
                移除
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
