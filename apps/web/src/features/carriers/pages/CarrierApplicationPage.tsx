/**
 * 载体申报书 (`/carriers/applications/:id`, the applying organisation; issue 15 §2): the structured 申报书 of one
 * application — the platform's name and fields, the figures of the round's rule set (space in m², staff and
 * advisers by category, equipment value and money in 万元, the project pool, performance figures; `001 §8–§9`,
 * `002 §5–§7`, `003 §10–§19`), the annex lists (projects, foreign partners for 国合基地, co-builders and branches for
 * 技术创新中心) and the evidence files (uploaded per item, `EvidenceUpload`) — autosaved as a draft (`PATCH /api/v1/carriers/applications/{id}`, 1.5 s after the
 * last change). Submitting asks for the integrity pledge (诚信承诺, `001 §10(一)`) and a confirmation; an incomplete
 * submission lists what is missing (422 `CARRIER_APPLICATION_INCOMPLETE`, `details.missing`). Once submitted the
 * page shows the thresholds met or missed and the steps taken.
 */
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { FIELD_LABELS, type CarrierKind, type CarrierThreshold } from '@jiebang/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Typography,
} from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { components } from '../../../../generated/openapi-schema';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { errorText } from '../../../shared/lib/apiErrors';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { CarrierApplicationStatusTag } from '../components/CarrierTags';
import { EvidenceUpload } from '../components/EvidenceUpload';
import { ApplicationHistory, useReturnReason } from '../components/ApplicationHistory';
import { ThresholdTable } from '../components/ThresholdTable';
import {
  annexesFor,
  formThresholds,
  ruleSetFor,
  toFormValues,
  toStoredForm,
  UNIT_SUFFIX,
} from '../lib/applicationForm';
import { applicationRouteText, carriersChanged, kindText } from '../lib/carriers';

type ApplicationDto = components['schemas']['CarrierApplicationDto'];

/** Milliseconds of quiet before a draft is saved. */
export const AUTOSAVE_DELAY_MS = 1500;

const WAN_PATTERN = /^\d{1,9}(\.\d{1,6})?$/;

/** The input of one threshold's figure. */
function FigureInput({ t }: { t: CarrierThreshold }) {
  const extra = `${t.rule}${t.evidence ? `;佐证:${t.evidence}` : ''}`;
  if (t.unit === 'bool')
    return (
      <Form.Item name={t.key} valuePropName="checked" extra={extra}>
        <Checkbox data-testid={`figure-${t.key}`}>{t.label}</Checkbox>
      </Form.Item>
    );
  if (t.unit === 'ratio' && t.ratioOf)
    return (
      <Form.Item label={t.label} extra={extra} required>
        <Space wrap>
          <Form.Item name={t.ratioOf.part} noStyle>
            <InputNumber min={0} precision={0} placeholder="人数" data-testid={`figure-${t.ratioOf.part}`} />
          </Form.Item>
          <span>/</span>
          <Form.Item name={t.ratioOf.whole} noStyle>
            <InputNumber min={0} precision={0} placeholder="总人数" data-testid={`figure-${t.ratioOf.whole}`} />
          </Form.Item>
        </Space>
      </Form.Item>
    );
  if (t.unit === 'fen')
    return (
      <Form.Item
        name={t.key}
        label={t.label}
        extra={extra}
        rules={[{ pattern: WAN_PATTERN, message: '请填写以“万元”为单位的非负数,最多 6 位小数' }]}
      >
        <Input inputMode="decimal" suffix="万元" style={{ maxWidth: 240 }} data-testid={`figure-${t.key}`} />
      </Form.Item>
    );
  return (
    <Form.Item name={t.key} label={t.label} extra={extra}>
      <InputNumber
        min={0}
        precision={t.unit === 'm2' ? 2 : 0}
        addonAfter={UNIT_SUFFIX[t.unit]}
        style={{ maxWidth: 240 }}
        data-testid={`figure-${t.key}`}
      />
    </Form.Item>
  );
}

const ANNEX: Record<string, { title: string; fields: { name: string; label: string }[]; rule: string }> = {
  projects: {
    title: '项目库(入库项目清单)',
    fields: [
      { name: 'name', label: '项目名称' },
      { name: 'stage', label: '阶段/进展' },
    ],
    rule: '001 §8(五), §9(五)',
  },
  foreignPartners: {
    title: '国外主要合作伙伴',
    fields: [
      { name: 'country', label: '国别' },
      { name: 'name', label: '合作单位' },
    ],
    rule: '002 申请书 九',
  },
  coBuilders: {
    title: '共建单位',
    fields: [
      { name: 'name', label: '单位名称' },
      { name: 'role', label: '分工' },
    ],
    rule: '003 §7',
  },
  branches: {
    title: '分支机构(一般不超过 3 个)',
    fields: [
      { name: 'name', label: '名称' },
      { name: 'function', label: '功能定位' },
    ],
    rule: '003 §19',
  },
};

/** One annex list (Form.List of rows). */
function AnnexList({ name }: { name: string }) {
  const a = ANNEX[name];
  return (
    <Form.List name={name}>
      {(rows, { add, remove }) => (
        <div data-testid={`annex-${name}`}>
          <Typography.Text strong>{a.title}</Typography.Text> <span className="muted">({a.rule})</span>
          {rows.map((row) => (
            <Space key={row.key} wrap align="baseline" style={{ display: 'flex', marginTop: 8 }}>
              {a.fields.map((f) => (
                <Form.Item key={f.name} name={[row.name, f.name]} noStyle>
                  <Input placeholder={f.label} style={{ width: 200 }} />
                </Form.Item>
              ))}
              <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label="删除此行" />
            </Space>
          ))}
          <div style={{ marginTop: 8 }}>
            <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid={`annex-${name}-add`}>
              添加一行
            </Button>
          </div>
        </div>
      )}
    </Form.List>
  );
}

/** The editable 申报书 of a draft or returned application. */
function ApplicationForm({ app }: { app: ApplicationDto }) {
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const rounds = $api.useQuery('get', '/api/v1/carriers/rounds');
  const ruleSetId = rounds.data?.items.find((r) => r.id === app.roundId)?.ruleSetId ?? null;
  const rs = useMemo(() => ruleSetFor(ruleSetId, app.kind as CarrierKind), [ruleSetId, app.kind]);
  const thresholds = useMemo(() => formThresholds(rs, app.kind as CarrierKind, app.intlBaseType), [rs, app]);
  const save = $api.useMutation('patch', '/api/v1/carriers/applications/{id}');
  const submit = $api.useMutation('post', '/api/v1/carriers/applications/{id}/submit');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ key: string; label: string }[] | null>(null);
  const [pledged, setPledged] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const initial = useMemo(
    () => ({ platformName: app.platformName, ...toFormValues(app.form ?? {}, thresholds) }),
    // The form is seeded once per application; later refetches must not overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [app.id],
  );

  const saveNow = async (): Promise<boolean> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { platformName, ...rest } = form.getFieldsValue(true) as Record<string, unknown>;
    try {
      await save.mutateAsync({
        params: { path: { id: app.id } },
        body: {
          ...(typeof platformName === 'string' && platformName.trim().length >= 2
            ? { platformName: platformName.trim() }
            : {}),
          form: toStoredForm(rest, thresholds),
        },
      });
      setSavedAt(new Date().toLocaleTimeString('zh-CN', { hour12: false }));
      setSaveError(null);
      return true;
    } catch (e) {
      setSaveError(errorText(e, '自动保存失败'));
      return false;
    }
  };

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const onValuesChange = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void saveNow(), AUTOSAVE_DELAY_MS);
  };

  const onSubmit = async () => {
    if (!(await saveNow())) return;
    try {
      await submit.mutateAsync({ params: { path: { id: app.id } }, body: { integrityPledge: pledged } });
      setMissing(null);
      await carriersChanged();
      message.success('申报书已提交');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CARRIER_APPLICATION_INCOMPLETE') {
        const d = e.details as { missing?: { key: string; label: string }[] } | undefined;
        setMissing(d?.missing ?? []);
      } else message.error(errorText(e, '提交失败'));
    }
  };

  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={initial}
      onValuesChange={onValuesChange}
      data-testid="application-form"
    >
      <div className="muted" data-testid="autosave-state" style={{ marginBottom: 12 }}>
        {save.isPending
          ? '正在保存…'
          : saveError
            ? `保存失败:${saveError}`
            : savedAt
              ? `已自动保存 ${savedAt}`
              : '修改后自动保存草稿'}
      </div>
      <Divider titlePlacement="start">基本信息</Divider>
      <Form.Item
        name="platformName"
        label="平台名称"
        rules={[{ required: true, whitespace: true, message: '请填写平台名称' }]}
      >
        <Input data-testid="application-platform-name" />
      </Form.Item>
      <Form.Item name="fields" label="所属领域">
        <Select
          mode="multiple"
          data-testid="application-fields"
          options={Object.entries(FIELD_LABELS).map(([value, label]) => ({ value, label }))}
        />
      </Form.Item>
      <Divider titlePlacement="start">
        申报条件(依据《{rs.name}》,{rs.source.documentNo})
      </Divider>
      {thresholds.map((t) => (
        <FigureInput key={t.key} t={t} />
      ))}
      <Divider titlePlacement="start">附表</Divider>
      {annexesFor(app.kind).map((n) => (
        <div key={n} style={{ marginBottom: 16 }}>
          <AnnexList name={n} />
        </div>
      ))}
      <Divider titlePlacement="start">证明材料</Divider>
      <EvidenceUpload applicationId={app.id} items={app.evidenceItems ?? []} editable />
      <Divider />
      {missing ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="application-missing"
          title="申报书尚不完整,请补全以下内容后再提交"
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {missing.map((m) => (
                <li key={m.key} data-testid="missing-item">
                  {m.label}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Checkbox checked={pledged} onChange={(e) => setPledged(e.target.checked)} data-testid="integrity-pledge">
        本单位承诺所填报内容和提交的材料真实、完整、准确,如有虚假,愿承担相应责任(诚信承诺,001 §10(一))
      </Checkbox>
      <div style={{ marginTop: 16 }}>
        <Popconfirm
          title="提交后申报书不能再修改(被退回的除外),确定提交?"
          okText="提交"
          cancelText="再看看"
          okButtonProps={{ 'data-testid': 'application-submit-confirm' } as never}
          onConfirm={() => void onSubmit()}
        >
          <Button type="primary" loading={submit.isPending} data-testid="application-submit">
            提交申报
          </Button>
        </Popconfirm>
      </div>
    </Form>
  );
}

/** The application page. */
export function CarrierApplicationPage() {
  const { id = '' } = useParams();
  const q = $api.useQuery('get', '/api/v1/carriers/applications/{id}', { params: { path: { id } } });
  const app = q.data;
  const returned = useReturnReason(id, app?.status === 'returned');
  useDocumentTitle(app ? `载体申报:${app.platformName}` : '载体申报');
  const back = (
    <Link to="/carriers/applications">
      <ArrowLeftOutlined /> 我的申报
    </Link>
  );
  if (q.error)
    return (
      <Card extra={back}>
        <ErrorResult error={q.error} onRetry={() => void q.refetch()} title="申报加载失败" />
      </Card>
    );
  if (!app)
    return (
      <Card extra={back}>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  const editable = app.status === 'draft' || app.status === 'returned';
  return (
    <Card
      data-testid="carrier-application"
      title={
        <Space wrap>
          <span>{app.platformName}</span>
          <CarrierApplicationStatusTag status={app.status} />
        </Space>
      }
      extra={back}
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="申报批次">{app.roundTitle}</Descriptions.Item>
        <Descriptions.Item label="类型">{kindText(app.kind, app.intlBaseType)}</Descriptions.Item>
        <Descriptions.Item label="申报途径">{applicationRouteText(app)}</Descriptions.Item>
      </Descriptions>
      {app.status === 'returned' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="申报书已被退回,请修改后重新提交"
          description={returned ?? undefined}
        />
      ) : null}
      {editable ? (
        <ApplicationForm app={app} />
      ) : (
        <>
          <Typography.Title level={5}>申报条件核对</Typography.Title>
          <ThresholdTable thresholds={app.thresholds} applicationId={app.id} evidence={app.evidenceItems} />
          <Typography.Title level={5}>证明材料</Typography.Title>
          <EvidenceUpload applicationId={app.id} items={app.evidenceItems ?? []} editable={false} />
        </>
      )}
      <Divider titlePlacement="start">办理记录</Divider>
      <ApplicationHistory id={app.id} />
    </Card>
  );
}
