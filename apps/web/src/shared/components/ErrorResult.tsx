/** Error state for a failed API call: the server's message and a 重试 button. */
import { Button, Result, Space } from 'antd';
import type { ReactNode } from 'react';
import type { ApiErrorBody } from '@jiebang/contracts';
import { ApiError } from '../../api/errors';
import { errorText } from '../lib/apiErrors';

/** Props of `ErrorResult`. */
export interface ErrorResultProps {
  /** The failed call's error (an `ApiError`, or the error body a generated query reports). */
  error: Pick<ApiErrorBody, 'statusCode' | 'code' | 'message' | 'correlationId'> & Partial<Pick<ApiErrorBody, 'rule'>>;
  onRetry: () => void;
  title?: string;
  /** Extra actions next to the retry button. */
  extra?: ReactNode;
}

/**
 * Shows an API error with a retry button: what `errorText` tells users (the server's plain-Chinese message
 * without seed numbers, a cited rule in words), and the request's reference number for the help desk when there
 * is one. The machine-readable code is never shown (it stays in the API body).
 */
export function ErrorResult({ error, onRetry, title = '加载失败', extra }: ErrorResultProps) {
  return (
    <Result
      data-testid="error-state"
      status="error"
      title={title}
      subTitle={
        <span>
          <span data-testid="error-message">
            {errorText(error instanceof ApiError ? error : new ApiError(error), '加载失败，请稍后重试')}
          </span>
          {error.correlationId ? <span className="error-code">（查询编号 {error.correlationId}）</span> : null}
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
