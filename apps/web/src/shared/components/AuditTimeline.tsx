/**
 * 审计记录 of a listing or an application (`GET /listings/:id/history`, `GET /applications/:id/history`):
 * a timeline of who did what and when, the status change, the reason and the rule applied. The log is
 * append-only and hash-chained; each entry's hash prefix is shown for reference. Read through TanStack Query: an
 * action elsewhere refreshes it with `invalidate('/api/v1/listings/{id}/history')` (or the application's path).
 */
import { HistoryOutlined } from '@ant-design/icons';
import type { AuditEntryDto } from '@jiebang/contracts';
import { Button, Drawer, Empty, Skeleton, Tag, Timeline } from 'antd';
import { useState } from 'react';
import { $api } from '../../api/query';
import { formatDate } from '../lib/format';
import { basisText } from '../lib/rules';
import { auditActionLabel, workflowStatusLabel } from '../lib/pipeline';
import { ApiErrorView } from './Forbidden';

/** What the history belongs to. */
export interface AuditSubject {
  type: 'listing' | 'application';
  id: string;
  /** Shown in the drawer title. */
  title?: string;
}

/**
 * The timeline of one entity, read through the history query of its kind; an action elsewhere refreshes it by
 * invalidating that path (`/api/v1/listings/{id}/history`, `/api/v1/applications/{id}/history`).
 */
export function AuditTimeline({ subject }: { subject: AuditSubject }) {
  const params = { params: { path: { id: subject.id } } };
  const listing = $api.useQuery('get', '/api/v1/listings/{id}/history', params, {
    enabled: subject.type === 'listing',
  });
  const application = $api.useQuery('get', '/api/v1/applications/{id}/history', params, {
    enabled: subject.type === 'application',
  });
  const { data, error, refetch } = subject.type === 'listing' ? listing : application;
  if (error) return <ApiErrorView error={error} onRetry={() => void refetch()} title="审计记录加载失败" compact />;
  if (!data) return <Skeleton active paragraph={{ rows: 3 }} />;
  if (data.length === 0) return <Empty description="暂无审计记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Timeline
      className="audit-timeline"
      data-testid="audit-timeline"
      items={data.map((e) => ({
        key: e.seq,
        color: e.toStatus === 'rejected' || e.toStatus === 'declined' ? 'red' : 'blue',
        content: <AuditItem entry={e} />,
      }))}
    />
  );
}

/** One entry. */
function AuditItem({ entry: e }: { entry: AuditEntryDto }) {
  const from = workflowStatusLabel(e.entityType, e.fromStatus);
  const to = workflowStatusLabel(e.entityType, e.toStatus);
  return (
    <div className="audit-entry" data-testid="audit-entry" data-action={e.action}>
      <div className="audit-head">
        <strong>{auditActionLabel(e.action)}</strong>
        <span className="muted">{formatDate(e.at, true)}</span>
        <span>{e.actorName ?? '系统'}</span>
      </div>
      {from || to ? (
        <div className="audit-status">
          {from ? <Tag>{from}</Tag> : null}
          {from && to ? <span className="muted">→</span> : null}
          {to ? <Tag color="blue">{to}</Tag> : null}
        </div>
      ) : null}
      {e.reason ? <div className="audit-reason long-text">理由：{e.reason}</div> : null}
      <div className="audit-meta muted">
        {basisText(e.rule) ? <span>{basisText(e.rule)}</span> : null}
        <span title={e.hash}>
          记录号 {e.seq} · 校验 {e.hash.slice(0, 10)}
        </span>
      </div>
    </div>
  );
}

/** A 审计记录 button opening the timeline in a drawer. */
export function AuditButton({ subject, size = 'small' }: { subject: AuditSubject; size?: 'small' | 'middle' }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        type="link"
        size={size}
        icon={<HistoryOutlined />}
        onClick={() => setOpen(true)}
        data-testid="audit-button"
      >
        审计记录
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={`审计记录${subject.title ? ` · ${subject.title}` : ''}`}
        size={520}
        destroyOnHidden
      >
        {open ? <AuditTimeline subject={subject} /> : null}
      </Drawer>
    </>
  );
}
