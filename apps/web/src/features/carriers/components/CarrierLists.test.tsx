import { Role, type CurrentUser } from '@jiebang/contracts';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierLists, isCarrierHost } from './CarrierLists';

const ID = '00000000-0000-4000-8000-0000000000c1';
const HOST = '00000000-0000-4000-8000-0000000000a1';
const L1 = '00000000-0000-4000-8000-0000000000d1';
const centre = {
  id: ID,
  kind: 'innovation_center',
  kindLabel: '自治区技术创新中心',
  intlBaseType: null,
  hostOrgId: HOST,
  hostOrgName: '包头稀土研究院',
  name: '稀土新材料技术创新中心',
  plateName: '内蒙古自治区稀土新材料技术创新中心',
  documentNo: '内科发〔2026〕7号',
  publishedOn: '2026-01-05',
  status: 'operating',
  statusLabel: '运行',
  regionCode: '150200',
  fields: ['rare_earth'],
  attached: false,
  revokedOn: null,
  revocationGround: null,
  reapplyBarUntil: null,
  history: [],
  reports: [],
  evaluations: [],
} as unknown as components['schemas']['CarrierDetailDto'];

const item = {
  listingId: L1,
  title: '稀土永磁电机关键技术攻关',
  kind: 'challenge',
  field: 'rare_earth',
  posterOrgId: 'o2',
  posterName: '包头钢铁(集团)有限责任公司',
  status: 'published',
  note: '产业链关键',
  addedAt: '2026-02-01T00:00:00.000Z',
};

const user = (over: Partial<CurrentUser>): CurrentUser => ({
  id: 'u1',
  username: 'someone',
  displayName: '某人',
  role: Role.Institute,
  staffRoles: [],
  orgId: HOST,
  ...over,
});

/** The public answers of a centre with one listing on its 技术攻关清单. */
const routes = (extra: Record<string, () => Response> = {}) => ({
  [`GET /api/v1/carriers/${ID}/lists`]: () => json(200, { carrierId: ID, challenge: [item], achievement: [] }),
  [`GET /api/v1/carriers/${ID}/members`]: () =>
    json(200, {
      items: [
        { orgId: HOST, orgName: '包头稀土研究院', role: 'host', roleLabel: '依托单位' },
        { orgId: 'o2', orgName: '包头钢铁(集团)有限责任公司', role: 'co_builder', roleLabel: '共建单位' },
      ],
    }),
  [`GET /api/v1/carriers/${ID}/capacity`]: () =>
    json(200, {
      items: [{ field: 'rare_earth', pilotLines: 2, description: '稀土永磁中试线', updatedAt: '2026-02-01T00:00:00Z' }],
    }),
  'GET /api/v1/listings': () =>
    json(200, {
      hits: [{ id: L1, title: '稀土永磁电机关键技术攻关', posterName: '包头钢铁(集团)有限责任公司' }],
      totalHits: 1,
      page: 1,
      totalPages: 1,
      facetDistribution: {},
    }),
  ...extra,
});

describe('CarrierLists (issue 15 §8: a centre’s two lists, its members, service capacity)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the public sees both lists with empty states, the members and the capacity, and nothing to act on', async () => {
    serveApi(routes());
    renderWithProviders(<CarrierLists c={centre} user={null} />);
    const list = await screen.findByTestId('list-challenge');
    expect(within(list).getByText('稀土永磁电机关键技术攻关')).toBeTruthy();
    expect(within(list).getByText('产业链关键')).toBeTruthy();
    expect(screen.getByText('技术攻关清单(1)')).toBeTruthy();
    expect(screen.getByText('成果转化清单(0)')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('carrier-members').textContent).toContain('共建单位'));
    await waitFor(() => expect(screen.getAllByTestId('capacity-item')).toHaveLength(1));
    expect(screen.queryByTestId('list-add-challenge')).toBeNull();
    expect(screen.queryByTestId('list-item-remove')).toBeNull();
    expect(screen.queryByTestId('capacity-form')).toBeNull();
  });

  it('a carrier that is no centre shows no lists, only its capacity (empty state)', async () => {
    serveApi({ [`GET /api/v1/carriers/${ID}/capacity`]: () => json(200, { items: [] }) });
    renderWithProviders(<CarrierLists c={{ ...centre, kind: 'pilot_base' }} user={null} />);
    expect(await screen.findByText('尚未登记服务能力')).toBeTruthy();
    expect(screen.queryByTestId('carrier-lists')).toBeNull();
  });

  it('the host takes a listing off a list after confirming', async () => {
    const sent = serveApi(
      routes({
        [`DELETE /api/v1/carriers/${ID}/lists/challenge/items/${L1}`]: () =>
          json(200, { carrierId: ID, challenge: [], achievement: [] }),
      }),
    );
    renderWithProviders(<CarrierLists c={centre} user={user({})} />);
    fireEvent.click(await screen.findByTestId('list-item-remove'));
    expect(sent.some((s) => s.method === 'DELETE')).toBe(false);
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: '确认移出' }));
    });
    await waitFor(() => expect(sent.some((s) => s.method === 'DELETE' && s.path.endsWith(`/items/${L1}`))).toBe(true));
  });

  it('the host declares the capacity of its registered fields', async () => {
    const sent = serveApi(
      routes({
        [`PUT /api/v1/carriers/${ID}/capacity`]: () => json(200, { items: [] }),
      }),
    );
    renderWithProviders(<CarrierLists c={centre} user={user({})} />);
    await waitFor(() =>
      expect((screen.getByTestId('capacity-description-rare_earth') as HTMLTextAreaElement).value).toBe(
        '稀土永磁中试线',
      ),
    );
    fireEvent.change(screen.getByTestId('capacity-description-rare_earth'), { target: { value: '两条永磁中试线' } });
    await act(async () => {
      fireEvent.click(screen.getByTestId('capacity-submit'));
    });
    await waitFor(() => expect(sent.some((s) => s.method === 'PUT')).toBe(true));
    expect(sent.find((s) => s.method === 'PUT')?.body).toEqual({
      items: [{ field: 'rare_earth', pilotLines: 2, description: '两条永磁中试线' }],
    });
  });

  it('only a user of the 依托单位 of a carrier in force is its host', () => {
    expect(isCarrierHost(user({}), centre)).toBe(true);
    expect(isCarrierHost(user({ orgId: 'other' }), centre)).toBe(false);
    expect(isCarrierHost(user({}), { ...centre, status: 'revoked' })).toBe(false);
    expect(isCarrierHost(null, centre)).toBe(false);
  });
});
