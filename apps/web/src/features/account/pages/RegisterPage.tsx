/**
 * Self-registration of an organisation (`/register`): unit data, contacts and the first account. Field
 * rules say what to fix — the USCC is checked as it is typed with the server's own validator (`validateUscc`,
 * GB 32100-2015: characters, length, category, check character), the password with the server's policy;
 * server errors (`USCC_*`, `VALIDATION_FAILED` details, 409s) are shown on the field they concern. On success:
 * 注册成功,待科技厅审核.
 */
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ErrorCode,
  fenToWan,
  NMG_REGIONS,
  ORG_TYPE_LABELS,
  OrgType,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordProblem,
  USCC_ALPHABET,
  validateUscc,
  wanToFen,
  type ContactDto,
  type RegisterOrganizationDto,
} from '@jiebang/contracts';
import { Alert, Button, Card, Col, Divider, Form, Input, Result, Row, Select, type FormInstance } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { errorText, userMessage, validationFieldErrors, type FieldPath } from '../../../shared/lib/apiErrors';

/** Select value meaning "outside Inner Mongolia: type the code". */
const OTHER_REGION = 'other';

/** Most contacts the API accepts. */
const MAX_CONTACTS = 5;

interface ContactValues {
  name?: string;
  title?: string;
  phone?: string;
  email?: string;
}

/** The form's values (`regionChoice` / `regionOther` become `regionCode`; `confirm` is not sent). */
export interface RegisterValues {
  uscc: string;
  name: string;
  type: OrgType;
  regionChoice: string;
  regionOther?: string;
  address?: string;
  legalRepresentative?: string;
  mainBusiness?: string;
  registeredCapitalWan?: string;
  contacts?: ContactValues[];
  account: { username: string; displayName: string; password: string; confirm: string };
}

/** Region select options: 自治区本级, then each 盟市 with its 旗县区, then 区外. */
const REGION_OPTIONS = [
  { label: '自治区', title: '自治区', options: [{ value: '150000', label: '内蒙古自治区(区本级)' }] },
  ...NMG_REGIONS.filter((r) => r.level === 'prefecture').map((p) => ({
    label: p.name,
    title: p.name,
    options: [
      { value: p.code, label: `${p.name}(本级)` },
      ...NMG_REGIONS.filter((c) => c.parentCode === p.code).map((c) => ({
        value: c.code,
        label: `${p.name}${c.name}`,
      })),
    ],
  })),
  {
    label: '区外',
    title: '区外',
    options: [{ value: OTHER_REGION, label: '内蒙古自治区以外(手动填写行政区划代码)' }],
  },
];

const ORG_TYPE_OPTIONS = Object.values(OrgType).map((t) => ({ value: t, label: ORG_TYPE_LABELS[t] }));

/** A valid USCC (its check character computed by GB 32100-2015), shown as the example. */
export const USCC_EXAMPLE = '91150200114123456M';

/** Chinese explanation of a USCC error code (what to check on the licence). */
const USCC_MESSAGES: Record<string, string> = {
  [ErrorCode.USCC_FORMAT]: '统一社会信用代码应为18位数字或大写字母(不含 I、O、S、V、Z)',
  [ErrorCode.USCC_CATEGORY]: '统一社会信用代码第1-2位(登记管理部门、机构类别代码)不正确，请对照营业执照核对',
  [ErrorCode.USCC_CHECKSUM]: '统一社会信用代码校验位(第18位)不正确，请对照营业执照逐位核对',
};

/**
 * The USCC check of the form, as it is typed: which characters are not allowed, how many are missing, then the
 * server's validator (`validateUscc`: category and check character). `undefined` when the code is valid.
 */
export function usccProblem(value: string | undefined): string | undefined {
  if (!value) return '请输入统一社会信用代码';
  const bad = [...value].filter((c) => !USCC_ALPHABET.includes(c));
  if (bad.length)
    return `统一社会信用代码只能包含数字和大写字母(不含 I、O、S、V、Z)，请检查“${[...new Set(bad)].join('')}”`;
  if (value.length !== 18) return `统一社会信用代码应为18位，当前为${value.length}位`;
  const checked = validateUscc(value);
  return checked.valid ? undefined : (USCC_MESSAGES[checked.code] ?? checked.message);
}

/** 注册资金 in 万元: a non-negative decimal with at most 12 integer and 6 fraction digits. */
function capitalProblem(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (!/^\d{1,12}(\.\d{1,6})?$/.test(value)) {
    return '注册资金以万元为单位，应为非负数，最多6位小数，如 2152 或 12.5';
  }
  try {
    wanToFen(value);
    return undefined;
  } catch {
    return '注册资金格式不正确';
  }
}

/** Trims an optional text; `undefined` when empty. */
function opt(value: string | undefined): string | undefined {
  const t = value?.trim();
  return t ? t : undefined;
}

/** Builds the request body; `contactIndex[i]` is the form row of the i-th contact sent. */
export function toRegisterDto(values: RegisterValues): { dto: RegisterOrganizationDto; contactIndex: number[] } {
  const contactIndex: number[] = [];
  const contacts: ContactDto[] = [];
  (values.contacts ?? []).forEach((c, i) => {
    const name = opt(c?.name);
    if (!name) return;
    contactIndex.push(i);
    contacts.push({ name, title: opt(c.title), phone: opt(c.phone), email: opt(c.email) });
  });
  const capital = opt(values.registeredCapitalWan);
  const dto: RegisterOrganizationDto = {
    uscc: values.uscc.trim().toUpperCase(),
    name: values.name.trim(),
    type: values.type,
    regionCode: values.regionChoice === OTHER_REGION ? (values.regionOther ?? '').trim() : values.regionChoice,
    address: opt(values.address),
    legalRepresentative: opt(values.legalRepresentative),
    mainBusiness: opt(values.mainBusiness),
    registeredCapitalWan: capital ? fenToWan(wanToFen(capital)) : undefined,
    contacts: contacts.length ? contacts : undefined,
    account: {
      username: values.account.username.trim(),
      password: values.account.password,
      displayName: values.account.displayName.trim(),
    },
  };
  return { dto, contactIndex };
}

/** Top-level DTO members that have a field of the same name on the form. */
const FORM_FIELDS = new Set([
  'uscc',
  'name',
  'type',
  'address',
  'legalRepresentative',
  'mainBusiness',
  'registeredCapitalWan',
  'contacts',
  'account',
]);

/** Where a server error's property path lives on the form (`undefined` when it has no field). */
function formPath(path: FieldPath, values: RegisterValues, contactIndex: number[]): FieldPath | undefined {
  const [head, index, ...rest] = path;
  if (head === 'regionCode') return [values.regionChoice === OTHER_REGION ? 'regionOther' : 'regionChoice'];
  if (typeof head !== 'string' || !FORM_FIELDS.has(head)) return undefined;
  if (head === 'contacts') {
    if (typeof index !== 'number') return undefined;
    const row = contactIndex[index];
    return row === undefined ? undefined : ['contacts', row, ...rest];
  }
  if (head === 'account') return typeof index === 'string' ? ['account', index] : undefined;
  return path;
}

/**
 * Shows a failed registration on the form; returns the messages that belong to no field (for the alert on
 * top).
 */
function applyServerError(
  form: FormInstance<RegisterValues>,
  err: unknown,
  values: RegisterValues,
  contactIndex: number[],
): string[] {
  if (!(err instanceof ApiError)) return ['注册失败，请稍后重试'];
  const fields: { name: FieldPath; errors: string[] }[] = [];
  const loose: string[] = [];
  if (err.code in USCC_MESSAGES || err.code === ErrorCode.USCC_REGION_MISMATCH) {
    fields.push({ name: ['uscc'], errors: [errorText(err, USCC_MESSAGES[err.code] ?? USCC_MESSAGES.USCC_FORMAT)] });
  } else if (err.code === ErrorCode.ORG_ALREADY_REGISTERED) {
    fields.push({
      name: ['uscc'],
      errors: [userMessage(err, '该统一社会信用代码已注册，请使用已有账号登录，或联系科技厅')],
    });
  } else if (err.code === ErrorCode.USERNAME_TAKEN) {
    fields.push({ name: ['account', 'username'], errors: [userMessage(err, '该用户名已被占用，请换一个')] });
  } else if (err.code === ErrorCode.VALIDATION_FAILED) {
    const entries = validationFieldErrors(err);
    for (const e of entries) {
      const name = formPath(e.name, values, contactIndex);
      if (name) fields.push({ name, errors: e.errors });
      else loose.push(e.errors.join('；'));
    }
    if (entries.length === 0) loose.push(userMessage(err, '填写内容有误，请检查后重新提交'));
  } else {
    loose.push(errorText(err, '注册失败，请稍后重试'));
  }
  if (fields.length) {
    form.setFields(fields as Parameters<typeof form.setFields>[0]);
    form.scrollToField(fields[0].name, { block: 'center' });
  }
  return loose;
}

/** The registration page. */
export function RegisterPage() {
  useDocumentTitle('单位注册');
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterValues>();
  const regionChoice = Form.useWatch('regionChoice', form);
  const register = $api.useMutation('post', '/api/v1/organizations');
  const [submitting, setSubmitting] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  // The name of the organisation just registered.
  const [registered, setRegistered] = useState<string>();

  if (registered) {
    return (
      <Card className="register-card">
        <Result
          status="success"
          title="注册成功，待科技厅审核"
          data-testid="register-success"
          subTitle={<>“{registered}”已提交注册。科技厅审核认证通过前，单位暂不能发榜或揭榜；审核结果请登录后查看。</>}
          extra={[
            <Button
              key="login"
              type="primary"
              href="/login"
              onClick={(e) => {
                e.preventDefault();
                void navigate('/login');
              }}
              data-testid="register-login-link"
            >
              前往登录
            </Button>,
            <Button key="home" onClick={() => navigate('/')}>
              返回榜单
            </Button>,
          ]}
        />
      </Card>
    );
  }

  const onFinish = async (values: RegisterValues) => {
    setSubmitting(true);
    setProblems([]);
    const { dto, contactIndex } = toRegisterDto(values);
    try {
      setRegistered((await register.mutateAsync({ body: dto })).name);
      window.scrollTo({ top: 0 });
    } catch (err) {
      setProblems(applyServerError(form, err, values, contactIndex));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card
      className="register-card"
      data-testid="register-page"
      title={<span className="auth-card-title">单位注册</span>}
    >
      <p className="register-intro">
        高校、科研机构、企业等单位可在此自助注册。注册后由科技厅审核认证，认证通过后方可发榜、揭榜。带
        <span className="required-star">*</span>为必填项。
      </p>
      {problems.length ? (
        <Alert
          className="auth-alert"
          type="error"
          showIcon
          title="注册未成功"
          data-testid="register-error"
          description={
            problems.length === 1 ? (
              problems[0]
            ) : (
              <ul className="plain-list">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )
          }
        />
      ) : null}
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        onFinishFailed={({ errorFields }) => {
          if (errorFields[0]) form.scrollToField(errorFields[0].name, { block: 'center' });
        }}
        initialValues={{ contacts: [{}] }}
        scrollToFirstError={false}
      >
        <Divider titlePlacement="start">单位信息</Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="uscc"
              label="统一社会信用代码"
              normalize={(v: string | undefined) => (v ?? '').toUpperCase().replace(/\s+/g, '')}
              extra="18位，见营业执照或法人登记证书；字母自动转为大写"
              rules={[
                {
                  validator: (_, v: string | undefined) =>
                    usccProblem(v) ? Promise.reject(new Error(usccProblem(v))) : Promise.resolve(),
                },
              ]}
              required
            >
              <Input maxLength={18} showCount placeholder={`如 ${USCC_EXAMPLE}`} data-testid="register-uscc" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="name"
              label="单位名称"
              rules={[
                { required: true, whitespace: true, message: '请输入单位名称(与营业执照一致)' },
                { min: 2, max: 200, message: '单位名称应为2-200个字符' },
              ]}
            >
              <Input maxLength={200} placeholder="与营业执照或法人登记证书一致" data-testid="register-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="type" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
              <Select options={ORG_TYPE_OPTIONS} placeholder="请选择" data-testid="register-type" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="regionChoice" label="所在地区" rules={[{ required: true, message: '请选择所在地区' }]}>
              <Select
                options={REGION_OPTIONS}
                placeholder="选择盟市、旗县区，可输入名称搜索"
                showSearch={{ optionFilterProp: 'label' }}
                data-testid="register-region"
              />
            </Form.Item>
          </Col>
          {regionChoice === OTHER_REGION ? (
            <Col xs={24} md={12}>
              <Form.Item
                name="regionOther"
                label="区外行政区划代码"
                extra="6位 GB/T 2260 行政区划代码，如北京市海淀区为 110108"
                rules={[
                  { required: true, message: '请输入6位行政区划代码' },
                  { pattern: /^[1-8]\d{5}$/, message: '行政区划代码应为6位数字，首位为1-8，如 110108' },
                ]}
              >
                <Input maxLength={6} inputMode="numeric" placeholder="如 110108" data-testid="register-region-other" />
              </Form.Item>
            </Col>
          ) : null}
          <Col xs={24} md={12}>
            <Form.Item name="legalRepresentative" label="法定代表人" rules={[{ max: 50, message: '最多50个字符' }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="registeredCapitalWan"
              label="注册资金"
              extra="单位：万元，可含最多6位小数"
              rules={[
                {
                  validator: (_, v: string | undefined) =>
                    capitalProblem(v) ? Promise.reject(new Error(capitalProblem(v))) : Promise.resolve(),
                },
              ]}
              normalize={(v: string | undefined) => (v ?? '').trim()}
            >
              <Input suffix="万元" inputMode="decimal" placeholder="如 2152" data-testid="register-capital" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label="单位地址" rules={[{ max: 300, message: '最多300个字符' }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="mainBusiness"
              label="主营业务 / 研究方向"
              extra="用于与榜单智能匹配，请写明主要技术领域和产品"
              rules={[{ max: 2000, message: '最多2000个字符' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">联系人</Divider>
        <Form.List name="contacts">
          {(fields, { add, remove }) => (
            <>
              {fields.map(({ key, name }) => (
                <Row gutter={12} key={key} className="contact-row" align="top">
                  <Col xs={24} sm={12} md={5}>
                    <Form.Item
                      name={[name, 'name']}
                      label="姓名"
                      rules={[
                        { max: 50, message: '最多50个字符' },
                        ({ getFieldValue }) => ({
                          validator: (_, v: string | undefined) => {
                            const row = getFieldValue(['contacts', name]) as ContactValues | undefined;
                            const filled = !!(row?.title || row?.phone || row?.email);
                            return filled && !v?.trim()
                              ? Promise.reject(new Error('请填写联系人姓名'))
                              : Promise.resolve();
                          },
                        }),
                      ]}
                    >
                      <Input maxLength={50} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12} md={5}>
                    <Form.Item name={[name, 'title']} label="职务" rules={[{ max: 50, message: '最多50个字符' }]}>
                      <Input maxLength={50} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={12} md={6}>
                    <Form.Item
                      name={[name, 'phone']}
                      label="手机/电话"
                      rules={[{ pattern: /^[0-9+\-() ]{5,20}$/, message: '手机/电话号码格式不正确(5-20位数字)' }]}
                    >
                      <Input maxLength={20} inputMode="tel" />
                    </Form.Item>
                  </Col>
                  <Col xs={20} sm={10} md={7}>
                    <Form.Item
                      name={[name, 'email']}
                      label="电子邮箱"
                      rules={[{ type: 'email', message: '电子邮箱格式不正确' }]}
                    >
                      <Input maxLength={100} inputMode="email" />
                    </Form.Item>
                  </Col>
                  <Col xs={4} sm={2} md={1} className="contact-remove">
                    <Button
                      type="text"
                      aria-label="删除联系人"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(name)}
                    />
                  </Col>
                </Row>
              ))}
              {fields.length < MAX_CONTACTS ? (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  添加联系人(最多{MAX_CONTACTS}位)
                </Button>
              ) : null}
            </>
          )}
        </Form.List>

        <Divider titlePlacement="start">登录账号</Divider>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name={['account', 'username']}
              label="用户名"
              extra="3-64位字母、数字、下划线、点或连字符"
              rules={[
                { required: true, whitespace: true, message: '请输入用户名' },
                { pattern: /^[a-zA-Z0-9_.-]{3,64}$/, message: '用户名为3-64位字母、数字、下划线、点或连字符' },
              ]}
            >
              <Input maxLength={64} autoComplete="username" data-testid="register-username" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['account', 'displayName']}
              label="经办人姓名"
              rules={[
                { required: true, whitespace: true, message: '请输入经办人姓名' },
                { max: 50, message: '最多50个字符' },
              ]}
            >
              <Input maxLength={50} data-testid="register-display-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['account', 'password']}
              label="密码"
              extra={`至少 ${PASSWORD_MIN_LENGTH} 个字符，可以包含空格和中文；建议用几个词组成的短句，不要使用常见密码或包含用户名`}
              dependencies={[['account', 'username']]}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: string | undefined) => {
                    const username = getFieldValue(['account', 'username']) as string | undefined;
                    const problem = passwordProblem(v ?? '', { username: username?.trim() });
                    return problem ? Promise.reject(new Error(problem.message)) : Promise.resolve();
                  },
                }),
              ]}
            >
              <Input.Password
                maxLength={PASSWORD_MAX_LENGTH * 2}
                autoComplete="new-password"
                data-testid="register-password"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name={['account', 'confirm']}
              label="确认密码"
              dependencies={[['account', 'password']]}
              rules={[
                { required: true, message: '请再次输入密码' },
                ({ getFieldValue }) => ({
                  validator: (_, v: string | undefined) =>
                    !v || v === getFieldValue(['account', 'password'])
                      ? Promise.resolve()
                      : Promise.reject(new Error('两次输入的密码不一致')),
                }),
              ]}
            >
              <Input.Password
                maxLength={PASSWORD_MAX_LENGTH * 2}
                autoComplete="new-password"
                data-testid="register-confirm"
              />
            </Form.Item>
          </Col>
        </Row>

        <div className="register-actions">
          <Button type="primary" htmlType="submit" size="large" loading={submitting} data-testid="register-submit">
            提交注册
          </Button>
          <span className="muted">
            已有账号？<Link to="/login">直接登录</Link>
          </span>
        </div>
      </Form>
    </Card>
  );
}
