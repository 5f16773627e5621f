/** Login page (`/login?next=…`): username and password; 401 and 423 are explained in Chinese. */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, App as AntdApp, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { safeNext, useAuth } from '../auth/useAuth';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { hasChinese } from '../lib/apiErrors';
import { formatDate } from '../lib/format';

interface LoginValues {
  username: string;
  password: string;
}

/** What went wrong, for the alert above the form. */
interface LoginFailure {
  title: string;
  description?: string;
}

/** `details.lockedUntil` (or similar) of a 423, when the server sends one. */
function lockedUntil(error: ApiError): string | undefined {
  const d = error.body.details;
  if (typeof d !== 'object' || d === null) return undefined;
  const v = (d as Record<string, unknown>).lockedUntil ?? (d as Record<string, unknown>).until;
  return typeof v === 'string' ? formatDate(v, true) : undefined;
}

/** Chinese explanation of a failed login. */
export function loginFailure(err: unknown): LoginFailure {
  if (!(err instanceof ApiError)) return { title: '登录失败', description: '发生未知错误，请稍后重试' };
  if (err.status === 401 || err.code === 'INVALID_CREDENTIALS') {
    return { title: '用户名或密码错误', description: '请核对后重新输入；注意密码区分大小写。' };
  }
  if (err.status === 423 || err.code === 'ACCOUNT_LOCKED') {
    const until = lockedUntil(err);
    const fromServer = hasChinese(err.message) ? err.message : undefined;
    return {
      title: '账号已被临时锁定',
      description:
        fromServer ??
        (until ? `登录失败次数过多，账号锁定至 ${until}，请届时再试。` : '登录失败次数过多，请稍后再试。'),
    };
  }
  if (err.status === 400) return { title: '请输入正确的用户名和密码', description: err.message };
  return { title: '登录失败', description: err.message };
}

/** The login page. */
export function LoginPage() {
  useDocumentTitle('登录');
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const expired = params.get('expired') === '1';
  const { status, login } = useAuth();
  const { message } = AntdApp.useApp();
  const [failure, setFailure] = useState<LoginFailure>();
  const [submitting, setSubmitting] = useState(false);

  if (status === 'authenticated') return <Navigate to={next} replace />;

  const onFinish = async (values: LoginValues) => {
    setSubmitting(true);
    setFailure(undefined);
    try {
      const user = await login(values.username.trim(), values.password);
      message.success(`欢迎，${user.displayName}`);
    } catch (err) {
      setFailure(loginFailure(err));
    } finally {
      setSubmitting(false);
    }
  };

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
