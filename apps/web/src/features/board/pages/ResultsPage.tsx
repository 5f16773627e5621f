/**
 * 揭榜结果 (`/results`, public; issue 16 item 11): the board publishes who took each listing and when, once the
 * parties have signed the 揭榜协议 (seed `004 §9(七)` 发布揭榜公告), newest first, from `GET /api/v1/results`. Each
 * row links to the listing (still 已发布, marked 已揭榜) and to the 公示栏 where agreements are publicly noticed
 * before signing. 20 a page; an empty state while nothing has been signed.
 */
import { ArrowLeftOutlined, TrophyOutlined } from '@ant-design/icons';
import { FIELD_LABELS, type ListingResultDto } from '@jiebang/contracts';
import { Card, Empty, Pagination, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { $api } from '../../../api/query';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { KindTag } from '../../../shared/components/tags';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';

/** Results per page. */
const RESULTS_PAGE_SIZE = 20;

/** One 揭榜结果: the listing, its poster, who took it and the signing date. */
function ResultItem({ r }: { r: ListingResultDto }) {
  return (
    <li data-testid="result-row" data-id={r.listingId} style={{ padding: '12px 0', borderBottom: '1px solid #f0f0f0' }}>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', fontWeight: 500 }}>
        <Link to={`/listings/${encodeURIComponent(r.listingId)}`} data-testid="result-listing">
          {r.listingTitle}
        </Link>
        <KindTag kind={r.kind} />
        {r.field ? <Tag color="cyan">{FIELD_LABELS[r.field] ?? r.field}</Tag> : null}
        <Tag color="gold" icon={<TrophyOutlined />}>
          已揭榜
        </Tag>
      </div>
      <div className="muted" data-testid="result-text" style={{ marginTop: 4 }}>
        发榜单位:{r.posterName};揭榜单位:<strong>{r.takerName}</strong>;签约日期:{r.signedOn}
      </div>
    </li>
  );
}

/** The public 揭榜结果 page. */
export function ResultsPage() {
  useDocumentTitle('揭榜结果');
  const results = $api.useQuery('get', '/api/v1/results');
  const rows = results.data;
  const [page, setPage] = useState(1);
  const shown = rows?.slice((page - 1) * RESULTS_PAGE_SIZE, page * RESULTS_PAGE_SIZE) ?? [];
  return (
    <Card
      className="results-page"
      data-testid="results-page"
      title={
        <span>
          <TrophyOutlined /> 揭榜结果
        </span>
      }
      extra={
        <Link to="/">
          <ArrowLeftOutlined /> 返回榜单
        </Link>
      }
    >
      <p className="muted">
        揭榜协议签订后,平台发布揭榜结果:由谁揭榜、何时签约。签约前的协议公示见
        <Link to="/notices">公示栏</Link>。
      </p>
      {results.error ? (
        <ErrorResult error={results.error} onRetry={() => void results.refetch()} title="揭榜结果加载失败" />
      ) : !rows ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : rows.length === 0 ? (
        <Empty data-testid="results-empty" description="尚无已签约的揭榜结果" />
      ) : (
        <>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {shown.map((r) => (
              <ResultItem key={r.listingId} r={r} />
            ))}
          </ul>
          {rows.length > RESULTS_PAGE_SIZE ? (
            <Pagination
              align="center"
              style={{ marginTop: 16 }}
              current={page}
              pageSize={RESULTS_PAGE_SIZE}
              total={rows.length}
              showSizeChanger={false}
              onChange={setPage}
            />
          ) : null}
        </>
      )}
    </Card>
  );
}
