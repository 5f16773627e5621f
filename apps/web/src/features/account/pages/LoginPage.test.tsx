import type { CurrentUser } from '@jiebang/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../api/errors';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { renderWithProviders } from '../../../test/render';
import { LoginPage, loginFailure } from './LoginPage';

/** The page under an auth context whose `login` is `login` (the app state, not the HTTP API). */
function renderLogin(login: AuthContextValue['login']) {
  const value: AuthContextValue = {
    status: 'anonymous',
    user: null,
    login,
    startSession: vi.fn(),
    logout: vi.fn(),
  };
  renderWithProviders(
    <AuthContext.Provider value={value}>
      <LoginPage />
    </AuthContext.Provider>,
    { route: '/login' },
  );
}

const totpRequired = new ApiError({ statusCode: 401, code: 'TOTP_REQUIRED', message: '请输入动态验证码' });

describe('LoginPage', () => {
  it('asks for the 6-digit code when the API wants the second factor, then sends all three', async () => {
    const user = { displayName: '审批人' } as CurrentUser;
    const login = vi.fn<AuthContextValue['login']>().mockRejectedValueOnce(totpRequired).mockResolvedValueOnce(user);
    renderLogin(login);
    const ue = userEvent.setup({ delay: null });
    expect(screen.queryByTestId('login-totp')).toBeNull();

    await ue.type(screen.getByTestId('login-username'), ' approver ');
    await ue.type(screen.getByTestId('login-password'), 'correct horse battery');
    await ue.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(login).toHaveBeenCalledTimes(1));
    expect(login).toHaveBeenLastCalledWith('approver', 'correct horse battery', undefined);
    const code = await screen.findByTestId('login-totp');
    // The code step shows no error alert: TOTP_REQUIRED is a question, not a failure.
    expect(screen.queryByTestId('login-error')).toBeNull();

    // A code that is not six digits is refused by the form, without a call.
    await ue.type(code, '12a');
    await ue.click(screen.getByTestId('login-submit'));
    expect(await screen.findByText('请输入 6 位数字动态验证码')).toBeTruthy();
    expect(login).toHaveBeenCalledTimes(1);

    await ue.clear(code);
    await ue.type(code, '123456');
    await ue.click(screen.getByTestId('login-submit'));
    await waitFor(() => expect(login).toHaveBeenCalledTimes(2));
    expect(login).toHaveBeenLastCalledWith('approver', 'correct horse battery', '123456');
  });
});

describe('loginFailure', () => {
  const err = (statusCode: number, code: string, message = 'x', details?: unknown) =>
    new ApiError({ statusCode, code, message, details });

  it('maps each refusal code to a Chinese title that says what to do', () => {
    expect(loginFailure(err(401, 'TOTP_INVALID')).title).toBe('动态验证码不正确');
    expect(loginFailure(err(401, 'INVALID_CREDENTIALS')).title).toBe('用户名或密码错误');
    expect(loginFailure(err(429, 'LOGIN_THROTTLED', 'Too Many Requests'))).toEqual({
      title: '尝试过于频繁，请稍后再试',
      description: '登录失败次数过多，请稍候片刻再试。',
    });
    expect(loginFailure(err(429, 'LOGIN_THROTTLED', '请 5 分钟后再试')).description).toBe('请 5 分钟后再试');
    expect(loginFailure(err(403, 'ACCOUNT_DISABLED', 'Forbidden'))).toEqual({
      title: '账号已停用',
      description: '该账号已停用,如有疑问请联系管理员',
    });
    expect(loginFailure(err(400, 'VALIDATION_FAILED', 'Bad Request')).description).not.toContain('VALIDATION');
    expect(loginFailure(new Error('boom')).title).toBe('登录失败');
  });
});
