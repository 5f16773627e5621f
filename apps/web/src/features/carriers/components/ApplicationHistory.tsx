/**
 * The history of a carrier application (`GET /api/v1/carriers/applications/{id}/history`, the audit log): who did
 * what and when, the status move, the reason and the article.
 */
import { auditEventLabel } from '@jiebang/contracts';
import { Empty, Skeleton, Timeline } from 'antd';
import { $api } from '../../../api/query';
import { formatDate } from '../../../shared/lib/format';
import { applicationStatusText } from '../lib/carriers';

/** Chinese names of the carrier events the audit table does not know yet. */
const CARRIER_EVENTS: Record<string, string> = {
  carrier_application_created: '创建申报书',
  carrier_application_submitted: '提交申报',
  carrier_application_recommended: '推荐',
  carrier_application_returned: '退回',
  carrier_formal_review: '形式审查',
  carrier_expert_assigned: '邀请评审专家',
  carrier_expert_opinion: '专家评审意见',
  carrier_expert_review_closed: '专家评审结束',
  carrier_site_visit: '实地考察',
  carrier_decision: '会议研究',
  carrier_notice_opened: '开始公示',
  carrier_objection_lodged: '公示异议',
  carrier_objection_resolved: '处理异议',
  carrier_published: '发文公布',
  carrier_registered: '列入载体名录',
};

/** The action's name: the carrier table, else the shared audit labels, else the code. */
export function carrierEventLabel(action: string): string {
  return CARRIER_EVENTS[action] ?? auditEventLabel(action);
}

/** The timeline of an application's history. */
export function ApplicationHistory({ id }: { id: string }) {
  const h = $api.useQuery('get', '/api/v1/carriers/applications/{id}/history', { params: { path: { id } } });
  if (!h.data) return h.error ? <Empty description="历史记录暂不可用" /> : <Skeleton active />;
  if (h.data.length === 0) return <Empty description="暂无记录" />;
  return (
    <Timeline
      data-testid="application-history"
      items={h.data.map((e) => ({
        key: e.seq,
        children: (
          <div data-testid="application-history-entry">
            <div>
              <strong>{carrierEventLabel(e.action)}</strong> {formatDate(e.at, true)}
              {e.actorName ? ` · ${e.actorName}` : ''}
            </div>
            {e.toStatus ? (
              <div className="muted">
                {e.fromStatus ? `${applicationStatusText(e.fromStatus)} → ` : ''}
                {applicationStatusText(e.toStatus)}
              </div>
            ) : null}
            {e.reason ? <div>{e.reason}</div> : null}
            {e.rule ? <div className="muted">依据:{e.rule}</div> : null}
          </div>
        ),
      }))}
    />
  );
}

/** The reason of the latest return (`toStatus: returned`), or null. */
export function useReturnReason(id: string, enabled: boolean): string | null {
  const h = $api.useQuery(
    'get',
    '/api/v1/carriers/applications/{id}/history',
    { params: { path: { id } } },
    { enabled },
  );
  const last = [...(h.data ?? [])].reverse().find((e) => e.toStatus === 'returned');
  return last?.reason ?? null;
}
