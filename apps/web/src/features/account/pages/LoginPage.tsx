/**
 * Login page (`/login?next=…`): username and password, then the 6-digit TOTP code when the API asks for it
 * (`TOTP_REQUIRED`), or the enrolment of an authenticator app (`TOTP_ENROLMENT_REQUIRED`, approvers and
 * administrators); failures (401, 429 `LOGIN_THROTTLED`, 403 `ACCOUNT_DISABLED`, …) are explained in Chinese.
 * An account that still has a one-time password goes to 修改密码 first.
 */
import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { ErrorCode, type TotpEnrolment } from '@jiebang/contracts';
import { Alert, App as AntdApp, Button, Card, Form, Input, QRCode, Typography } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/errors';
import { $api } from '../../../api/query';
import { safeNext, useAuth } from '../../../auth/useAuth';
import { landingPath } from '../../../shared/layout/menu';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { errorText, hasChinese } from '../../../shared/lib/apiErrors';

interface LoginValues {
  username: string;
  password: string;
  totpCode?: string;
}

/** An enrolment in progress: the token of the 403 answer and the secret to show. */
interface Enrolling extends TotpEnrolment {
  enrolmentToken: string;
}

/** What went wrong, for the alert above the form. */
interface LoginFailure {
  title: string;
  description?: string;
}

/** Chinese explanation of a failed login. */
export function loginFailure(err: unknown): LoginFailure {
  if (!(err instanceof ApiError)) return { title: '登录失败', description: '发生未知错误，请稍后重试' };
  if (err.code === ErrorCode.TOTP_INVALID) {
    return {
      title: '动态验证码不正确',
      description: '请输入身份验证器 App 中当前显示的 6 位数字（每个验证码只能用一次）。',
    };
  }
  if (err.status === 429 || err.code === ErrorCode.LOGIN_THROTTLED) {
    return {
      title: '尝试过于频繁，请稍后再试',
      description: hasChinese(err.message) ? err.message : '登录失败次数过多，请稍候片刻再试。',
    };
  }
  if (err.status === 401 || err.code === ErrorCode.INVALID_CREDENTIALS) {
    return { title: '用户名或密码错误', description: '请核对后重新输入；注意密码区分大小写。' };
  }
  if (err.code === ErrorCode.ACCOUNT_DISABLED) {
    return { title: '账号已停用', description: errorText(err, '如有疑问请联系本单位管理员或科技厅。') };
  }
  if (err.code === ErrorCode.ENROLMENT_TOKEN_INVALID) {
    return { title: '绑定已过期', description: errorText(err, '请重新登录后再绑定身份验证器。') };
  }
  if (err.status === 400) return { title: '请输入正确的用户名和密码', description: errorText(err, '请检查后重试') };
  return { title: '登录失败', description: errorText(err, '请稍后重试') };
}

/** The login page. */
export function LoginPage() {
  useDocumentTitle('登录');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const expired = params.get('expired') === '1';
  const { status, user, login, startSession } = useAuth();
  const { message } = AntdApp.useApp();
  const [failure, setFailure] = useState<LoginFailure>();
  const [submitting, setSubmitting] = useState(false);
  // The API asked for the second factor: the code field shows, the same button submits all three.
  const [needTotp, setNeedTotp] = useState(false);
  const [enrolling, setEnrolling] = useState<Enrolling>();
  const [enrolCode, setEnrolCode] = useState('');
  const enrol = $api.useMutation('post', '/api/v1/auth/totp/enrol');
  const confirm = $api.useMutation('post', '/api/v1/auth/totp/confirm');

  if (status === 'authenticated') {
    // Back to the page that asked for the login (`next`), else the user's landing page (工作台 for staff and
    // organisation users; issue 14 item 1). A one-time password (set by an administrator) is replaced first.
    const target = params.get('next') ? next : landingPath(user);
    const to = user?.mustChangePassword ? `/account/password?next=${encodeURIComponent(target)}` : target;
    return <Navigate to={to} replace />;
  }

  const onFinish = async (values: LoginValues) => {
    setSubmitting(true);
    setFailure(undefined);
    try {
      const user = await login(values.username.trim(), values.password, needTotp ? values.totpCode : undefined);
      message.success(`欢迎，${user.displayName}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === ErrorCode.TOTP_REQUIRED) setNeedTotp(true);
      else if (err instanceof ApiError && err.code === ErrorCode.TOTP_ENROLMENT_REQUIRED) {
        const enrolmentToken = (err.body.details as { enrolmentToken?: string } | undefined)?.enrolmentToken ?? '';
        try {
          setEnrolling({ enrolmentToken, ...(await enrol.mutateAsync({ body: { enrolmentToken } })) });
        } catch (e) {
          setFailure(loginFailure(e));
        }
      } else setFailure(loginFailure(err));
    } finally {
      setSubmitting(false);
    }
  };

  const onConfirmEnrolment = async () => {
    if (!enrolling) return;
    setSubmitting(true);
    setFailure(undefined);
    try {
      const done = await confirm.mutateAsync({
        body: { enrolmentToken: enrolling.enrolmentToken, code: enrolCode.trim() },
      });
      if (done.accessToken) {
        const user = await startSession({ accessToken: done.accessToken, refreshToken: done.refreshToken });
        message.success(`已启用双因素认证，欢迎，${user.displayName}`);
      }
    } catch (err) {
      setFailure(loginFailure(err));
    } finally {
      setSubmitting(false);
    }
  };

  if (enrolling) {
    return (
      <div className="auth-page">
        <Card
          className="auth-card"
          data-testid="totp-enrol"
          title={<span className="auth-card-title">启用双因素认证</span>}
        >
          <Alert
            className="auth-alert"
            type="info"
            showIcon
            title="审批人和管理员账号须绑定身份验证器"
            description="请用身份验证器 App（如 Microsoft Authenticator、Google Authenticator）扫描二维码，或手动输入密钥，然后填写 App 显示的 6 位动态验证码。密钥只显示这一次。"
          />
          {failure ? (
            <Alert
              className="auth-alert"
              type="error"
              showIcon
              title={failure.title}
              description={failure.description}
              data-testid="login-error"
            />
          ) : null}
          <div style={{ display: 'flex', justifyContent: 'center', margin: '12px 0' }}>
            <QRCode value={enrolling.otpauthUri} data-testid="totp-qr" />
          </div>
          <Typography.Paragraph copyable={{ text: enrolling.secret }} data-testid="totp-secret">
            密钥：<Typography.Text code>{enrolling.secret}</Typography.Text>
          </Typography.Paragraph>
          <Input
            size="large"
            prefix={<SafetyOutlined />}
            placeholder="6 位动态验证码"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={enrolCode}
            onChange={(e) => setEnrolCode(e.target.value)}
            data-testid="totp-enrol-code"
          />
          <Button
            type="primary"
            size="large"
            block
            style={{ marginTop: 12 }}
            loading={submitting}
            disabled={!/^[0-9]{6}$/.test(enrolCode.trim())}
            onClick={() => void onConfirmEnrolment()}
            data-testid="totp-enrol-confirm"
          >
            确认绑定并登录
          </Button>
        </Card>
      </div>
    );
  }

  return (
    <div className="auth-page">
      <Card className="auth-card" data-testid="login-page" title={<span className="auth-card-title">用户登录</span>}>
        {expired ? (
          <Alert className="auth-alert" type="info" showIcon title="登录已过期，请重新登录" />
        ) : next !== '/' ? (
          <Alert className="auth-alert" type="info" showIcon title="请先登录后继续访问" />
        ) : null}
        {failure ? (
          <Alert
            className="auth-alert"
            type="error"
            showIcon
            title={failure.title}
            description={failure.description}
            data-testid="login-error"
          />
        ) : null}
        <Form<LoginValues> layout="vertical" requiredMark={false} onFinish={onFinish} autoComplete="on">
          <Form.Item
            name="username"
            label="用户名"
            rules={[
              { required: true, whitespace: true, message: '请输入用户名' },
              { min: 3, message: '用户名至少3位' },
            ]}
          >
            <Input
              size="large"
              prefix={<UserOutlined />}
              placeholder="请输入用户名"
              autoComplete="username"
              maxLength={64}
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              placeholder="请输入密码"
              autoComplete="current-password"
              maxLength={128}
              data-testid="login-password"
            />
          </Form.Item>
          {needTotp ? (
            <Form.Item
              name="totpCode"
              label="动态验证码"
              extra="请输入身份验证器 App 中显示的 6 位数字"
              rules={[{ required: true, pattern: /^[0-9]{6}$/, message: '请输入 6 位数字动态验证码' }]}
            >
              <Input
                size="large"
                prefix={<SafetyOutlined />}
                placeholder="6 位动态验证码"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
                data-testid="login-totp"
              />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" size="large" block loading={submitting} data-testid="login-submit">
            登录
          </Button>
        </Form>
        <div className="auth-footer">
          还没有账号？<Link to="/register">单位注册</Link>
          <span className="auth-footer-sep">·</span>
          <Link to="/">返回榜单</Link>
        </div>
      </Card>
    </div>
  );
}
