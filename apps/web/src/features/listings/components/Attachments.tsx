/**
 * Attachments of a listing (附件: 知识产权证明, 支撑材料): the read-only list with downloads (detail page, staff
 * and expert content view) and the editor of the posting form (upload with a kind, delete). Downloads are
 * fetched with the bearer token as a blob and saved under the original file name, never opened inline.
 */
import { DeleteOutlined, DownloadOutlined, FileOutlined, LoadingOutlined, UploadOutlined } from '@ant-design/icons';
import { ATTACHMENT_TYPES, type AttachmentDto, type AttachmentKind } from '@jiebang/contracts';
import {
  Alert,
  App as AntdApp,
  Button,
  Popconfirm,
  Progress,
  Select,
  Skeleton,
  Space,
  Tag,
  Upload,
  type ButtonProps,
  type UploadProps,
} from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../api/errors';
import { api, unwrap } from '../../../api/http';
import { $api, invalidate } from '../../../api/query';
import { sendMultipartJson } from '../../../api/upload';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_KIND_COLORS,
  ATTACHMENT_KIND_HINTS,
  ATTACHMENT_KIND_LABELS,
  ATTACHMENT_KIND_OPTIONS,
  ATTACHMENT_MAX_TEXT,
  ATTACHMENT_TYPES_TEXT,
  checkAttachmentFile,
  deleteErrorMessage,
  downloadErrorMessage,
  formatFileSize,
  saveBlob,
  sortAttachments,
  uploadErrorMessage,
} from '../lib/attachments';
import { formatDate } from '../../../shared/lib/format';

/** Downloads an attachment (with the token) and saves it; tracks which one is loading. */
function useAttachmentDownload() {
  const { message } = AntdApp.useApp();
  const [downloading, setDownloading] = useState<ReadonlySet<string>>(new Set());
  const setBusy = (id: string, busy: boolean) =>
    setDownloading((prev) => {
      const next = new Set(prev);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
  const download = async (a: AttachmentDto) => {
    setBusy(a.id, true);
    try {
      const blob = await unwrap(
        api.GET('/api/v1/attachments/{id}/download', { params: { path: { id: a.id } }, parseAs: 'blob' }),
      );
      saveBlob(blob, a.filename || `附件-${a.id}`);
    } catch (err) {
      message.error(downloadErrorMessage(err, a.filename));
    } finally {
      setBusy(a.id, false);
    }
  };
  return { download, downloading };
}

/** The attachments of a listing the caller may see (public ones without a session). */
function useListingAttachments(listingId: string) {
  return $api.useQuery('get', '/api/v1/listings/{id}/attachments', { params: { path: { id: listingId } } });
}

/** Refetches every attachment list on screen (after an upload or a delete). */
function refreshAttachments(): Promise<void> {
  return invalidate('/api/v1/listings/{id}/attachments');
}

/** Props of `AttachmentList`. */
interface AttachmentListProps {
  attachments: AttachmentDto[];
  /** Shows 删除 (with a confirmation) on each row when given. */
  onDelete?: (a: AttachmentDto) => Promise<void>;
}

/** The rows of attachments, each with kind, type, size, date and 下载 (and 删除 when allowed). */
export function AttachmentList({ attachments, onDelete }: AttachmentListProps) {
  const { download, downloading } = useAttachmentDownload();
  return (
    <ul className="attachment-list" data-testid="attachment-list">
      {sortAttachments(attachments).map((a) => (
        <li key={a.id} className="attachment-row" data-testid="attachment-row" data-kind={a.kind} data-id={a.id}>
          <FileOutlined className="attachment-icon" />
          <div className="attachment-main">
            <div className="attachment-name" title={a.filename}>
              {a.filename}
            </div>
            <div className="attachment-meta">
              <Tag color={ATTACHMENT_KIND_COLORS[a.kind]} data-testid="attachment-kind-tag">
                {ATTACHMENT_KIND_LABELS[a.kind] ?? a.kind}
              </Tag>
              <span>{ATTACHMENT_TYPES[a.contentType] ?? a.contentType}</span>
              <span data-testid="attachment-size">{formatFileSize(a.sizeBytes)}</span>
              {formatDate(a.createdAt, true) ? <span>上传于 {formatDate(a.createdAt, true)}</span> : null}
            </div>
          </div>
          <Space size={4} className="attachment-actions">
            <Button
              size="small"
              icon={<DownloadOutlined />}
              loading={downloading.has(a.id)}
              // Stays usable inside a disabled (read-only) form.
              disabled={false}
              onClick={() => void download(a)}
              aria-label={`下载 ${a.filename}`}
              data-testid="attachment-download"
            >
              下载
            </Button>
            {onDelete ? (
              <Popconfirm
                title="删除附件"
                description={`确定删除“${a.filename}”吗？删除后不可恢复。`}
                okText="删除"
                cancelText="取消"
                okButtonProps={{ danger: true, ...({ 'data-testid': 'attachment-delete-confirm' } as ButtonProps) }}
                onConfirm={() => onDelete(a)}
              >
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`删除 ${a.filename}`}
                  data-testid="attachment-delete"
                >
                  删除
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        </li>
      ))}
    </ul>
  );
}

/** Props of `ListingAttachments`. */
export interface ListingAttachmentsProps {
  listingId: string;
  /** Heading level: `h2` on the detail page, `h3` in the compact content view. */
  heading?: 'h2' | 'h3';
  className?: string;
}

/** The 附件 section of a listing with downloads; nothing at all while loading or when there are none. */
export function ListingAttachments({ listingId, heading = 'h2', className }: ListingAttachmentsProps) {
  const { data, error, refetch } = useListingAttachments(listingId);
  const Heading = heading;
  // Not visible to this caller (or gone): as if there were none.
  if (error && (error.statusCode === 403 || error.statusCode === 404)) return null;
  if (!error && !data?.length) return null;
  return (
    <section className={className ?? 'detail-attachments'} data-testid="listing-attachments">
      <Heading className={heading === 'h3' ? 'section-title' : undefined}>附件</Heading>
      {error ? (
        <Alert
          type="warning"
          showIcon
          title={`附件列表加载失败：${error.message}`}
          action={
            <Button size="small" onClick={() => void refetch()}>
              重试
            </Button>
          }
        />
      ) : (
        <AttachmentList attachments={data ?? []} />
      )}
    </section>
  );
}

/** A file being uploaded. */
interface PendingUpload {
  uid: string;
  name: string;
  kind: AttachmentKind;
  percent: number;
}

/** A problem with one chosen file. */
interface UploadProblem {
  key: string;
  text: string;
}

/** Props of `AttachmentEditor`. */
export interface AttachmentEditorProps {
  listingId: string;
  /** The poster's user on an editable listing: may upload and delete. */
  canEdit: boolean;
  /** Told how many uploads are running (so that the form can wait for them). */
  onUploadingChange?: (count: number) => void;
}

/** The 附件 section of the posting form: kind + upload, the uploaded files, delete. */
export function AttachmentEditor({ listingId, canEdit, onUploadingChange }: AttachmentEditorProps) {
  const { message } = AntdApp.useApp();
  const { data, error, isPending, refetch } = useListingAttachments(listingId);
  const remove = $api.useMutation('delete', '/api/v1/attachments/{id}');
  const [kind, setKind] = useState<AttachmentKind>('ip_proof');
  const [pending, setPending] = useState<PendingUpload[]>([]);
  const [problems, setProblems] = useState<UploadProblem[]>([]);
  const attachments = data ?? [];

  const uploading = pending.length;
  // The callback is the parent's state setter (stable): these run when the count changes, and at unmount.
  useEffect(() => {
    onUploadingChange?.(uploading);
  }, [uploading, onUploadingChange]);
  useEffect(() => () => onUploadingChange?.(0), [onUploadingChange]);
  const addProblem = (text: string) => setProblems((prev) => [...prev, { key: `${Date.now()}:${prev.length}`, text }]);

  const beforeUpload: UploadProps['beforeUpload'] = (file, fileList) => {
    // A new choice of files replaces the problems of the previous one.
    if (file === fileList[0]) setProblems([]);
    const problem = checkAttachmentFile(file);
    if (problem) {
      addProblem(problem);
      return Upload.LIST_IGNORE;
    }
    return true;
  };

  const customRequest: UploadProps['customRequest'] = (options) => {
    const file = options.file as File & { uid?: string };
    const uid = file.uid ?? `${file.name}:${Date.now()}`;
    const uploadKind = kind;
    const controller = new AbortController();
    setPending((list) => [...list, { uid, name: file.name, kind: uploadKind, percent: 0 }]);
    const body = new FormData();
    // `kind` goes first so that a streaming multipart parser knows it before the file arrives.
    body.append('kind', uploadKind);
    body.append('file', file, file.name);
    sendMultipartJson<AttachmentDto>(`/listings/${encodeURIComponent(listingId)}/attachments`, body, {
      signal: controller.signal,
      onProgress: (percent) =>
        setPending((list) => list.map((p) => (p.uid === uid ? { ...p, percent: Math.max(p.percent, percent) } : p))),
    })
      .then(async (saved) => {
        await refreshAttachments();
        message.success(`已上传“${saved.filename}”(${ATTACHMENT_KIND_LABELS[saved.kind] ?? saved.kind})`);
        options.onSuccess?.(saved);
      })
      .catch((err: unknown) => {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        addProblem(uploadErrorMessage(err, file.name));
        options.onError?.(err instanceof Error ? err : new Error(String(err)));
      })
      .finally(() => setPending((list) => list.filter((p) => p.uid !== uid)));
    return { abort: () => controller.abort() };
  };

  const onDelete = async (a: AttachmentDto) => {
    try {
      await remove.mutateAsync({ params: { path: { id: a.id } } });
      message.success(`已删除“${a.filename}”`);
    } catch (err) {
      // Already gone: the list just catches up.
      if (!(err instanceof ApiError && err.status === 404)) {
        message.error(deleteErrorMessage(err));
        return;
      }
    }
    await refreshAttachments();
  };

  return (
    <div className="attachment-editor" data-testid="attachment-editor">
      {canEdit ? (
        <>
          <div className="attachment-upload-bar">
            <Space wrap size={8}>
              <span>附件类别</span>
              <Select<AttachmentKind>
                value={kind}
                onChange={setKind}
                options={ATTACHMENT_KIND_OPTIONS}
                style={{ width: 160 }}
                aria-label="附件类别"
                data-testid="attachment-kind"
              />
              <Upload
                accept={{ format: ATTACHMENT_ACCEPT, filter: 'native' }}
                multiple
                showUploadList={false}
                beforeUpload={beforeUpload}
                customRequest={customRequest}
                data-testid="attachment-upload"
              >
                <Button icon={<UploadOutlined />}>上传{ATTACHMENT_KIND_LABELS[kind]}</Button>
              </Upload>
            </Space>
            <div className="muted attachment-hint">
              {ATTACHMENT_KIND_LABELS[kind]}：{ATTACHMENT_KIND_HINTS[kind]}。支持 {ATTACHMENT_TYPES_TEXT}
              ，单个文件不超过 {ATTACHMENT_MAX_TEXT}，可一次选择多个文件。
            </div>
          </div>
          {problems.length ? (
            <Alert
              type="error"
              showIcon
              closable={{ onClose: () => setProblems([]) }}
              className="form-alert"
              title={problems.length > 1 ? `${problems.length} 个文件未上传` : '文件未上传'}
              data-testid="attachment-error"
              description={
                <ul className="plain-list">
                  {problems.map((p) => (
                    <li key={p.key}>{p.text}</li>
                  ))}
                </ul>
              }
            />
          ) : null}
        </>
      ) : null}
      {pending.length ? (
        <ul className="attachment-list">
          {pending.map((p) => (
            <li key={p.uid} className="attachment-row attachment-pending" data-testid="attachment-pending">
              <LoadingOutlined className="attachment-icon" />
              <div className="attachment-main">
                <div className="attachment-name" title={p.name}>
                  {p.name}
                </div>
                <div className="attachment-meta">
                  <Tag color={ATTACHMENT_KIND_COLORS[p.kind]}>{ATTACHMENT_KIND_LABELS[p.kind]}</Tag>
                  <span>正在上传…</span>
                </div>
                <Progress percent={p.percent} size="small" status="active" />
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <Alert
          type="warning"
          showIcon
          title={`附件列表加载失败：${error.message}`}
          action={
            <Button size="small" disabled={false} onClick={() => void refetch()}>
              重试
            </Button>
          }
        />
      ) : isPending ? (
        <Skeleton active title={false} paragraph={{ rows: 1 }} />
      ) : attachments.length ? (
        <AttachmentList attachments={attachments} onDelete={canEdit ? onDelete : undefined} />
      ) : (
        <div className="muted" data-testid="attachment-empty">
          尚未上传附件
        </div>
      )}
    </div>
  );
}
