/**
 * 一事一议 of a 技术创新中心 application (issue 15; `003 §12`), for staff (`RunCarrierProgrammes`): one staff member
 * proposes it with reasons (a centre serving a major strategic deployment or a future industry, below the normal
 * thresholds); a second approves or rejects it (the proposer is refused by the server with `SAME_APPROVER`, and is
 * not offered the buttons). Only an approved one lets the formal review pass with missed thresholds. Confirms first.
 */
import { can, Capability, type CurrentUser } from '@jiebang/contracts';
import { App, Button, Card, Input, Popconfirm, Space, Tag } from 'antd';
import { useState } from 'react';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';

type ApplicationDto = components['schemas']['CarrierApplicationDto'];

const STATUS: Record<string, { label: string; color: string }> = {
  proposed: { label: '待审批', color: 'gold' },
  approved: { label: '已批准', color: 'green' },
  rejected: { label: '已否决', color: 'red' },
};

const refresh = () =>
  invalidate('/api/v1/carriers/applications/{id}/case-by-case', '/api/v1/carriers/applications/{id}/history');

/** The panel (nothing for other kinds or users without `RunCarrierProgrammes`). */
export function CaseByCasePanel({ user, app }: { user: CurrentUser; app: ApplicationDto }) {
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const enabled = app.kind === 'innovation_center' && can(user, Capability.RunCarrierProgrammes);
  const list = $api.useQuery(
    'get',
    '/api/v1/carriers/applications/{id}/case-by-case',
    { params: { path: { id: app.id } } },
    { enabled },
  );
  const propose = $api.useMutation('post', '/api/v1/carriers/applications/{id}/case-by-case');
  const approve = $api.useMutation('post', '/api/v1/carriers/case-by-case/{id}/approve');
  const reject = $api.useMutation('post', '/api/v1/carriers/case-by-case/{id}/reject');
  if (!enabled) return null;
  const items = list.data?.items ?? [];
  const live = items.find((d) => d.status !== 'rejected');
  const mayPropose = !live && (app.status === 'submitted' || app.status === 'recommended');
  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      await refresh();
      setText('');
      message.success(ok);
    } catch (e) {
      message.error(errorText(e, '操作失败'));
    }
  };
  return (
    <Card size="small" title="一事一议(003 §12)" data-testid="case-by-case">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {items.length === 0 ? (
          <p className="muted">暂无一事一议。未达到组建条件的申报须经一事一议批准方可通过形式审查。</p>
        ) : null}
        {items.map((d) => (
          <div key={d.id} data-testid="case-record">
            <Space wrap>
              <Tag color={STATUS[d.status]?.color}>{STATUS[d.status]?.label ?? d.status}</Tag>
              <span className="muted">提出于 {d.proposedAt.slice(0, 10)}</span>
            </Space>
            <p>理由:{d.reasons}</p>
            {d.decisionNote ? <p className="muted">审批意见:{d.decisionNote}</p> : null}
          </div>
        ))}
        {live?.status === 'proposed' && live.proposedBy === user.id ? (
          <p className="muted" data-testid="case-own">
            您是提出人,须由另一名工作人员审批
          </p>
        ) : null}
        {live?.status === 'proposed' && live.proposedBy !== user.id ? (
          <>
            <Input.TextArea
              rows={2}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="审批意见"
              data-testid="case-note"
            />
            <Space wrap>
              <Popconfirm
                title="批准后该申报可不受组建条件限制通过形式审查。确定批准?"
                onConfirm={() =>
                  void run(
                    approve.mutateAsync({ params: { path: { id: live.id } }, body: { note: text.trim() } }),
                    '已批准一事一议',
                  )
                }
              >
                <Button type="primary" disabled={text.trim().length < 2} data-testid="case-approve">
                  批准
                </Button>
              </Popconfirm>
              <Popconfirm
                title="确定否决?"
                okButtonProps={{ danger: true }}
                onConfirm={() =>
                  void run(
                    reject.mutateAsync({ params: { path: { id: live.id } }, body: { note: text.trim() } }),
                    '已否决',
                  )
                }
              >
                <Button danger disabled={text.trim().length < 2}>
                  否决
                </Button>
              </Popconfirm>
            </Space>
          </>
        ) : null}
        {mayPropose ? (
          <>
            <Input.TextArea
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="一事一议的理由(落实重大战略部署或面向未来产业布局,至少 10 个字)"
              data-testid="case-reasons"
            />
            <Popconfirm
              title="提出后须由另一名工作人员审批。确定提出?"
              onConfirm={() =>
                void run(
                  propose.mutateAsync({ params: { path: { id: app.id } }, body: { reasons: text.trim() } }),
                  '已提出一事一议,待另一名工作人员审批',
                )
              }
            >
              <Button disabled={text.trim().length < 10} data-testid="case-propose">
                提出一事一议
              </Button>
            </Popconfirm>
          </>
        ) : null}
      </Space>
    </Card>
  );
}
