/**
 * One home for "materials with their files" of the carrier programmes: a list of named items (an application's
 * 证明材料, `000` 三 / `001 §10(一)`; a 考核申请's 总结报告 and 佐证材料, `003 §20`), each with its files — several per
 * item — a download link for each (fetched with the token, saved under the original name, never opened inline) and,
 * while editable, an upload button per item and a confirmed 删除 per file. A required item without a file is
 * marked 未上传. Files are checked in the browser first (type, size); the server checks the content again (400
 * `ATTACHMENT_TYPE_NOT_ALLOWED` / `ATTACHMENT_EMPTY`, 413 `ATTACHMENT_TOO_LARGE`). The caller supplies the calls and
 * the `data-testid` prefix (`<p>-upload`, `<p>-<key>`, `<p>-file`, `<p>-file-download`, `<p>-file-delete`,
 * `<p>-file-delete-confirm`, `<p>-upload-<key>`, `<p>-empty`).
 */
import { CheckCircleTwoTone, DeleteOutlined, ExclamationCircleTwoTone, UploadOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Progress, Space, Tag, Upload } from 'antd';
import { useState, type ReactNode } from 'react';
import { FileDownloadButton } from '../../listings/components/FileDownloadButton';
import { errorText } from '../../../shared/lib/apiErrors';
import { ATTACHMENT_ACCEPT, checkAttachmentFile, formatFileSize } from '../../listings/lib/attachments';

/** A stored file as the list shows it. */
export interface MaterialFile {
  id: string;
  filename: string;
  sizeBytes: number;
}

/** One item: key, label, article, whether it is needed, an old typed note, its files. */
export interface MaterialItem {
  key: string;
  label: string;
  rule: string;
  /** Needed before submission (default true): marked 未上传 without a file; an optional one is marked 选交. */
  required?: boolean;
  /** The old free-text reference, shown (never counted). */
  note?: string | null;
  files: MaterialFile[];
}

/** Props of `MaterialFiles`. */
export interface MaterialFilesProps {
  items: MaterialItem[];
  /** Upload and delete allowed. */
  editable: boolean;
  /** `data-testid` prefix (see the module's comment). */
  testIdPrefix: string;
  /** Shown above the list while editable (types, size, what submission needs). */
  hint: ReactNode;
  /** Shown when there are no items. */
  emptyText: string;
  /** The file name to save under when a file has none (`<fallbackPrefix>-<id>`). */
  fallbackPrefix: string;
  /** Stores `file` under the item `key`, reporting progress in percent. */
  upload(key: string, file: File, onProgress: (percent: number) => void): Promise<unknown>;
  /** Deletes one file. */
  remove(file: MaterialFile): Promise<unknown>;
  /** Fetches one file's bytes. */
  download(file: MaterialFile): Promise<Blob>;
  /** Refetches what shows the files, after an upload or a deletion. */
  onChanged(): Promise<void>;
  /** Why an upload of `filename` was refused, saying what to fix. */
  uploadError(err: unknown, filename: string): string;
}

/** One item: its label and article, its files, and (editable) the upload button. */
function MaterialRow({ item, p }: { item: MaterialItem; p: MaterialFilesProps }) {
  const { message } = App.useApp();
  const [progress, setProgress] = useState<number | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const t = p.testIdPrefix;
  const remove = async (f: MaterialFile) => {
    setRemoving(f.id);
    try {
      await p.remove(f);
      await p.onChanged();
      message.success(`已删除“${f.filename}”`);
    } catch (err) {
      message.error(`删除失败:${errorText(err, '网络或服务异常,请稍后重试')}`);
    } finally {
      setRemoving(null);
    }
  };
  const present = item.files.length > 0;
  const required = item.required ?? true;
  return (
    <li className="attachment-row" data-testid={`${t}-${item.key}`} data-files={item.files.length}>
      <div className="attachment-main">
        <div>
          {present ? (
            <CheckCircleTwoTone twoToneColor="#52c41a" aria-label="已上传" />
          ) : (
            <ExclamationCircleTwoTone twoToneColor={required ? '#faad14' : '#bfbfbf'} aria-label="未上传" />
          )}{' '}
          <strong>{item.label}</strong> <span className="muted">({item.rule})</span>
          {!present ? (
            <Tag color={required ? 'warning' : 'default'} style={{ marginLeft: 6 }}>
              {required ? '未上传' : '选交'}
            </Tag>
          ) : null}
        </div>
        {item.note ? <div className="muted">原填写:{item.note}(须上传文件)</div> : null}
        <ul className="attachment-list" style={{ margin: '4px 0 0', paddingLeft: 0, listStyle: 'none' }}>
          {item.files.map((f) => (
            <li key={f.id} data-testid={`${t}-file`} data-id={f.id}>
              <Space size={4} wrap>
                <FileDownloadButton
                  file={f}
                  fallbackName={`${p.fallbackPrefix}-${f.id}`}
                  testId={`${t}-file-download`}
                  fetchBlob={() => p.download(f)}
                />
                <span className="muted">{formatFileSize(f.sizeBytes)}</span>
                {p.editable ? (
                  <Popconfirm
                    title={`删除“${f.filename}”?`}
                    okText="删除"
                    cancelText="取消"
                    okButtonProps={{ danger: true, 'data-testid': `${t}-file-delete-confirm` } as never}
                    onConfirm={() => void remove(f)}
                  >
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      loading={removing === f.id}
                      aria-label={`删除 ${f.filename}`}
                      data-testid={`${t}-file-delete`}
                    />
                  </Popconfirm>
                ) : null}
              </Space>
            </li>
          ))}
        </ul>
        {progress !== null ? <Progress percent={progress} size="small" style={{ maxWidth: 240 }} /> : null}
      </div>
      {p.editable ? (
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
            p.upload(item.key, f, setProgress)
              .then(async (saved) => {
                onSuccess?.(saved);
                await p.onChanged();
                message.success(`已上传“${f.name}”`);
              })
              .catch((err: unknown) => {
                onError?.(err as Error);
                message.error(p.uploadError(err, f.name));
              })
              .finally(() => setProgress(null));
          }}
        >
          <Button icon={<UploadOutlined />} data-testid={`${t}-upload-${item.key}`}>
            上传
          </Button>
        </Upload>
      ) : null}
    </li>
  );
}

/** The items with their files (upload and delete while editable). */
export function MaterialFiles(props: MaterialFilesProps) {
  const t = props.testIdPrefix;
  return (
    <div data-testid={`${t}-upload`}>
      {props.editable ? (
        <div className="muted" style={{ marginBottom: 8 }}>
          {props.hint}
        </div>
      ) : null}
      {props.items.length === 0 ? (
        <div className="muted" data-testid={`${t}-empty`}>
          {props.emptyText}
        </div>
      ) : (
        <ul className="attachment-list" style={{ paddingLeft: 0, listStyle: 'none' }}>
          {props.items.map((item) => (
            <MaterialRow key={item.key} item={item} p={props} />
          ))}
        </ul>
      )}
    </div>
  );
}
