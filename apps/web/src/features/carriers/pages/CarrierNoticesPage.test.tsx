import { Role, type CurrentUser } from '@jiebang/contracts';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthContext, type AuthContextValue } from '../../../auth/AuthContext';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierNoticesPage } from './CarrierNoticesPage';

const ID = '00000000-0000-4000-8000-0000000000d1';
const notice = {
  id: ID,
  platformName: '稀土材料中试基地',
  kind: 'pilot_base',
  kindLabel: '中试基地',
  intlBaseType: null,
  hostOrgName: '包头稀土研究院',
  regionCode: '150204',
  fields: ['rare_earth'],
  roundTitle: '2026 年中试基地备案',
  status: 'on_notice',
  noticeFirstDay: '2026-11-02',
  noticeLastDay: '2026-11-06',
  noticeEndsAt: '2026-11-06T16:00:00.000Z',
  howToObject: '公示期内(至 2026-11-06 24:00,北京时间),任何单位或个人对公示内容有异议的,可登录本平台提交书面异议',
  rule: '000 四.3',
};
const enterprise: CurrentUser = {
  id: 'u2',
  username: 'enterprise.demo',
  displayName: '企业用户',
  role: Role.Enterprise,
  staffRoles: [],
  orgId: '00000000-0000-4000-8000-0000000000a2',
};

const ANONYMOUS: AuthContextValue = {
  status: 'anonymous',
  user: null,
  login: vi.fn(),
  startSession: vi.fn(),
  logout: vi.fn(),
};
/** The page as a visitor (signed out) sees it. */
const visitorPage = () => (
  <AuthContext.Provider value={ANONYMOUS}>
    <CarrierNoticesPage />
  </AuthContext.Provider>
);

describe('CarrierNoticesPage (载体公示, public reduced view, issue 15)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a visitor sees the platform, kind, 依托单位, region, field, period and how to object, and is sent to log in', async () => {
    serveApi({ 'GET /api/v1/carriers/notices': () => json(200, { items: [notice] }) });
    renderWithProviders(visitorPage(), { route: '/carriers/notices' });
    const card = await screen.findByTestId('carrier-notice');
    expect(card.textContent).toContain('稀土材料中试基地');
    expect(card.textContent).toContain('包头稀土研究院');
    expect(card.textContent).toContain('中试基地');
    expect(screen.getByTestId('carrier-notice-period').textContent).toBe('2026-11-02 至 2026-11-06 24:00');
    expect(screen.getByTestId('carrier-notice-how').textContent).toContain('异议');
    expect(screen.getByTestId('carrier-notice-login').getAttribute('href')).toContain('/login');
    expect(screen.queryByTestId('carrier-notice-object')).toBeNull();
  });

  it('a signed-in user lodges an objection with its reasons after a confirmation', async () => {
    const sent = serveApi({
      'GET /api/v1/carriers/notices': () => json(200, { items: [notice] }),
      [`POST /api/v1/carriers/applications/${ID}/objections`]: () =>
        json(200, { id: ID, status: 'objection', publicView: true }),
    });
    renderWithProviders(<CarrierNoticesPage />, { route: '/carriers/notices', user: enterprise });
    fireEvent.click(await screen.findByTestId('carrier-notice-object'));
    fireEvent.change(await screen.findByTestId('carrier-objection-reasons'), {
      target: { value: '申报场地系租用,面积不实' },
    });
    await act(async () => {
      fireEvent.click(screen.getByTestId('carrier-objection-ok'));
    });
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
    await act(async () => {
      fireEvent.click(await screen.findByTestId('carrier-objection-confirm'));
    });
    await waitFor(() =>
      expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ reasons: '申报场地系租用,面积不实' }),
    );
  });

  it('an objection in progress is marked; no notices: an empty state', async () => {
    serveApi({ 'GET /api/v1/carriers/notices': () => json(200, { items: [{ ...notice, status: 'objection' }] }) });
    const first = renderWithProviders(visitorPage(), { route: '/carriers/notices' });
    expect(await screen.findByTestId('carrier-notice-frozen')).toBeTruthy();
    first.unmount();
    serveApi({ 'GET /api/v1/carriers/notices': () => json(200, { items: [] }) });
    renderWithProviders(visitorPage(), { route: '/carriers/notices' });
    expect(await screen.findByText('目前没有正在公示的载体申报')).toBeTruthy();
  });
});
