import { usccCheckChar, validateUscc } from '@jiebang/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderWithProviders } from '../../../test/render';
import { RegisterPage, USCC_EXAMPLE, usccProblem } from './RegisterPage';

describe('the USCC check of the registration form', () => {
  it('shows an example code that the server accepts', () => {
    expect(validateUscc(USCC_EXAMPLE).valid).toBe(true);
    expect(usccProblem(USCC_EXAMPLE)).toBeUndefined();
  });

  it('checks like the server: characters, length, category, then the check character', () => {
    expect(usccProblem('')).toBe('请输入统一社会信用代码');
    expect(usccProblem('91150200I')).toContain('“I”');
    expect(usccProblem('9115020011412')).toBe('统一社会信用代码应为18位，当前为13位');
    expect(usccProblem('9A1502001141234560')).toContain('第1-2位');
    const body = USCC_EXAMPLE.slice(0, 17);
    const wrong = usccCheckChar(body) === '0' ? '1' : '0';
    expect(validateUscc(body + wrong).valid).toBe(false);
    expect(usccProblem(body + wrong)).toContain('校验位');
  });

  it('tells the user as the code is typed, before submitting', async () => {
    const ue = userEvent.setup({ delay: null });
    renderWithProviders(<RegisterPage />, { route: '/register' });
    const input = screen.getByTestId('register-uscc');
    expect(input.getAttribute('placeholder')).toBe(`如 ${USCC_EXAMPLE}`);
    const item = () => input.closest('.ant-form-item')?.className ?? '';
    await ue.type(input, `${USCC_EXAMPLE.slice(0, 17)}0`);
    expect(await screen.findByText(/校验位\(第18位\)不正确/)).toBeTruthy();
    expect(item()).toContain('ant-form-item-has-error');
    await ue.clear(input);
    await ue.type(input, USCC_EXAMPLE.toLowerCase());
    // Upper-cased as typed, and valid: the error is gone.
    expect((input as HTMLInputElement).value).toBe(USCC_EXAMPLE);
    await waitFor(() => expect(item()).not.toContain('ant-form-item-has-error'));
  });
});
