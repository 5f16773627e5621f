/**
 * 载体公示 (`/carriers/notices`, public; issue 15, `000` 四.3, `001 §10(三)`): the carrier applications on public
 * notice, in the reduced public view only (`GET /api/v1/carriers/notices`) — the platform's name, kind, 依托单位,
 * region, fields, the round, the notice period (to 24:00 Beijing time of the last working day) and how to object;
 * never the 申报书's figures, staff lists, evidence files, credit checks or expert opinions. A signed-in user may
 * lodge an objection with its reasons (after a confirmation; `POST /api/v1/carriers/applications/{id}/objections`),
 * a visitor is sent to log in first, as on the marketplace's 揭榜公示. An entry frozen by an objection says so.
 */
import { SoundOutlined } from '@ant-design/icons';
import { FIELD_LABELS } from '@jiebang/contracts';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, List, Modal, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { loginPath } from '../../../auth/AuthContext';
import { useAuth } from '../../../auth/useAuth';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { errorText } from '../../../shared/lib/apiErrors';
import { regionLabel } from '../../../shared/lib/format';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { kindText } from '../lib/carriers';

type Notice = components['schemas']['CarrierNoticeDto'];

/** Notices per page. */
const PAGE_SIZE = 10;

/** The objection dialog: the reasons, then a confirmation. */
function ObjectDialog({ notice, onClose }: { notice: Notice; onClose: () => void }) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ reasons: string }>();
  const lodge = $api.useMutation('post', '/api/v1/carriers/applications/{id}/objections');
  const [error, setError] = useState<string | null>(null);
  const send = async (reasons: string) => {
    try {
      await lodge.mutateAsync({ params: { path: { id: notice.id } }, body: { reasons } });
      await invalidate('/api/v1/carriers/notices');
      message.success('异议已提交,科技厅将核实处理;处理期间公示冻结');
      onClose();
    } catch (e) {
      setError(errorText(e, '提交异议失败'));
    }
  };
  const onOk = async () => {
    const { reasons } = await form.validateFields();
    modal.confirm({
      title: '确认提交异议?',
      content: '异议须实事求是、写明理由;提交后不能撤回,公示将冻结至科技厅处理完毕。',
      okText: '提交',
      cancelText: '再看看',
      okButtonProps: { 'data-testid': 'carrier-objection-confirm' } as never,
      onOk: () => send(reasons.trim()),
    });
  };
  return (
    <Modal
      open
      title={`对“${notice.platformName}”提出异议`}
      okText="提交异议"
      cancelText="取消"
      onOk={() => void onOk().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={lodge.isPending}
      okButtonProps={{ 'data-testid': 'carrier-objection-ok' } as never}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="reasons"
          label="异议理由"
          rules={[
            { required: true, whitespace: true, message: '请写明异议理由' },
            { min: 2, message: '请写明异议理由' },
          ]}
        >
          <Input.TextArea rows={5} maxLength={4000} showCount data-testid="carrier-objection-reasons" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The public list of carrier applications on notice. */
export function CarrierNoticesPage() {
  useDocumentTitle('载体公示');
  const { user } = useAuth();
  const q = $api.useQuery('get', '/api/v1/carriers/notices');
  const [objecting, setObjecting] = useState<Notice | null>(null);
  const items = q.data?.items;

  const objectAction = (n: Notice) =>
    user ? (
      <Button onClick={() => setObjecting(n)} data-testid="carrier-notice-object">
        提出异议
      </Button>
    ) : (
      <Link to={loginPath('/carriers/notices')} data-testid="carrier-notice-login">
        登录后提出异议
      </Link>
    );

  return (
    <Card
      className="staff-card"
      data-testid="carrier-notices-page"
      title={
        <span>
          <SoundOutlined /> 载体公示
        </span>
      }
      extra={<Link to="/carriers">载体备案名录</Link>}
    >
      <Alert
        type="info"
        showIcon
        className="form-alert"
        title="经专家评审、实地考察和会议研究拟备案(认定)的科技创新平台在此公示;公示期内任何单位或个人均可提出异议。"
        description="公示期按工作日计算,截止时间为最后一个工作日 24:00(北京时间)。此处仅公示平台名称、类型、依托单位、所在地区和领域;申报书数据和证明材料不予公开。"
      />
      {q.error ? (
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} title="公示信息加载失败" />
      ) : !items ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="目前没有正在公示的载体申报" />
      ) : (
        <List
          dataSource={items}
          pagination={items.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, size: 'small' } : false}
          data-testid="carrier-notices"
          renderItem={(n) => (
            <List.Item key={n.id}>
              <Card
                size="small"
                style={{ width: '100%' }}
                data-testid="carrier-notice"
                data-id={n.id}
                data-status={n.status}
                title={<span style={{ whiteSpace: 'normal' }}>{n.platformName}</span>}
                extra={
                  n.status === 'objection' ? (
                    <Tag color="orange" data-testid="carrier-notice-frozen">
                      异议处理中,公示冻结
                    </Tag>
                  ) : (
                    <Tag color="blue">公示中</Tag>
                  )
                }
              >
                <Descriptions
                  size="small"
                  column={{ xs: 1, md: 2 }}
                  items={[
                    { key: 'kind', label: '类型', children: kindText(n.kind, n.intlBaseType) },
                    { key: 'host', label: '依托单位', children: n.hostOrgName },
                    { key: 'region', label: '所在地区', children: regionLabel(n.regionCode) ?? '—' },
                    {
                      key: 'fields',
                      label: '所属领域',
                      children: n.fields.length
                        ? n.fields.map((f) => FIELD_LABELS[f as keyof typeof FIELD_LABELS] ?? f).join('、')
                        : '—',
                    },
                    { key: 'round', label: '申报批次', children: n.roundTitle },
                    {
                      key: 'period',
                      label: '公示期',
                      children: (
                        <span data-testid="carrier-notice-period">
                          {n.noticeFirstDay ?? '—'} 至 {n.noticeLastDay ?? '—'} 24:00
                        </span>
                      ),
                    },
                  ]}
                />
                <div className="muted" style={{ margin: '8px 0' }} data-testid="carrier-notice-how">
                  {n.howToObject}
                </div>
                {objectAction(n)}
              </Card>
            </List.Item>
          )}
        />
      )}
      {objecting ? <ObjectDialog notice={objecting} onClose={() => setObjecting(null)} /> : null}
    </Card>
  );
}
