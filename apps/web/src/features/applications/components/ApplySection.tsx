/**
 * 我要揭榜 on a published listing's detail page (institute and enterprise users): the application form
 * (联合体成员, 实施方案, 团队, 申报经费 in 万元, 进度安排) in a drawer, a confirmation, then
 * `POST /applications`. A 422 `INELIGIBLE` shows every block with its control path; 409 `APPLICATION_EXISTS`
 * points to the existing application.
 */
import { FlagOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ApplicationStatus,
  ErrorCode,
  ListingStatus,
  fenToWan,
  wanToFen,
  type ApplicationDto,
  type EligibilityBlockDto,
  type EligibilityResponse,
} from '@jiebang/contracts';
import { Alert, Button, Col, DatePicker, Drawer, Form, Input, Result, Row, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useLocation } from 'react-router-dom';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { loginPath } from '../../../auth/AuthContext';
import { isOrgUser, useAuth } from '../../../auth/useAuth';
import { userMessage, validationFieldErrors, type FieldPath } from '../../../shared/lib/apiErrors';
import { formatMoney } from '../../../shared/lib/money';
import { EligibilityResult } from '../../organisations/components/EligibilityBox';
import { OrgSelect } from '../../organisations/components/OrgSelect';
import { ApplicationStatusTag } from '../../../shared/components/tags';
import { ActionModal, type ActionConfig } from '../../../shared/components/ActionModal';
import { OrgNotVerifiedNotice, useOwnOrganization } from '../../listings/components/OrgVerification';
import type { ListingDetailDto } from '../../listings/lib/listingDto';
import { invalidateApplicationReads } from '../lib/applicationReads';
import { APPLICATION_FIELD_LABELS as A } from '../lib/fieldLabels';

/** Most consortium members and timetable rows the API accepts. */
const MAX_MEMBERS = 10;
const MAX_TIMETABLE = 30;
const WAN = /^\d{1,12}(\.\d{1,6})?$/;

/**
 * The hint under the 申报经费 input: the unit, and the typed amount in both units once it is a valid 万元 amount
 * (`300` → `即 300 万元(3,000,000.00 元)`, issue 16 item 17).
 */
function budgetHint(typed: string | undefined): string {
  const s = (typed ?? '').trim();
  return WAN.test(s) ? `即 ${formatMoney(wanToFen(s), 'application')}` : '单位：万元，最多6位小数';
}

interface TimetableValues {
  milestone?: string;
  dueDate?: Dayjs | null;
}

/** The form's values. */
interface ApplyValues {
  memberOrgIds?: string[];
  plan: string;
  team: string;
  budgetWan: string;
  timetable?: TimetableValues[];
}

/** A refusal (422 `INELIGIBLE`) as the eligibility result view shows it. */
export function ineligibleResult(err: ApiError): EligibilityResponse {
  const details = (err.body.details ?? {}) as { blocks?: EligibilityBlockDto[]; orgNames?: Record<string, string> };
  return {
    eligible: false,
    blocks: Array.isArray(details.blocks) ? details.blocks : [],
    warnings: [],
    orgNames: details.orgNames ?? {},
    asOf: '',
  };
}

/** Statuses of an application that is still alive (a new one would be refused). */
const LIVE = new Set<ApplicationStatus>([
  ApplicationStatus.PendingConsent,
  ApplicationStatus.Submitted,
  ApplicationStatus.UnderReview,
  ApplicationStatus.Recommended,
  ApplicationStatus.AgreementDrafted,
]);

/** The 我要揭榜 area of the detail header (nothing for staff, experts or unpublished listings). */
export function ApplySection({ listing }: { listing: ListingDetailDto }) {
  const { user, status } = useAuth();
  const location = useLocation();
  if (listing.status !== ListingStatus.Published) return null;
  if (status === 'anonymous') {
    return (
      <Link to={loginPath(`${location.pathname}${location.search}`)} className="apply-login" data-testid="apply-login">
        <Button type="primary" icon={<FlagOutlined />}>
          登录后揭榜
        </Button>
      </Link>
    );
  }
  if (!user || !isOrgUser(user) || user.orgId === listing.poster?.id) return null;
  return <ApplyForOrg key={`${listing.id}:${user.id}`} listing={listing} orgId={user.orgId ?? ''} />;
}

/**
 * Button (or the existing application) and the drawer, for a user of organisation `orgId`. An organisation the
 * 科技厅 has not verified is told so in place of the button, before it fills anything in.
 */
function ApplyForOrg({ listing, orgId }: { listing: ListingDetailDto; orgId: string }) {
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<ApplicationDto>();
  const { data: mine } = $api.useQuery('get', '/api/v1/my/applications');
  const org = useOwnOrganization(orgId);
  const existing = created ?? mine?.find((a) => a.listingId === listing.id && LIVE.has(a.status));

  return (
    <div className="apply-section" data-testid="apply-section">
      {existing ? (
        <Space wrap>
          <span>本单位已揭榜：</span>
          <ApplicationStatusTag status={existing.status} />
          <Link to="/workspace?tab=applications">查看我的揭榜申报</Link>
        </Space>
      ) : org.data?.verified === false ? (
        <OrgNotVerifiedNotice orgId={orgId} action="apply" />
      ) : org.isPending ? null : (
        <Button
          type="primary"
          size="large"
          icon={<FlagOutlined />}
          onClick={() => setOpen(true)}
          data-testid="apply-button"
        >
          我要揭榜
        </Button>
      )}
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        size={760}
        title={`揭榜申报 · ${listing.title}`}
        destroyOnHidden
        data-testid="apply-drawer"
      >
        {open ? (
          <ApplyForm
            listing={listing}
            orgId={orgId}
            onCreated={setCreated}
            created={created}
            onClose={() => setOpen(false)}
          />
        ) : null}
      </Drawer>
    </div>
  );
}

/** Props of the form. */
interface ApplyFormProps {
  listing: ListingDetailDto;
  orgId: string;
  created: ApplicationDto | undefined;
  onCreated: (app: ApplicationDto) => void;
  onClose: () => void;
}

/** The application form. */
function ApplyForm({ listing, orgId, created, onCreated, onClose }: ApplyFormProps) {
  const [form] = Form.useForm<ApplyValues>();
  const typedBudget = Form.useWatch('budgetWan', form);
  const apply = $api.useMutation('post', '/api/v1/applications', { onSuccess: invalidateApplicationReads });
  const [action, setAction] = useState<ActionConfig>();
  const [ineligible, setIneligible] = useState<{ result: EligibilityResponse; members: string[] }>();
  const [problem, setProblem] = useState<string>();
  const [exists, setExists] = useState(false);

  if (created) {
    const pending = created.status === ApplicationStatus.PendingConsent;
    return (
      <Result
        status="success"
        title="揭榜申报已提交"
        data-testid="application-success"
        data-status={created.status}
        subTitle={
          <span>
            当前状态：
            <ApplicationStatusTag status={created.status} />
            {pending ? '联合体各成员单位确认后进入评审。' : '科技厅将组织专家评审，结果将通过站内通知告知。'}
          </span>
        }
        extra={[
          <Link key="mine" to="/workspace?tab=applications">
            <Button type="primary">查看我的揭榜申报</Button>
          </Link>,
          <Button key="close" onClick={onClose}>
            关闭
          </Button>,
        ]}
      />
    );
  }

  const onFinish = (values: ApplyValues) => {
    const members = (values.memberOrgIds ?? []).filter((id) => id !== orgId);
    const budgetWan = fenToWan(wanToFen(values.budgetWan.trim()));
    const timetable = (values.timetable ?? []).map((t) => ({
      milestone: (t.milestone ?? '').trim(),
      dueDate: t.dueDate ? t.dueDate.format('YYYY-MM-DD') : '',
    }));
    setAction({
      title: '确认提交揭榜申报',
      okText: '确认提交',
      description: (
        <div>
          <p>
            揭榜“{listing.title}”，申报经费 {formatMoney(wanToFen(budgetWan), 'application')}，进度节点{' '}
            {timetable.length} 个{members.length ? `，联合体成员 ${members.length} 家(须各成员确认后进入评审)` : ''}。
          </p>
          <p className="muted">提交时将按揭榜规则核查揭榜资格；提交后不能修改，如需更改请撤回后重新申报。</p>
        </div>
      ),
      onConfirm: async () => {
        setIneligible(undefined);
        setProblem(undefined);
        setExists(false);
        try {
          const app = await apply.mutateAsync({
            body: {
              listingId: listing.id,
              memberOrgIds: members.length ? members : undefined,
              plan: values.plan.trim(),
              team: values.team.trim(),
              budgetWan,
              timetable,
            },
          });
          onCreated(app);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          if (err.code === ErrorCode.INELIGIBLE) {
            setIneligible({ result: ineligibleResult(err), members });
          } else if (err.code === ErrorCode.APPLICATION_EXISTS) {
            setExists(true);
          } else if (err.code === ErrorCode.VALIDATION_FAILED) {
            const entries = validationFieldErrors(err);
            if (entries.length) {
              form.setFields(entries as Parameters<typeof form.setFields>[0]);
              form.scrollToField(entries[0].name as FieldPath, { block: 'center' });
            } else setProblem(userMessage(err, '填写内容有误，请检查后重新提交'));
          } else throw err;
        }
      },
    });
  };

  return (
    <div data-testid="apply-form">
      {exists ? (
        <Alert
          type="warning"
          showIcon
          className="form-alert"
          data-testid="application-exists"
          title="本单位已申报该榜单"
          description={
            <span>
              同一榜单每家单位只能有一份有效申报，请在<Link to="/workspace?tab=applications">我的揭榜申报</Link>中查看。
            </span>
          }
        />
      ) : null}
      {problem ? <Alert type="error" showIcon className="form-alert" title={problem} /> : null}
      {ineligible ? (
        <div className="form-alert" data-testid="application-ineligible">
          <EligibilityResult
            result={ineligible.result}
            asked={{ applicantOrgId: orgId, memberOrgIds: ineligible.members }}
          />
        </div>
      ) : null}
      <Form<ApplyValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onFinishFailed={({ errorFields }) => {
          if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center' });
        }}
        initialValues={{ timetable: [{}] }}
      >
        <Form.Item
          name="memberOrgIds"
          label={`${A.memberOrgIds}(可选)`}
          extra={`以联合体揭榜时选择成员单位(最多${MAX_MEMBERS}家)，本单位为牵头单位；各成员须在其工作台确认。`}
        >
          <OrgSelect
            mode="multiple"
            excludeIds={[orgId, ...(listing.poster ? [listing.poster.id] : [])]}
            maxCount={MAX_MEMBERS}
            placeholder="输入单位名称搜索成员单位"
            testId="application-members"
          />
        </Form.Item>
        <Form.Item
          name="plan"
          label={A.plan}
          extra="20-5000字：技术路线、实施步骤、预期成果及考核指标"
          rules={[
            { required: true, whitespace: true, message: '请填写实施方案' },
            { min: 20, max: 5000, message: '实施方案应为20-5000字' },
          ]}
        >
          <Input.TextArea rows={6} maxLength={5000} showCount data-testid="application-plan" />
        </Form.Item>
        <Form.Item
          name="team"
          label={A.team}
          extra="5-2000字：负责人、核心成员及分工、研究基础"
          rules={[
            { required: true, whitespace: true, message: '请填写团队情况' },
            { min: 5, max: 2000, message: '团队情况应为5-2000字' },
          ]}
        >
          <Input.TextArea rows={4} maxLength={2000} showCount data-testid="application-team" />
        </Form.Item>
        <Form.Item
          name="budgetWan"
          label={A.budgetWan}
          extra={<span data-testid="application-budget-hint">{budgetHint(typedBudget)}</span>}
          normalize={(v: string | undefined) => (v ?? '').trim()}
          rules={[
            { required: true, message: '请填写申报经费(万元)' },
            { pattern: WAN, message: '以万元填写，非负数，最多6位小数，如 300 或 12.5' },
          ]}
        >
          <Input
            suffix="万元"
            inputMode="decimal"
            placeholder="如 300"
            className="budget-input"
            data-testid="application-budget"
          />
        </Form.Item>
        <Form.List
          name="timetable"
          rules={[
            {
              validator: (_, rows: TimetableValues[] | undefined) =>
                rows?.length ? Promise.resolve() : Promise.reject(new Error('请至少填写一个进度节点')),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <Form.Item label={A.timetable} required extra={`每个节点填写里程碑及完成日期，最多${MAX_TIMETABLE}个`}>
              {fields.map(({ key, name }) => (
                <Row gutter={8} key={key} align="top" data-testid="timetable-row">
                  <Col xs={24} md={14}>
                    <Form.Item
                      name={[name, 'milestone']}
                      rules={[
                        { required: true, whitespace: true, message: '请填写里程碑' },
                        { min: 2, max: 200, message: '里程碑应为2-200字' },
                      ]}
                    >
                      <Input
                        maxLength={200}
                        placeholder="里程碑，如：完成中试验证"
                        data-testid={`timetable-milestone-${name}`}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={20} md={8}>
                    <Form.Item name={[name, 'dueDate']} rules={[{ required: true, message: '请选择完成日期' }]}>
                      <DatePicker
                        className="full-width"
                        placeholder="完成日期"
                        disabledDate={(d) => d.isBefore(dayjs(), 'day')}
                        // Enter confirms the typed date; it must not submit the whole application.
                        onKeyDown={(e) => {
                          if (e.key === 'Enter') e.preventDefault();
                        }}
                        data-testid={`timetable-date-${name}`}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={2}>
                    <Button
                      type="text"
                      aria-label="删除进度节点"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(name)}
                    />
                  </Col>
                </Row>
              ))}
              <Form.ErrorList errors={errors} />
              {fields.length < MAX_TIMETABLE ? (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} data-testid="timetable-add">
                  添加进度节点
                </Button>
              ) : null}
            </Form.Item>
          )}
        </Form.List>
        <div className="listing-form-actions">
          <Button type="primary" htmlType="submit" size="large" data-testid="application-submit">
            提交揭榜申报
          </Button>
          <Button onClick={onClose}>取消</Button>
        </div>
      </Form>
      <ActionModal config={action} onClose={() => setAction(undefined)} />
    </div>
  );
}
