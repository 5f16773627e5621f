/**
 * Pieces of the posting form's card: the 已自动保存 indicator of its header and the alert of a posting refusal.
 */
import { CheckCircleOutlined, CloudSyncOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { PostingBlock } from '../../../shared/lib/pipeline';
import { MIN_TITLE, type SaveState } from './listingFormModel';

/** The 已自动保存 indicator. */
export function SaveIndicator({ save, onRetry }: { save: SaveState; onRetry: () => void }) {
  let content: ReactNode = <span className="muted">修改后自动保存</span>;
  if (save.state === 'needTitle') content = <span className="muted">填写名称(至少{MIN_TITLE}个字)后自动保存草稿</span>;
  if (save.state === 'pending') content = <span className="muted">有未保存的修改…</span>;
  if (save.state === 'saving')
    content = (
      <span className="muted">
        <CloudSyncOutlined /> 正在保存…
      </span>
    );
  if (save.state === 'saved')
    content = (
      <span className="autosave-ok">
        <CheckCircleOutlined /> 已自动保存 {dayjs(save.at).format('HH:mm:ss')}
      </span>
    );
  if (save.state === 'error')
    content = (
      <span className="autosave-error">
        <ExclamationCircleOutlined /> 自动保存失败：{save.message}
        <Button type="link" size="small" onClick={onRetry}>
          重试
        </Button>
      </span>
    );
  return (
    <span className="autosave-status" data-testid="autosave-status" data-state={save.state} aria-live="polite">
      {content}
    </span>
  );
}

/** The alert of a posting refusal (422 `POSTER_NOT_ELIGIBLE`, `CREDIT_BLACKLISTED`…), in words only. */
export function PostingBlockedAlert({ blocks }: { blocks: PostingBlock[] }) {
  return (
    <Alert
      type="error"
      showIcon
      className="form-alert"
      title="本单位暂不能发布该类榜单"
      data-testid="posting-blocked"
      description={
        <ul className="plain-list">
          {blocks.map((b, i) => (
            <li key={`${b.code}:${i}`} data-testid="posting-block" data-code={b.code}>
              {b.message}
              {b.basis ? <span className="muted">（{b.basis}）</span> : null}
            </li>
          ))}
        </ul>
      }
    />
  );
}
