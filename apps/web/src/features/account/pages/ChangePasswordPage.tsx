/**
 * 修改密码 (`/account/password`, signed in): current password, new password checked in the browser by the same
 * policy as the API (`passwordProblem` of `@jiebang/contracts`: ≥ 12 characters, not blank, not a common or leaked
 * password, not containing the username), and its confirmation. The API revokes every session of the account
 * (other devices are logged out) and answers with this device's new tokens. An account with a one-time password
 * (set by an administrator) is sent here first and then on to `?next=`.
 */
import { LockOutlined } from '@ant-design/icons';
import { PASSWORD_MAX_LENGTH, passwordProblem } from '@jiebang/contracts';
import { Alert, App as AntdApp, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { $api } from '../../../api/query';
import { safeNext, useAuth } from '../../../auth/useAuth';
import { useDocumentTitle } from '../../../shared/hooks/useDocumentTitle';
import { errorText } from '../../../shared/lib/apiErrors';

interface ChangePasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The change-password page. */
export function ChangePasswordPage() {
  useDocumentTitle('修改密码');
  const { user, startSession } = useAuth();
  const { message } = AntdApp.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [error, setError] = useState<string>();
  const change = $api.useMutation('post', '/api/v1/auth/change-password');
  const [submitting, setSubmitting] = useState(false);

  const onFinish = async (v: ChangePasswordValues) => {
    setSubmitting(true);
    setError(undefined);
    try {
      const tokens = await change.mutateAsync({
        body: { currentPassword: v.currentPassword, newPassword: v.newPassword },
      });
      await startSession(tokens);
      message.success('密码已修改，其他设备上的登录已全部退出');
      void navigate(next);
    } catch (err) {
      setError(errorText(err, '修改失败，请稍后重试'));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="auth-page">
      <Card
        className="auth-card"
        data-testid="change-password-page"
        title={<span className="auth-card-title">修改密码</span>}
      >
        <Alert
          className="auth-alert"
          type={user?.mustChangePassword ? 'warning' : 'info'}
          showIcon
          data-testid={user?.mustChangePassword ? 'must-change-password' : undefined}
          title={
            user?.mustChangePassword
              ? '您正在使用管理员设置的一次性密码，请先设置您自己的新密码'
              : '修改后，本账号在其他设备上的登录将全部退出'
          }
          description="密码至少 12 个字符，可以包含空格和中文；建议用几个词组成的短句，不要使用常见密码或包含用户名。"
        />
        {error ? (
          <Alert className="auth-alert" type="error" showIcon title={error} data-testid="change-password-error" />
        ) : null}
        <Form<ChangePasswordValues> layout="vertical" requiredMark={false} onFinish={onFinish}>
          <Form.Item name="currentPassword" label="当前密码" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="current-password"
            />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label="新密码"
            rules={[
              {
                validator: (_, value: string | undefined) => {
                  const problem = passwordProblem(value ?? '', { username: user?.username });
                  return problem ? Promise.reject(new Error(problem.message)) : Promise.resolve();
                },
              },
            ]}
          >
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              autoComplete="new-password"
              maxLength={PASSWORD_MAX_LENGTH * 2}
              data-testid="new-password"
            />
          </Form.Item>
          <Form.Item
            name="confirm"
            label="确认新密码"
            dependencies={['newPassword']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: string | undefined) =>
                  value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password
              size="large"
              prefix={<LockOutlined />}
              autoComplete="new-password"
              data-testid="confirm-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={submitting}
            data-testid="change-password-submit"
          >
            修改密码
          </Button>
        </Form>
      </Card>
    </div>
  );
}
