/**
 * The conversation of a negotiation room: messages in seq order (own ones on the right, retracted ones as
 * 消息已撤回), pending messages greyed until acknowledged (a failed one offers 重试 with the same key), the
 * typing notice and the composer (Enter sends, Shift+Enter breaks the line, at most `MAX_MESSAGE_CHARS`; the
 * paperclip sends a file, checked here first and uploaded with progress). A file message offers 下载.
 */
import {
  DownloadOutlined,
  ExclamationCircleOutlined,
  LoadingOutlined,
  PaperClipOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { MAX_MESSAGE_CHARS, type MessageDto, type NegotiationAttachmentResultDto } from '@jiebang/contracts';
import { Alert, App as AntdApp, Button, Empty, Input, Popconfirm, Progress, Space, Tooltip } from 'antd';
import { useEffect, useLayoutEffect, useRef, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import { api, unwrap } from '../../../api/http';
import { sendMultipartJson, type UploadAttachmentOptions } from '../../../api/upload';
import type { PendingMessage } from '../hooks/useNegotiationRoom';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_TEXT,
  ATTACHMENT_TYPES_TEXT,
  checkAttachmentFile,
  downloadErrorMessage,
  formatFileSize,
  negotiationUploadErrorMessage,
  saveBlob,
} from '../../listings/lib/attachments';
import { formatDate } from '../../../shared/lib/format';
import { errorText } from '../../../shared/lib/apiErrors';

/** The file shared with a message. */
type MessageAttachment = NonNullable<MessageDto['attachment']>;

/**
 * `POST /negotiations/:id/attachments` (room members, room open): sends `file` to the room as a message, with
 * upload progress; the answer's message is also broadcast to the room.
 */
function uploadNegotiationAttachment(
  negotiationId: string,
  file: File,
  opts: UploadAttachmentOptions,
): Promise<NegotiationAttachmentResultDto> {
  const body = new FormData();
  body.append('file', file, file.name);
  return sendMultipartJson<NegotiationAttachmentResultDto>(
    `/negotiations/${encodeURIComponent(negotiationId)}/attachments`,
    body,
    opts,
  );
}

/** `GET /negotiations/:id/attachments/:attachmentId/download` (room members): the file's content. */
function downloadNegotiationAttachment(negotiationId: string, attachmentId: string): Promise<Blob> {
  return unwrap(
    api.GET('/api/v1/negotiations/{id}/attachments/{attachmentId}/download', {
      params: { path: { id: negotiationId, attachmentId } },
      parseAs: 'blob',
    }),
  );
}

/** Props of `Conversation`. */
export interface ConversationProps {
  negotiationId: string;
  myUserId: string;
  messages: MessageDto[];
  pending: PendingMessage[];
  /** Names of the users typing now. */
  typingNames: string[];
  /** Highest seq read by someone other than me (for the 已读 mark of my messages). */
  readByOthers: number;
  /** Whether I may write (a participant of an open, connected room). */
  canWrite: boolean;
  /** Why writing is not possible (shown in the composer). */
  disabledReason?: string;
  onSend: (body: string) => void;
  onRetry: (pending: PendingMessage) => void;
  onDiscard: (key: string) => void;
  onRetract: (messageId: string) => Promise<void>;
  onTyping: () => void;
  /** Called with the message of an uploaded file (the server answer). */
  onUploaded: (message: MessageDto) => void;
}

/** The conversation column. */
export function Conversation(props: ConversationProps) {
  const { myUserId, messages, pending, typingNames, readByOthers } = props;
  const listRef = useRef<HTMLDivElement>(null);
  const stickToBottom = useRef(true);
  const { message } = AntdApp.useApp();

  // Follow new messages while the reader is at the bottom; leave them alone when they scrolled up.
  useLayoutEffect(() => {
    const el = listRef.current;
    if (el && stickToBottom.current) el.scrollTop = el.scrollHeight;
  }, [messages, pending, typingNames.length]);

  const onScroll = () => {
    const el = listRef.current;
    if (el) stickToBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
  };

  const retract = async (id: string) => {
    try {
      await props.onRetract(id);
    } catch (err) {
      message.error(errorText(err, '撤回失败'));
    }
  };

  return (
    <div className="nego-conversation">
      <div className="nego-messages" ref={listRef} onScroll={onScroll} data-testid="message-list">
        {messages.length === 0 && pending.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息，发送第一条消息开始洽谈" />
        ) : null}
        {messages.map((m) => {
          const own = m.senderUserId === myUserId;
          return (
            <div
              key={m.seq}
              className={`nego-message${own ? ' own' : ''}${m.retracted ? ' retracted' : ''}`}
              data-testid="message-item"
              data-seq={m.seq}
              data-pending="false"
              data-own={own ? 'true' : 'false'}
            >
              <div className="nego-message-meta">
                <span className="nego-sender">{own ? '我' : m.senderName}</span>
                <span className="muted">{formatDate(m.createdAt, true)}</span>
              </div>
              {m.retracted ? (
                <div className="nego-bubble nego-bubble-retracted" data-testid="message-retracted">
                  消息已撤回
                </div>
              ) : (
                <>
                  {m.body || !m.attachment ? <div className="nego-bubble">{m.body}</div> : null}
                  {m.attachment ? (
                    <AttachmentItem negotiationId={props.negotiationId} attachment={m.attachment} />
                  ) : null}
                </>
              )}
              {own && !m.retracted ? (
                <div className="nego-message-foot">
                  {m.seq <= readByOthers ? <span className="muted">已读</span> : null}
                  {props.canWrite ? (
                    <Popconfirm title="撤回这条消息？" okText="撤回" cancelText="取消" onConfirm={() => retract(m.id)}>
                      <Button type="link" size="small" className="link-button" data-testid="message-retract">
                        撤回
                      </Button>
                    </Popconfirm>
                  ) : null}
                </div>
              ) : null}
            </div>
          );
        })}
        {pending.map((p) => (
          <div
            key={p.key}
            className={`nego-message own pending${p.state === 'failed' ? ' failed' : ''}`}
            data-testid="message-item"
            data-pending="true"
            data-state={p.state}
            data-key={p.key}
          >
            <div className="nego-message-meta">
              <span className="nego-sender">我</span>
              <span className="muted">
                {p.state === 'sending' ? (
                  <>
                    <LoadingOutlined /> 发送中…
                  </>
                ) : (
                  <span className="nego-failed-text">
                    <ExclamationCircleOutlined /> 发送失败{p.error ? `：${p.error}` : ''}
                  </span>
                )}
              </span>
            </div>
            <div className="nego-bubble">{p.body}</div>
            {p.state === 'failed' ? (
              <Space size={0} className="nego-message-foot">
                <Button
                  type="link"
                  size="small"
                  className="link-button"
                  onClick={() => props.onRetry(p)}
                  data-testid="message-retry"
                >
                  重试
                </Button>
                <Button
                  type="link"
                  size="small"
                  className="link-button"
                  onClick={() => props.onDiscard(p.key)}
                  data-testid="message-discard"
                >
                  删除
                </Button>
              </Space>
            ) : null}
          </div>
        ))}
      </div>
      <div className="nego-typing" data-testid="typing-indicator" aria-live="polite">
        {typingNames.length ? `${typingNames.join('、')} 正在输入…` : ''}
      </div>
      <Composer {...props} />
    </div>
  );
}

/** A file attached to a message: its name and size, and 下载 (through the bearer token). */
function AttachmentItem({ negotiationId, attachment: a }: { negotiationId: string; attachment: MessageAttachment }) {
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      saveBlob(await downloadNegotiationAttachment(negotiationId, a.id), a.filename);
    } catch (err) {
      message.error(downloadErrorMessage(err, a.filename));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="nego-bubble nego-attachment" data-testid="message-attachment" data-attachment-id={a.id}>
      <PaperClipOutlined />
      <span className="nego-attachment-name" title={a.filename}>
        {a.filename}
      </span>
      <span className="muted">{formatFileSize(a.sizeBytes)}</span>
      <Button
        type="link"
        size="small"
        className="link-button"
        icon={<DownloadOutlined />}
        loading={busy}
        onClick={download}
        data-testid="message-attachment-download"
      >
        下载
      </Button>
    </div>
  );
}

/** State of the file being sent. */
type UploadState = { filename: string; percent: number } | { filename: string; error: string };

/** The message composer. */
function Composer({ negotiationId, canWrite, disabledReason, onSend, onTyping, onUploaded }: ConversationProps) {
  const [text, setText] = useState('');
  const [composing, setComposing] = useState(false);
  const length = [...text].length;
  const tooLong = length > MAX_MESSAGE_CHARS;
  const empty = text.trim() === '';
  const sendable = canWrite && !empty && !tooLong;
  const fileRef = useRef<HTMLInputElement>(null);
  const abortRef = useRef<AbortController>(undefined);
  const [upload, setUpload] = useState<UploadState>();
  const uploading = upload !== undefined && 'percent' in upload;

  // Leaving the room cancels an upload under way.
  useEffect(() => () => abortRef.current?.abort(), []);

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    // Clear the input so that choosing the same file again fires `change` again.
    e.target.value = '';
    if (!file || uploading) return;
    const problem = checkAttachmentFile(file);
    if (problem) {
      setUpload({ filename: file.name, error: problem });
      return;
    }
    const ctrl = new AbortController();
    abortRef.current = ctrl;
    setUpload({ filename: file.name, percent: 0 });
    try {
      const { message } = await uploadNegotiationAttachment(negotiationId, file, {
        signal: ctrl.signal,
        onProgress: (percent) => setUpload({ filename: file.name, percent }),
      });
      onUploaded(message);
      setUpload(undefined);
    } catch (err) {
      if (ctrl.signal.aborted) return;
      setUpload({ filename: file.name, error: negotiationUploadErrorMessage(err, file.name) });
    } finally {
      if (abortRef.current === ctrl) abortRef.current = undefined;
    }
  };

  const submit = () => {
    if (!sendable) return;
    onSend(text.trim());
    setText('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter breaks the line; Enter while an IME is composing confirms the IME instead.
    if (e.key === 'Enter' && !e.shiftKey && !composing && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <div className="nego-composer">
      <Input.TextArea
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          if (e.target.value) onTyping();
        }}
        onKeyDown={onKeyDown}
        onCompositionStart={() => setComposing(true)}
        onCompositionEnd={() => setComposing(false)}
        autoSize={{ minRows: 2, maxRows: 6 }}
        disabled={!canWrite}
        placeholder={canWrite ? '输入消息，Enter 发送，Shift+Enter 换行' : disabledReason}
        aria-label="消息内容"
        status={tooLong ? 'error' : undefined}
        data-testid="message-input"
      />
      <div className="nego-composer-bar">
        <span className={tooLong ? 'nego-counter over' : 'nego-counter muted'} data-testid="message-counter">
          {length} / {MAX_MESSAGE_CHARS}
          {tooLong ? '(超出字数上限)' : ''}
        </span>
        <Space size={8}>
          <input
            ref={fileRef}
            type="file"
            accept={ATTACHMENT_ACCEPT}
            hidden
            onChange={onFile}
            aria-label="选择附件"
            data-testid="message-attach-input"
          />
          <Tooltip
            title={canWrite ? `发送附件(${ATTACHMENT_TYPES_TEXT}，单个不超过 ${ATTACHMENT_MAX_TEXT})` : disabledReason}
          >
            <Button
              icon={<PaperClipOutlined />}
              onClick={() => fileRef.current?.click()}
              disabled={!canWrite || uploading}
              loading={uploading}
              aria-label="发送附件"
              data-testid="message-attach"
            />
          </Tooltip>
          <Tooltip title={canWrite ? undefined : disabledReason}>
            <Button
              type="primary"
              icon={<SendOutlined />}
              onClick={submit}
              disabled={!sendable}
              data-testid="message-send"
            >
              发送
            </Button>
          </Tooltip>
        </Space>
      </div>
      {upload && 'percent' in upload ? (
        <div className="nego-upload" data-testid="message-attach-progress" aria-live="polite">
          <span className="muted">正在上传“{upload.filename}”…</span>
          <Progress percent={upload.percent} size="small" />
        </div>
      ) : null}
      {upload && 'error' in upload ? (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setUpload(undefined) }}
          className="nego-upload"
          title={upload.error}
          data-testid="message-attach-error"
        />
      ) : null}
    </div>
  );
}
