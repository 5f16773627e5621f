import { ListingKind, ListingStatus, OrgType, Role, type CurrentUser } from '@jiebang/contracts';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { renderWithProviders } from '../../../test/render';
import type { ListingDetailDto } from '../../listings/lib/listingDto';
import { ApplySection } from './ApplySection';

/** A user of the would-be taker `org-taker`. */
const takerUser: CurrentUser = {
  id: 'user-2',
  username: 'taker',
  displayName: '揭榜人',
  role: Role.Enterprise,
  staffRoles: [],
  orgId: 'org-taker',
};

/** A published challenge of another organisation. */
const listing: ListingDetailDto = {
  id: '00000000-0000-4000-8000-000000000001',
  kind: ListingKind.Challenge,
  field: null,
  title: '高丰度稀土永磁材料制备关键技术',
  status: ListingStatus.Published,
  resultType: null,
  achievementType: null,
  hasOwnIp: null,
  ipTypes: [],
  summary: null,
  team: null,
  suggestedTimeLimit: null,
  totalInvestmentFen: null,
  regionCode: null,
  regionName: null,
  sourceYear: null,
  note: null,
  inferredFields: [],
  sourceUrls: [],
  publishedAt: null,
  publishedOn: null,
  posterName: '发榜企业',
  poster: { id: 'org-poster', name: '发榜企业', type: OrgType.Enterprise, regionCode: null, uscc: null },
  result: null,
  taken: false,
  offerAmountFen: null,
  applyDeadline: null,
  cooperationForms: [],
  contact: null,
  contactHidden: false,
};

/** A JSON response. */
function json(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

/** Answers the taker's organisation (verified or not) and an empty list of its applications. */
function serve(verified: boolean) {
  vi.stubGlobal(
    'fetch',
    vi.fn((input: Request) => {
      const path = new URL(input.url).pathname;
      if (path === '/api/v1/my/applications') return Promise.resolve(json([]));
      if (path === '/api/v1/organizations/org-taker') {
        return Promise.resolve(json({ id: 'org-taker', name: '揭榜企业', type: OrgType.Enterprise, verified }));
      }
      return Promise.resolve(new Response(null, { status: 404 }));
    }),
  );
}

/** The 我要揭榜 area of `listing` for the taker's user. */
function renderSection() {
  const auth: AuthContextValue = {
    status: 'authenticated',
    user: takerUser,
    login: vi.fn(),
    startSession: vi.fn(),
    logout: vi.fn(),
  };
  renderWithProviders(
    <AuthContext.Provider value={auth}>
      <ApplySection listing={listing} />
    </AuthContext.Provider>,
  );
}

describe('ApplySection of an organisation the 科技厅 has not verified', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('says it cannot apply instead of offering the application form', async () => {
    serve(false);
    renderSection();
    const notice = await screen.findByTestId('org-not-verified');
    expect(notice.textContent).toContain('本单位尚未通过科技厅认证，暂不能揭榜');
    expect(notice.textContent).not.toMatch(/ORG_NOT_VERIFIED|§/);
    expect(within(notice).getByRole('link', { name: '查看单位档案' }).getAttribute('href')).toBe(
      '/organizations/org-taker',
    );
    expect(screen.queryByTestId('apply-button')).toBeNull();
  });

  it('offers 我要揭榜 to a verified organisation', async () => {
    serve(true);
    renderSection();
    expect(await screen.findByTestId('apply-button')).toBeTruthy();
    expect(screen.queryByTestId('org-not-verified')).toBeNull();
  });
});
