/**
 * The conversation of a negotiation room: messages in seq order (own ones on the right, retracted ones as
 * 消息已撤回), pending messages greyed until acknowledged (a failed one offers 重试 with the same key), the
 * typing notice and the composer (Enter sends, Shift+Enter breaks the line, at most `MAX_MESSAGE_CHARS`).
 */
import { ExclamationCircleOutlined, LoadingOutlined, SendOutlined } from '@ant-design/icons';
import { MAX_MESSAGE_CHARS, type MessageDto } from '@jiebang/contracts';
import { App as AntdApp, Button, Empty, Input, Popconfirm, Space, Tooltip } from 'antd';
import { useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PendingMessage } from '../../hooks/useNegotiationRoom';
import { formatDate } from '../../lib/format';
import { workflowError } from '../../lib/pipeline';

/** Props of `Conversation`. */
export interface ConversationProps {
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
      message.error(workflowError(err, '撤回失败'));
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
                <div className="nego-bubble">{m.body}</div>
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

/** The message composer. */
function Composer({ canWrite, disabledReason, onSend, onTyping }: ConversationProps) {
  const [text, setText] = useState('');
  const [composing, setComposing] = useState(false);
  const length = [...text].length;
  const tooLong = length > MAX_MESSAGE_CHARS;
  const empty = text.trim() === '';
  const sendable = canWrite && !empty && !tooLong;

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
      </div>
    </div>
  );
}
