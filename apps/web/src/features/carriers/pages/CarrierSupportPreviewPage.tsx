/**
 * 载体补助测算 (`/carriers/support-preview`, public; issue 15 §7): the support money a carrier platform would get,
 * computed by the server from `GET /api/v1/policy/carrier-support?kind=construction|operation&baseYuan=` under the
 * shipped rule set (`001 §13`, marked as Yunnan's): construction 20 % of three years' eligible investment ≤
 * 200 万元 once, operation 20 % of the year's service revenue ≤ 100 万元 a year — with every step and its article,
 * the cap when it applies, and the rules on one class per application, 就高不重复 and 加挂 (`001 §14`, `§17`).
 */
import { ArrowLeftOutlined, CalculatorOutlined } from '@ant-design/icons';
import { CARRIER_SUPPORT_KIND_LABEL, YUAN_PATTERN } from '@jiebang/contracts';
import { Alert, Button, Card, Form, Input, Radio, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { $api } from '../../../api/query';
import { ErrorResult } from '../../../shared/components/ErrorResult';
import { formatFenYuan } from '../../../shared/lib/money';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { SubsidySteps } from '../../deals/components/SubsidySection';

type Kind = 'construction' | 'operation';

const BASE_LABEL: Record<Kind, string> = {
  construction: '近三年科研软硬件投入总额(元,不含省级和中央引导财政资金)',
  operation: '年度服务性收入(元)',
};

/** The result of one preview, from the server. */
function PreviewResult({ kind, baseYuan }: { kind: Kind; baseYuan: string }) {
  const preview = $api.useQuery('get', '/api/v1/policy/carrier-support', { params: { query: { kind, baseYuan } } });
  if (preview.error)
    return <ErrorResult error={preview.error} onRetry={() => void preview.refetch()} title="测算失败" />;
  const p = preview.data;
  if (!p) return <Skeleton active paragraph={{ rows: 4 }} />;
  return (
    <div data-testid="carrier-support-result">
      <div className="form-alert" style={{ marginBottom: 12 }}>
        {CARRIER_SUPPORT_KIND_LABEL[kind]}:
        <strong data-testid="carrier-support-amount">{formatFenYuan(p.subsidyFen)}</strong>{' '}
        {p.capApplied ? (
          <Tag color="orange" data-testid="carrier-support-cap-applied">
            已按上限 {formatFenYuan(p.capFen)} 封顶
          </Tag>
        ) : null}
        <span className="muted"> 依据:{p.rule}</span>
      </div>
      <SubsidySteps steps={p.steps} testId="carrier-support-steps" />
      <p className="muted" style={{ marginTop: 8 }} data-testid="carrier-support-source">
        适用规则:{p.source}
      </p>
    </div>
  );
}

/** The public support-money preview. */
export function CarrierSupportPreviewPage() {
  useDocumentTitle('载体补助测算');
  const [form] = Form.useForm<{ kind: Kind; baseYuan: string }>();
  const [asked, setAsked] = useState<{ kind: Kind; baseYuan: string } | null>(null);
  const kind = (Form.useWatch('kind', form) ?? 'operation') as Kind;
  return (
    <Card
      data-testid="carrier-support-preview"
      title={
        <span>
          <CalculatorOutlined /> 载体补助测算
        </span>
      }
      extra={
        <Link to="/carriers">
          <ArrowLeftOutlined /> 返回名录
        </Link>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="测算结果仅供参考,以科技厅审核批准的金额为准"
        description={
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            <li>建设补助:科研软硬件投入总额的 20%,最高 200 万元,一次性(001 §13(一))。</li>
            <li>运营补助:年度服务性收入的 20%,每年最高 100 万元(001 §13(二))。</li>
            <li>同时申报的只受理一类;同一年度符合多个平台支持的,按“就高不重复”取最高一项(001 §14)。</li>
            <li>加挂牌子的平台只享受运营支持,不予建设补助(001 §17)。</li>
            <li>
              国际科技合作基地的奖励性后补助由科技厅依据考核评估结果对“优秀”的基地确定金额,没有测算公式(002 §16)。
            </li>
          </ul>
        }
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'operation' }}
        onFinish={(v) => setAsked({ kind: v.kind, baseYuan: v.baseYuan.trim() })}
        style={{ maxWidth: 560 }}
      >
        <Form.Item name="kind" label="补助类别">
          <Radio.Group
            data-testid="carrier-support-kind"
            options={[
              { value: 'operation', label: '运营补助' },
              { value: 'construction', label: '建设补助' },
            ]}
            onChange={() => setAsked(null)}
          />
        </Form.Item>
        <Form.Item
          name="baseYuan"
          label={BASE_LABEL[kind]}
          rules={[
            { required: true, message: '请填写计算基数' },
            { pattern: YUAN_PATTERN, message: '请填写以“元”为单位、最多两位小数的非负数,如 3200000 或 1234.56' },
          ]}
        >
          <Input inputMode="decimal" placeholder="如 3200000" data-testid="carrier-support-base" suffix="元" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="carrier-support-submit">
            测算
          </Button>
        </Space>
      </Form>
      {asked ? (
        <div style={{ marginTop: 24 }}>
          <PreviewResult kind={asked.kind} baseYuan={asked.baseYuan} />
        </div>
      ) : null}
    </Card>
  );
}
