/**
 * Carriers on the board, on a carrier's page (issue 15 §8; RULEBOOK §7 "On the board"): a 技术创新中心's
 * 技术攻关清单 and 成果转化清单 (`003 §22`, public), curated by the users of its 依托单位 from the published listings of
 * its members (the 依托单位 and the co-builders staff recorded, shown beside); the carrier's declared service
 * capacity per field (public; the 依托单位 of a carrier in 运行 declares it, and it counts in matching), and a link to
 * the board filtered by the carrier's kind. The server's refusals (not a member's listing, wrong kind…) are shown as
 * it words them; taking a listing off a list confirms first.
 */
import { CARRIER_LIST_LABEL, FIELD_LABELS, ListingKind, type CurrentUser } from '@jiebang/contracts';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { $api, invalidate } from '../../../api/query';
import { errorText } from '../../../shared/lib/apiErrors';
import { CarrierProjects, POOL_KINDS } from './CarrierProjects';

type CarrierDetailDto = components['schemas']['CarrierDetailDto'];
type CarrierListItemDto = components['schemas']['CarrierListItemDto'];

const LISTS = [ListingKind.Challenge, ListingKind.Achievement] as const;
const fieldLabel = (f: string | null) => (f ? ((FIELD_LABELS as Record<string, string>)[f] ?? f) : '');

/** True when `user` is a user of the carrier's 依托单位 and the carrier is not revoked. */
export function isCarrierHost(user: CurrentUser | null | undefined, c: Pick<CarrierDetailDto, 'hostOrgId' | 'status'>) {
  return !!user?.orgId && user.orgId === c.hostOrgId && c.status !== 'revoked';
}

/** The host's picker: a published listing of the list's kind, found by its title on the board. */
function AddToList({ carrierId, list }: { carrierId: string; list: ListingKind }) {
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string | undefined>();
  const found = $api.useQuery('get', '/api/v1/listings', { params: { query: { kind: list, q, hitsPerPage: 20 } } });
  const add = $api.useMutation('post', '/api/v1/carriers/{id}/lists/{list}/items');
  const submit = async () => {
    if (!picked) return;
    try {
      await add.mutateAsync({ params: { path: { id: carrierId, list } }, body: { listingId: picked } });
      await invalidate('/api/v1/carriers/{id}/lists');
      message.success(`已选入${CARRIER_LIST_LABEL[list]}`);
      setPicked(undefined);
    } catch (e) {
      message.error(errorText(e, '选入失败'));
    }
  };
  return (
    <Space wrap style={{ width: '100%' }} data-testid={`list-add-${list}`}>
      <Select
        showSearch
        filterOption={false}
        onSearch={setQ}
        value={picked}
        onChange={setPicked}
        placeholder="按标题查找成员单位已发布的榜单"
        style={{ minWidth: 260, maxWidth: '100%' }}
        loading={found.isFetching}
        notFoundContent="没有找到榜单"
        options={(found.data?.hits ?? []).map((h) => ({ value: h.id, label: `${h.title}(${h.posterName})` }))}
        data-testid={`list-pick-${list}`}
      />
      <Button type="primary" disabled={!picked} loading={add.isPending} onClick={() => void submit()}>
        选入清单
      </Button>
    </Space>
  );
}

/** One list: its listings with poster and field; the host may take one off (confirmed). */
function CuratedList({
  carrierId,
  list,
  items,
  host,
}: {
  carrierId: string;
  list: ListingKind;
  items: CarrierListItemDto[];
  host: boolean;
}) {
  const { message } = App.useApp();
  const remove = $api.useMutation('delete', '/api/v1/carriers/{id}/lists/{list}/items/{listingId}');
  const onRemove = async (listingId: string) => {
    try {
      await remove.mutateAsync({ params: { path: { id: carrierId, list, listingId } } });
      await invalidate('/api/v1/carriers/{id}/lists');
      message.success('已移出清单');
    } catch (e) {
      message.error(errorText(e, '移出失败'));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {host ? <AddToList carrierId={carrierId} list={list} /> : null}
      {items.length === 0 ? (
        <Empty description={`${CARRIER_LIST_LABEL[list]}暂无榜单`} />
      ) : (
        <List
          size="small"
          dataSource={items}
          data-testid={`list-${list}`}
          pagination={items.length > 10 ? { pageSize: 10, size: 'small' } : false}
          renderItem={(i) => (
            <List.Item
              data-testid="list-item"
              actions={
                host
                  ? [
                      <Popconfirm
                        key="remove"
                        title={`将「${i.title}」移出${CARRIER_LIST_LABEL[list]}?`}
                        okText="确认移出"
                        cancelText="取消"
                        onConfirm={() => void onRemove(i.listingId)}
                      >
                        <Button size="small" danger data-testid="list-item-remove">
                          移出
                        </Button>
                      </Popconfirm>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={<Link to={`/listings/${encodeURIComponent(i.listingId)}`}>{i.title}</Link>}
                description={
                  <Space wrap size={4}>
                    <span>{i.posterName}</span>
                    {i.field ? <Tag color="cyan">{fieldLabel(i.field)}</Tag> : null}
                    {i.status === 'closed' ? <Tag>已关闭</Tag> : null}
                    {i.note ? <span className="muted">{i.note}</span> : null}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Space>
  );
}

/** The host's capacity form: one row per registered field (lines and what they can do), replacing the last. */
function CapacityForm({ c, current }: { c: CarrierDetailDto; current: components['schemas']['CarrierCapacityDto'][] }) {
  const { message } = App.useApp();
  const declare = $api.useMutation('put', '/api/v1/carriers/{id}/capacity');
  const initial = Object.fromEntries(c.fields.map((f) => [f, current.find((x) => x.field === f)]));
  const onFinish = async (v: Record<string, { pilotLines?: number | null; description?: string }>) => {
    const items = c.fields
      .map((field) => ({ field, ...v[field] }))
      .filter((i) => i.description?.trim())
      .map((i) => ({
        field: i.field as never,
        pilotLines: i.pilotLines ?? 0,
        description: (i.description ?? '').trim(),
      }));
    try {
      await declare.mutateAsync({ params: { path: { id: c.id } }, body: { items } });
      await invalidate('/api/v1/carriers/{id}/capacity');
      message.success('服务能力已登记,匹配时计入');
    } catch (e) {
      message.error(errorText(e, '登记失败'));
    }
  };
  return (
    <Form
      layout="vertical"
      onFinish={(v) => void onFinish(v)}
      initialValues={Object.fromEntries(
        Object.entries(initial).map(([f, x]) => [
          f,
          { pilotLines: x?.pilotLines ?? 0, description: x?.description ?? '' },
        ]),
      )}
      data-testid="capacity-form"
    >
      {c.fields.map((f) => (
        <Space key={f} wrap align="start" style={{ display: 'flex' }}>
          <Form.Item name={[f, 'pilotLines']} label={`${fieldLabel(f)}:中试/验证线(条)`}>
            <InputNumber min={0} max={999} precision={0} data-testid={`capacity-lines-${f}`} />
          </Form.Item>
          <Form.Item name={[f, 'description']} label="服务能力说明(留空则不登记该领域)">
            <Input.TextArea
              rows={2}
              maxLength={1000}
              style={{ width: 320, maxWidth: '100%' }}
              data-testid={`capacity-description-${f}`}
            />
          </Form.Item>
        </Space>
      ))}
      <Button type="primary" htmlType="submit" loading={declare.isPending} data-testid="capacity-submit">
        登记服务能力
      </Button>
    </Form>
  );
}

/** Props of `CarrierLists`. */
export interface CarrierListsProps {
  c: CarrierDetailDto;
  user?: CurrentUser | null;
}

/** The carrier's lists (a 技术创新中心), members and service capacity; the host's curation and declaration. */
export function CarrierLists({ c, user }: CarrierListsProps) {
  const centre = c.kind === 'innovation_center';
  const host = isCarrierHost(user, c);
  const path = { params: { path: { id: c.id } } };
  const lists = $api.useQuery('get', '/api/v1/carriers/{id}/lists', path, { enabled: centre });
  const members = $api.useQuery('get', '/api/v1/carriers/{id}/members', path, { enabled: centre });
  const capacity = $api.useQuery('get', '/api/v1/carriers/{id}/capacity', path);
  const capacities = capacity.data?.items ?? [];
  return (
    <>
      {centre ? (
        <Card
          title="技术攻关清单与成果转化清单(003 §22)"
          size="small"
          data-testid="carrier-lists"
          extra={<Link to={`/?posterCarrierKind=${c.kind}`}>榜单中的技术创新中心</Link>}
        >
          <Tabs
            items={LISTS.map((list) => ({
              key: list,
              label: `${CARRIER_LIST_LABEL[list]}(${lists.data?.[list].length ?? 0})`,
              children: <CuratedList carrierId={c.id} list={list} items={lists.data?.[list] ?? []} host={host} />,
            }))}
          />
          <Typography.Paragraph className="muted" style={{ marginTop: 12 }} data-testid="carrier-members">
            成员单位:
            {(members.data?.items ?? []).map((m) => (
              <Tag key={m.orgId}>
                {m.orgName}({m.roleLabel})
              </Tag>
            ))}
            {host ? <span>只能选入以上单位发布的榜单;共建、成员单位由科技厅登记。</span> : null}
          </Typography.Paragraph>
        </Card>
      ) : null}
      <Card title="服务能力" size="small" data-testid="carrier-capacity">
        {capacities.length === 0 ? (
          <Empty description="尚未登记服务能力" />
        ) : (
          <List
            size="small"
            dataSource={capacities}
            renderItem={(x) => (
              <List.Item data-testid="capacity-item">
                <Space wrap>
                  <Tag color="cyan">{fieldLabel(x.field)}</Tag>
                  <span>中试/验证线 {x.pilotLines} 条</span>
                  <span>{x.description}</span>
                </Space>
              </List.Item>
            )}
          />
        )}
        {host && c.status === 'operating' && c.fields.length && capacity.data ? (
          <div style={{ marginTop: 12 }}>
            <CapacityForm key={capacity.dataUpdatedAt} c={c} current={capacities} />
          </div>
        ) : null}
      </Card>
      {host && POOL_KINDS.includes(c.kind) ? <CarrierProjects c={c} /> : null}
    </>
  );
}
