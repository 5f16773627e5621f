import { OrgType, Role, type CurrentUser } from '@jiebang/contracts';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { renderWithProviders } from '../../../test/render';
import { ListingForm } from './ListingForm';

/** An enterprise user of organisation `org-1`. */
const enterpriseUser: CurrentUser = {
  id: 'user-1',
  username: 'poster',
  displayName: '发榜人',
  role: Role.Enterprise,
  staffRoles: [],
  orgId: 'org-1',
};

/** Organisation `org-1`, verified or not. */
function organisation(verified: boolean) {
  return {
    id: 'org-1',
    name: '包头某稀土企业',
    shortName: null,
    formerNames: [],
    type: OrgType.Enterprise,
    uscc: null,
    regionCode: '150200',
    regionName: '包头市',
    address: null,
    legalRepresentative: null,
    registeredCapitalFen: null,
    mainBusiness: null,
    fields: [],
    independentLegalPerson: true,
    note: null,
    sourceUrls: [],
    verified,
    verifiedAt: verified ? '2026-01-05T00:00:00.000Z' : null,
  };
}

/** Answers `GET /organizations/org-1` with `org`; records every request. */
function serveOrganisation(org: ReturnType<typeof organisation>): string[] {
  const seen: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: Request) => {
      seen.push(`${input.method} ${new URL(input.url).pathname}`);
      return Promise.resolve(
        new Response(JSON.stringify(org), { status: 200, headers: { 'Content-Type': 'application/json' } }),
      );
    }),
  );
  return seen;
}

/** A new draft's form for `user` (no user: nothing is fetched until a name is typed). */
function renderForm(user: CurrentUser | null = null) {
  const value: AuthContextValue = {
    status: 'authenticated',
    user,
    login: vi.fn(),
    startSession: vi.fn(),
    logout: vi.fn(),
  };
  renderWithProviders(
    <AuthContext.Provider value={value}>
      <ListingForm />
    </AuthContext.Provider>,
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

describe('ListingForm of an organisation the 科技厅 has not verified', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says up front that it cannot post, instead of the form, and sends nothing else', async () => {
    const seen = serveOrganisation(organisation(false));
    renderForm(enterpriseUser);
    const notice = await screen.findByTestId('org-not-verified');
    expect(notice.textContent).toContain('本单位尚未通过科技厅认证，暂不能发布榜单');
    expect(notice.textContent).not.toMatch(/ORG_NOT_VERIFIED|§/);
    expect(within(notice).getByRole('link', { name: '查看单位档案' }).getAttribute('href')).toBe(
      '/organizations/org-1',
    );
    expect(screen.queryByTestId('listing-form')).toBeNull();
    expect(screen.queryByTestId('listing-form-submit')).toBeNull();
    expect(seen).toEqual(['GET /api/v1/organizations/org-1']);
  });

  it('shows the form to a verified organisation, starting in its region', async () => {
    serveOrganisation(organisation(true));
    renderForm(enterpriseUser);
    expect(await screen.findByTestId('listing-form')).toBeTruthy();
    expect(screen.queryByTestId('org-not-verified')).toBeNull();
    await waitFor(() => expect(screen.getByTestId('listing-form').textContent).toContain('包头市'));
  });
});
