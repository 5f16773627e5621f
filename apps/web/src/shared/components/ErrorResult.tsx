/** Error state for a failed API call: the server's message and a 重试 button. */
import { Button, Result, Space } from 'antd';
import type { ReactNode } from 'react';
import type { ApiError } from '../../api/client';

/** Props of `ErrorResult`. */
export interface ErrorResultProps {
  error: ApiError;
  onRetry: () => void;
  title?: string;
  /** Extra actions next to the retry button. */
  extra?: ReactNode;
}

/** Shows an API error (message and code) with a retry button. */
export function ErrorResult({ error, onRetry, title = '加载失败', extra }: ErrorResultProps) {
  return (
    <Result
      data-testid="error-state"
      status="error"
      title={title}
      subTitle={
        <span>
          <span data-testid="error-message">{error.message}</span>
          {error.code ? <span className="error-code">（{error.code}）</span> : null}
        </span>
      }
      extra={
        <Space wrap>
          <Button type="primary" onClick={onRetry} data-testid="retry-button">
            重试
          </Button>
          {extra}
        </Space>
      }
    />
  );
}
