/** 无权访问 (HTTP 403 or a role the page is not for), and a view of an API error that picks it for 403. */
import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import type { ApiErrorBody } from '@jiebang/contracts';
import { hasChinese, withoutRuleRefs } from '../lib/apiErrors';
import { ErrorResult } from './ErrorResult';

/** Props of `Forbidden`. */
export interface ForbiddenProps {
  description?: ReactNode;
  /** Compact rendering inside a card (no big illustration, no back button). */
  compact?: boolean;
}

/** The 无权访问 result. */
export function Forbidden({ description = '您的账号无权访问此内容。', compact = false }: ForbiddenProps) {
  const navigate = useNavigate();
  if (compact) {
    return (
      <div className="forbidden-inline" data-testid="forbidden">
        <strong>无权访问</strong>
        <span className="muted">{description}</span>
      </div>
    );
  }
  return (
    <Result
      status="403"
      title="无权访问"
      subTitle={description}
      data-testid="forbidden"
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          返回榜单
        </Button>
      }
    />
  );
}

/** Props of `ApiErrorView`. */
export interface ApiErrorViewProps {
  /** The failed call's error (an `ApiError`, or the error body a generated query reports). */
  error: Pick<ApiErrorBody, 'statusCode' | 'code' | 'message' | 'correlationId'> & Partial<Pick<ApiErrorBody, 'rule'>>;
  onRetry: () => void;
  title?: string;
  compact?: boolean;
}

/** 无权访问 for a 403, otherwise the usual error result with 重试. */
export function ApiErrorView({ error, onRetry, title, compact }: ApiErrorViewProps) {
  if (error.statusCode === 403) {
    return (
      <Forbidden
        description={hasChinese(error.message) ? withoutRuleRefs(error.message) : undefined}
        compact={compact}
      />
    );
  }
  return <ErrorResult error={error} onRetry={onRetry} title={title} />;
}
