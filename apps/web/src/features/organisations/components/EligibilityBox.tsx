/**
 * 资格查询: may an organisation (optionally leading a consortium) take this listing? Calls
 * `POST /eligibility/check` and shows 可以揭榜, or each block with its title (the rule catalogue's heading), the
 * finding, the rule in words and the control path — never a code or a seed number (the code stays in
 * `data-code`). Warnings are hints for staff, shown apart (yellow), never as blocks.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import type { EligibilityResponse, EligibilityWarningDto } from '@jiebang/contracts';
import { RULES, type RuleCode } from '@jiebang/policy';
import { Alert, Button, Card, Form, Tag } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { errorText, userMessage, withoutRuleRefs } from '../../../shared/lib/apiErrors';
import { basisText } from '../../../shared/lib/rules';
import { formatDate } from '../../../shared/lib/format';
import { ControlPath } from './ControlPath';
import { OrgSelect, type OrgOption } from './OrgSelect';

/** Most consortium members the API accepts. */
const MAX_MEMBERS = 20;

/** Chinese names of warning evidence keys. */
const EVIDENCE_LABELS: Record<string, string> = {
  legalRepresentative: '法定代表人',
  contact: '联系人',
  contactName: '联系人',
  phone: '电话',
  email: '电子邮箱',
  uscc: '统一社会信用代码',
  regionCode: '行政区划代码',
  usccRegion: '信用代码中的地区码',
  address: '地址',
};

interface EligibilityValues {
  applicantOrgId?: string;
  memberOrgIds?: string[];
}

/** What was asked, for the result's caption. */
interface Asked {
  applicantOrgId: string;
  memberOrgIds: string[];
}

/** The catalogue's Chinese heading of a block or warning code (a generic one for a code it does not know). */
function ruleTitle(code: string, fallback: string): string {
  return code in RULES ? RULES[code as RuleCode].title : fallback;
}

/** `依据…` of a rule reference in words (document title and article), or nothing when none is citable. */
function RuleTag({ rule, testId }: { rule?: string | null; testId?: string }) {
  const basis = basisText(rule);
  return basis ? (
    <span className="muted rule-basis" data-testid={testId}>
      {basis}
    </span>
  ) : null;
}

/** Chinese message of a failed check. */
function checkFailure(err: unknown): string {
  if (!(err instanceof ApiError)) return '资格查询失败，请稍后重试';
  if (err.status === 403) return '无权访问：您的账号不能查询该榜单的揭榜资格';
  if (err.status === 404) return userMessage(err, '榜单或单位不存在');
  if (err.status === 400) return userMessage(err, '查询条件有误，请重新选择单位');
  return errorText(err, '资格查询失败，请稍后重试');
}

/** One warning line. */
function WarningItem({ w, orgNames }: { w: EligibilityWarningDto; orgNames: Record<string, string> }) {
  const evidence = Object.entries(w.evidence ?? {});
  return (
    <li className="warning-item" data-testid="eligibility-warning" data-code={w.code}>
      <Tag color="gold">{ruleTitle(w.code, '提示')}</Tag>
      <RuleTag rule={w.rule} />
      {orgNames[w.orgId] ? <strong className="warning-org">{orgNames[w.orgId]}：</strong> : null}
      {withoutRuleRefs(w.message)}
      {evidence.length ? (
        <span className="warning-evidence">
          （{evidence.map(([k, v]) => `${EVIDENCE_LABELS[k] ?? k}：${v}`).join('；')}）
        </span>
      ) : null}
    </li>
  );
}

/** The result of a check. */
export function EligibilityResult({ result, asked }: { result: EligibilityResponse; asked: Asked }) {
  const names = result.orgNames ?? {};
  const name = (id: string, fallback?: string) => names[id] ?? fallback ?? id;
  const who = [
    `${name(asked.applicantOrgId)}${asked.memberOrgIds.length ? '(牵头)' : ''}`,
    ...asked.memberOrgIds.map((id) => name(id)),
  ].join('、');
  return (
    <div className="eligibility-result" data-testid="eligibility-result" data-eligible={String(result.eligible)}>
      {result.eligible ? (
        <Alert type="success" showIcon title="可以揭榜" description={`${who}符合本榜单的揭榜条件。`} />
      ) : (
        <Alert
          type="error"
          showIcon
          title="不可揭榜"
          description={`${who}存在 ${result.blocks.length} 项不符合揭榜条件的情形：`}
        />
      )}
      {result.blocks.length ? (
        <ol className="block-list">
          {result.blocks.map((b, i) => (
            <li className="block-item" key={`${b.code}:${b.orgId}:${i}`} data-testid="block-item" data-code={b.code}>
              <div className="block-head">
                <Tag color="red" data-testid="block-code" data-code={b.code}>
                  {ruleTitle(b.code, '不符合揭榜条件')}
                </Tag>
                <RuleTag rule={b.rule} testId="block-rule" />
                {b.orgId ? <span className="block-org">{name(b.orgId)}</span> : null}
              </div>
              <div className="block-message" data-testid="block-message">
                {withoutRuleRefs(b.message)}
              </div>
              <ControlPath path={b.path} orgNames={names} testId="block-path" />
            </li>
          ))}
        </ol>
      ) : null}
      {result.warnings.length ? (
        <Alert
          className="eligibility-warnings"
          type="warning"
          showIcon
          title={`提示 ${result.warnings.length} 项(供核查参考，不影响揭榜资格)`}
          description={
            <ul className="warning-list">
              {result.warnings.map((w, i) => (
                <WarningItem key={`${w.code}:${w.orgId}:${i}`} w={w} orgNames={names} />
              ))}
            </ul>
          }
        />
      ) : null}
      {formatDate(result.asOf, true) ? (
        <div className="muted eligibility-asof">查询依据截至 {formatDate(result.asOf, true)} 的单位与控制关系数据</div>
      ) : null}
    </div>
  );
}

/** Props of `EligibilityBox`. */
export interface EligibilityBoxProps {
  listingId: string;
  /** Organisations offered without searching (e.g. the match candidates). */
  presetOptions?: OrgOption[];
}

/** The 资格查询 card. */
export function EligibilityBox({ listingId, presetOptions = [] }: EligibilityBoxProps) {
  const [form] = Form.useForm<EligibilityValues>();
  const applicant = Form.useWatch('applicantOrgId', form);
  const check = $api.useMutation('post', '/api/v1/eligibility/check');
  const [checking, setChecking] = useState(false);
  const [outcome, setOutcome] = useState<{ result: EligibilityResponse; asked: Asked }>();
  const [failure, setFailure] = useState<string>();

  const onFinish = async (values: EligibilityValues) => {
    if (!values.applicantOrgId) return;
    const asked: Asked = {
      applicantOrgId: values.applicantOrgId,
      memberOrgIds: (values.memberOrgIds ?? []).filter((id) => id !== values.applicantOrgId),
    };
    setChecking(true);
    setFailure(undefined);
    try {
      const result = await check.mutateAsync({
        body: {
          listingId,
          applicantOrgId: asked.applicantOrgId,
          memberOrgIds: asked.memberOrgIds.length ? asked.memberOrgIds : undefined,
        },
      });
      setOutcome({ result, asked });
    } catch (err) {
      setOutcome(undefined);
      setFailure(checkFailure(err));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Card
      className="panel-card"
      data-testid="eligibility-box"
      title={
        <span>
          <SafetyCertificateOutlined /> 资格查询
        </span>
      }
      extra={<span className="muted">按揭榜规则核查单位(含联合体成员)能否揭取本榜</span>}
    >
      <Form<EligibilityValues> form={form} layout="vertical" onFinish={onFinish} className="eligibility-form">
        <div className="eligibility-fields">
          <Form.Item
            name="applicantOrgId"
            label="揭榜单位(联合体牵头单位)"
            rules={[{ required: true, message: '请选择要查询的单位' }]}
          >
            <OrgSelect presetOptions={presetOptions} testId="eligibility-org-select" />
          </Form.Item>
          <Form.Item name="memberOrgIds" label="联合体其他成员(可选)">
            <OrgSelect
              mode="multiple"
              presetOptions={presetOptions}
              excludeIds={applicant ? [applicant] : []}
              maxCount={MAX_MEMBERS}
              placeholder="如以联合体揭榜，选择其他成员单位"
              testId="eligibility-member-select"
            />
          </Form.Item>
          <Form.Item label=" " className="eligibility-submit-item">
            <Button type="primary" htmlType="submit" loading={checking} data-testid="eligibility-submit">
              查询资格
            </Button>
          </Form.Item>
        </div>
      </Form>
      {failure ? (
        <Alert type="error" showIcon title="资格查询失败" description={failure} data-testid="eligibility-error" />
      ) : null}
      {outcome ? <EligibilityResult result={outcome.result} asked={outcome.asked} /> : null}
    </Card>
  );
}
