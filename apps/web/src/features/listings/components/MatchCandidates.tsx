/** 匹配候选: eligible organisations ranked for a listing (`GET /listings/:id/matches`), with score parts. */
import { TeamOutlined, WarningOutlined } from '@ant-design/icons';
import { ORG_TYPE_LABELS, type MatchPage, type OrgMatchDto } from '@jiebang/contracts';
import { Card, Empty, Pagination, Skeleton, Tag, Tooltip } from 'antd';
import { Link } from 'react-router-dom';
import type { ApiErrorViewProps } from '../../../shared/components/Forbidden';
import { regionLabel } from '../../../shared/lib/format';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { ScoreBadge, ScoreParts } from './ScoreParts';

/** Props of `MatchCandidatesCard`. */
export interface MatchCandidatesCardProps {
  data: MatchPage<OrgMatchDto> | undefined;
  error: ApiErrorViewProps['error'] | null | undefined;
  loading: boolean;
  retry: () => void;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
}

/** One ranked candidate. */
function MatchRow({ m, rank }: { m: OrgMatchDto; rank: number }) {
  const region = regionLabel(m.regionCode, m.regionName);
  return (
    <li className="match-row" data-testid="match-row" data-org-id={m.orgId} data-rank={rank}>
      <div className={rank <= 3 ? 'match-rank match-rank-top' : 'match-rank'} aria-label={`第${rank}名`}>
        {rank}
      </div>
      <div className="match-main">
        <div className="match-head">
          <Link to={`/organizations/${encodeURIComponent(m.orgId)}`} className="match-name" data-testid="match-name">
            {m.name}
          </Link>
          <Tag>{ORG_TYPE_LABELS[m.type] ?? m.type}</Tag>
          {region ? <span className="muted match-region">{region}</span> : null}
        </div>
        {m.warnings.length ? (
          <div className="match-warnings">
            {m.warnings.map((w) => (
              <Tooltip key={`${w.code}:${w.message}`} title={w.message}>
                <Tag color="gold" icon={<WarningOutlined />} data-testid="match-warning">
                  {w.message.length > 24 ? `${w.message.slice(0, 23)}…` : w.message}
                </Tag>
              </Tooltip>
            ))}
          </div>
        ) : null}
        <ScoreParts parts={m.parts} />
      </div>
      <ScoreBadge score={m.score} />
    </li>
  );
}

/** The 匹配候选 card. */
export function MatchCandidatesCard({
  data,
  error,
  loading,
  retry,
  page,
  pageSize,
  onPageChange,
}: MatchCandidatesCardProps) {
  let body;
  if (error) {
    body = <ApiErrorView error={error} onRetry={retry} title="匹配候选加载失败" compact />;
  } else if (loading || !data) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (data.items.length === 0) {
    body = (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={data.total > 0 ? '该页没有候选单位' : '暂无符合揭榜条件的候选单位'}
        data-testid="matches-empty"
      />
    );
  } else {
    const first = (data.page - 1) * data.pageSize;
    body = (
      <>
        <ol className="match-list">
          {data.items.map((m, i) => (
            <MatchRow key={m.orgId} m={m} rank={first + i + 1} />
          ))}
        </ol>
        {data.total > pageSize ? (
          <Pagination
            className="match-pagination"
            align="center"
            size="small"
            current={page}
            pageSize={pageSize}
            total={data.total}
            showSizeChanger={false}
            showTotal={(total) => `共 ${total} 家`}
            onChange={onPageChange}
          />
        ) : null}
      </>
    );
  }

  return (
    <Card
      className="panel-card"
      data-testid="match-candidates"
      data-state={error ? 'error' : loading || !data ? 'loading' : data.items.length ? 'ready' : 'empty'}
      title={
        <span>
          <TeamOutlined /> 匹配候选
        </span>
      }
      extra={data && !error ? <span className="muted">共 {data.total} 家符合揭榜条件的单位，按匹配度排序</span> : null}
    >
      {body}
    </Card>
  );
}
