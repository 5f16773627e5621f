import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as AntdApp } from 'antd';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { ListingForm } from './ListingForm';

/** A new draft's form (no organisation to read, so nothing is fetched until a name is typed). */
function renderForm() {
  const value: AuthContextValue = {
    status: 'authenticated',
    user: null,
    login: vi.fn(),
    startSession: vi.fn(),
    logout: vi.fn(),
  };
  render(
    <AntdApp>
      <MemoryRouter>
        <AuthContext.Provider value={value}>
          <ListingForm />
        </AuthContext.Provider>
      </MemoryRouter>
    </AntdApp>,
  );
}

/** The titles of the progress steps, in order. */
function stepTitles(): string[] {
  const steps = screen.getByTestId('listing-form-steps');
  return Array.from(steps.querySelectorAll('.ant-steps-item-title')).map((n) => n.textContent ?? '');
}

describe('ListingForm sections', () => {
  it('shows a step per section, with 需求信息 only for a 技术攻关类 listing', async () => {
    const ue = userEvent.setup({ delay: null });
    renderForm();
    expect(stepTitles()).toEqual(['基本信息', '成果情况', '附件', '提交']);
    const steps = screen.getByTestId('listing-form-steps');
    expect(within(steps).getByText('待填 3 项')).toBeTruthy();

    await ue.click(within(screen.getByTestId('listing-kind')).getByText('技术攻关类'));
    await waitFor(() => expect(stepTitles()).toEqual(['基本信息', '技术与成果要求', '需求信息', '附件', '提交']));
    expect(screen.getByTestId('demand-background')).toBeTruthy();
  });

  it('refuses to submit an empty form: the missing name and the attestation are flagged, nothing is sent', async () => {
    const ue = userEvent.setup({ delay: null });
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    renderForm();
    await ue.click(screen.getByTestId('listing-form-submit'));
    expect(await screen.findByText('请填写成果名称')).toBeTruthy();
    expect(screen.getByText('提交前请勾选确认本榜单内容可公开发布')).toBeTruthy();
    expect(screen.queryByTestId('confirm-ok')).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
    fetchSpy.mockRestore();
  });
});
