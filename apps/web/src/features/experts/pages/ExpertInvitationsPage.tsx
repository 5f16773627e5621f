/**
 * 我的评审邀请 (`/expert/invitations`, experts): every invitation — 需求论证 of a listing, 评审 of an application —
 * with what it still needs from the expert and by when; finished ones are marked done. The work itself is done on
 * 专家评审 (`/expert`).
 */
import { MailOutlined } from '@ant-design/icons';
import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { $api } from '../../../api/query';
import { ApiErrorView } from '../../../shared/components/Forbidden';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';

/** One invitation. */
type ExpertInvitationDto = components['schemas']['ExpertInvitationDto'];

/** A date and time in Beijing time, e.g. `2026-12-14 10:00`. */
function beijing(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }).slice(0, -3);
}

/** The page. */
export function ExpertInvitationsPage() {
  useDocumentTitle('我的评审邀请');
  const list = $api.useQuery('get', '/api/v1/experts/me/invitations');
  return (
    <Card
      className="staff-card"
      data-testid="expert-invitations-page"
      title={
        <span>
          <MailOutlined /> 我的评审邀请
        </span>
      }
      extra={<Link to="/expert">去评审</Link>}
    >
      {list.error ? (
        <ApiErrorView error={list.error} onRetry={() => void list.refetch()} title="邀请加载失败" />
      ) : (
        <Table<ExpertInvitationDto>
          rowKey={(r) => `${r.subjectType}:${r.subjectId}`}
          loading={list.isFetching}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: '暂无评审邀请' }}
          columns={[
            { title: '类型', dataIndex: 'kind' },
            {
              title: '项目',
              key: 'title',
              render: (_, r) =>
                r.subjectType === 'listing' ? <Link to={`/listings/${r.subjectId}`}>{r.title}</Link> : r.title,
            },
            { title: '当前状态', dataIndex: 'status' },
            {
              title: '需要您做的',
              key: 'needs',
              render: (_, r) =>
                r.done ? <Tag color="green">已完成</Tag> : (r.needs ?? <span className="muted">暂无</span>),
            },
            { title: '请于此前完成', key: 'due', render: (_, r) => (r.dueAt ? beijing(r.dueAt) : '—') },
            { title: '邀请时间', key: 'at', render: (_, r) => beijing(r.invitedAt) },
          ]}
        />
      )}
    </Card>
  );
}
