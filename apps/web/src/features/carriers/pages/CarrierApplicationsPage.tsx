/**
 * 我的载体申报 (`/carriers/applications`, organisation users; issue 15 §2): the organisation's applications
 * (`GET /api/v1/carriers/applications`) with their status, and a new application in an open round
 * (`GET /api/v1/carriers/rounds`, `POST /api/v1/carriers/applications`): the round, one kind per application (and
 * the 国合基地 type, `002 §4`), the platform's name, and whether it applies directly (universities, institutes,
 * 中央驻区单位: `001 §10(一)`, `002` 二(一)) or through its 归口管理部门 — its 盟市 by default, or a 自治区部门 it
 * names (`000` 四.1; the server refuses another 盟市). One platform, one application per round
 * (`000` 五.3): the server refuses a repeat with `CARRIER_APPLICATION_DUPLICATE`.
 */
import { PlusOutlined } from '@ant-design/icons';
import { AUTHORITIES, CARRIER_KIND_LABEL, INTL_COOP_BASE_TYPE_LABEL } from '@jiebang/contracts';
import { App, Button, Card, Checkbox, Empty, Form, Input, List, Modal, Select, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { $api } from '../../../api/query';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { errorText } from '../../../shared/lib/apiErrors';
import { formatDate } from '../../../shared/lib/format';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { CarrierApplicationStatusTag } from '../components/CarrierTags';
import { carriersChanged, kindText } from '../lib/carriers';

interface NewValues {
  roundId: string;
  kind: string;
  intlBaseType?: string;
  platformName: string;
  direct?: boolean;
  nationalLevel?: boolean;
  /** A 自治区部门 as 归口管理部门; empty = the 盟市 of the organisation's region. */
  authority?: string;
}

/** The 自治区部门 an applicant may report to instead of its 盟市 (`000` 四.1). */
const DEPARTMENTS = AUTHORITIES.filter((a) => a.kind === 'department').map((a) => ({ value: a.code, label: a.name }));

/** The dialog of a new application. */
function NewApplication({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<NewValues>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const rounds = $api.useQuery('get', '/api/v1/carriers/rounds', {}, { enabled: open });
  const create = $api.useMutation('post', '/api/v1/carriers/applications');
  const openRounds = (rounds.data?.items ?? []).filter((r) => r.status === 'open');
  const roundId = Form.useWatch('roundId', form);
  const kind = Form.useWatch('kind', form);
  const direct = Form.useWatch('direct', form);
  const round = openRounds.find((r) => r.id === roundId);
  const submit = async (v: NewValues) => {
    try {
      const created = await create.mutateAsync({
        body: {
          roundId: v.roundId,
          kind: v.kind as never,
          platformName: v.platformName.trim(),
          ...(v.intlBaseType ? { intlBaseType: v.intlBaseType as never } : {}),
          direct: !!v.direct,
          nationalLevel: !!v.nationalLevel,
          ...(!v.direct && v.authority ? { authority: v.authority } : {}),
        },
      });
      await carriersChanged();
      message.success('已创建申报书草稿');
      void navigate(`/carriers/applications/${encodeURIComponent(created.id)}`);
    } catch (e) {
      message.error(errorText(e, '创建失败'));
    }
  };
  return (
    <Modal
      open={open}
      title="新建载体申报"
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="创建草稿"
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'new-application-ok' } as never}
      destroyOnHidden
    >
      {rounds.isLoading ? (
        <Skeleton active />
      ) : openRounds.length === 0 ? (
        <Empty data-testid="no-open-round" description="当前没有正在受理的申报批次" />
      ) : (
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="roundId" label="申报批次" rules={[{ required: true, message: '请选择申报批次' }]}>
            <Select
              data-testid="new-application-round"
              options={openRounds.map((r) => ({
                value: r.id,
                label: `${r.title}(${r.documentNo},${r.opensOn} 至 ${r.closesOn})`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="kind"
            label="载体类型(每份申报限一类)"
            rules={[{ required: true, message: '请选择载体类型' }]}
          >
            <Select
              data-testid="new-application-kind"
              disabled={!round}
              options={(round?.kinds ?? []).map((k) => ({
                value: k,
                label: (CARRIER_KIND_LABEL as Record<string, string>)[k] ?? k,
              }))}
            />
          </Form.Item>
          {kind === 'intl_coop_base' ? (
            <>
              <Form.Item
                name="intlBaseType"
                label="国合基地类型"
                rules={[{ required: true, message: '请选择国合基地类型' }]}
              >
                <Select
                  options={Object.entries(INTL_COOP_BASE_TYPE_LABEL).map(([value, label]) => ({ value, label }))}
                />
              </Form.Item>
              <Form.Item name="nationalLevel" valuePropName="checked">
                <Checkbox>已是国家级国际科技合作基地(自动备案,不占推荐名额)</Checkbox>
              </Form.Item>
            </>
          ) : null}
          <Form.Item
            name="platformName"
            label="平台名称"
            rules={[
              { required: true, whitespace: true, message: '请填写平台名称' },
              { max: 100, message: '平台名称不超过 100 字' },
            ]}
            extra="同一平台只能通过一个归口管理部门申报一次,不得变换名称重复申报"
          >
            <Input data-testid="new-application-name" placeholder="如 稀土功能材料中试基地" />
          </Form.Item>
          <Form.Item name="direct" valuePropName="checked">
            <Checkbox data-testid="new-application-direct">
              直接申报(自治区直属高校、科研院所、中央驻区单位等,不经盟市推荐)
            </Checkbox>
          </Form.Item>
          {direct ? null : (
            <Form.Item
              name="authority"
              label="归口管理部门"
              extra="默认由本单位所在盟市科技局审核推荐;归口自治区有关部门的,请选择该部门"
            >
              <Select
                allowClear
                data-testid="new-application-authority"
                placeholder="本单位所在盟市科技局"
                options={DEPARTMENTS}
              />
            </Form.Item>
          )}
        </Form>
      )}
    </Modal>
  );
}

/** The organisation's carrier applications. */
export function CarrierApplicationsPage() {
  useDocumentTitle('我的载体申报');
  const [creating, setCreating] = useState(false);
  const list = $api.useQuery('get', '/api/v1/carriers/applications', { params: { query: { pageSize: 50 } } });
  const items = list.data?.items;
  return (
    <Card
      title="我的载体申报"
      data-testid="carrier-applications"
      extra={
        <Space wrap>
          <Link to="/carriers">载体平台名录</Link>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="new-application"
          >
            新建申报
          </Button>
        </Space>
      }
    >
      {list.error ? (
        <ErrorResult error={list.error} onRetry={() => void list.refetch()} title="申报加载失败" />
      ) : !items ? (
        <Skeleton active />
      ) : items.length === 0 ? (
        <Empty data-testid="carrier-applications-empty" description="本单位尚无载体申报" />
      ) : (
        <List
          dataSource={items}
          rowKey={(a) => a.id}
          renderItem={(a) => (
            <List.Item data-testid="carrier-application-row">
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Link to={`/carriers/applications/${encodeURIComponent(a.id)}`}>{a.platformName}</Link>
                    <CarrierApplicationStatusTag status={a.status} />
                  </Space>
                }
                description={`${kindText(a.kind, a.intlBaseType)} · ${a.roundTitle} · 更新于 ${formatDate(a.updatedAt, true) ?? ''}`}
              />
            </List.Item>
          )}
        />
      )}
      <NewApplication open={creating} onClose={() => setCreating(false)} />
    </Card>
  );
}
