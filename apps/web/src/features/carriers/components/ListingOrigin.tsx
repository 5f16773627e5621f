/**
 * Where a 成果转化 listing came from (issue 15 §8; `001 §14`: one project database follows a project from concept
 * validation to a pilot base and on to a listing): `来源:概念验证 内蒙古自治区X概念验证中心 → 中试 内蒙古自治区Y中试基地`,
 * each stage linking to its carrier, with the project's steps on hover. From
 * `GET /api/v1/carriers/listing-origin/{listingId}`; a listing that came from no carrier project (404) shows nothing.
 */
import { Space, Tooltip } from 'antd';
import { Fragment } from 'react';
import { Link } from 'react-router-dom';
import { $api } from '../../../api/query';
import { formatDate } from '../../../shared/lib/format';

/** The origin line of a listing, or nothing. */
export function ListingOrigin({ listingId }: { listingId: string }) {
  const origin = $api.useQuery(
    'get',
    '/api/v1/carriers/listing-origin/{listingId}',
    { params: { path: { listingId } } },
    { retry: false },
  );
  const o = origin.data;
  if (!o || !o.stages.length) return null;
  const steps = o.history.map((h) => `${formatDate(h.at)} ${h.carrierName} ${h.actionLabel}`).join(';');
  return (
    <Tooltip title={steps}>
      <Space wrap size={4} className="detail-subtitle" data-testid="listing-origin">
        <span>来源:</span>
        {o.stages.map((s, i) => (
          <Fragment key={`${s.carrierId}-${i}`}>
            {i > 0 ? <span aria-hidden>→</span> : null}
            <span>
              {s.stageLabel} <Link to={`/carriers/${encodeURIComponent(s.carrierId)}`}>{s.carrierName}</Link>
            </span>
          </Fragment>
        ))}
      </Space>
    </Tooltip>
  );
}
