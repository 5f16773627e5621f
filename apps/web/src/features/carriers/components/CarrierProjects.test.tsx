import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierProjects } from './CarrierProjects';

const CV = '00000000-0000-4000-8000-0000000000c1';
const PB = '00000000-0000-4000-8000-0000000000c2';
const P = '00000000-0000-4000-8000-0000000000e1';
const carrier = (kind: string, id: string) =>
  ({
    id,
    kind,
    hostOrgId: 'h',
    hostOrgName: '内蒙古科技大学',
    name: 'x',
    plateName: 'x',
    status: 'operating',
    fields: ['rare_earth'],
  }) as unknown as components['schemas']['CarrierDetailDto'];
const project = (status: string, statusLabel: string) => ({
  id: P,
  title: '高丰度稀土永磁材料制备技术',
  field: 'rare_earth',
  summary: null,
  status,
  statusLabel,
  carrierId: CV,
  carrierName: '内蒙古自治区稀土材料概念验证中心',
  originCarrierId: CV,
  targetCarrierId: status === 'handover_pending' ? PB : null,
  listingId: null,
  history: [
    {
      at: '2026-02-01T00:00:00Z',
      action: 'added',
      actionLabel: '入库',
      carrierId: CV,
      carrierName: '内蒙古自治区稀土材料概念验证中心',
      carrierKind: 'concept_validation',
      carrierKindLabel: '概念验证中心(平台)',
      note: null,
    },
  ],
});

describe('CarrierProjects (issue 15 §8, 001 §14)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the centre records a passed validation with its conclusion, after confirming', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${CV}/projects`]: () => json(200, { items: [project('in_pool', '在库')], incoming: [] }),
      [`POST /api/v1/carriers/projects/${P}/validate`]: () => json(200, project('validated', '已通过概念验证')),
    });
    renderWithProviders(<CarrierProjects c={carrier('concept_validation', CV)} />);
    expect((await screen.findByTestId('project-item')).textContent).toContain('在库');
    fireEvent.change(screen.getByPlaceholderText('概念验证结论'), { target: { value: '性能指标达到预期' } });
    fireEvent.click(screen.getByTestId('project-validate'));
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: '确认办理' }));
    });
    await waitFor(() => expect(sent.some((s) => s.path.endsWith('/validate'))).toBe(true));
    expect(sent.find((s) => s.path.endsWith('/validate'))?.body).toEqual({ note: '性能指标达到预期' });
  });

  it('the pilot base sees an offer awaiting it and accepts it; an empty pool says so', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${PB}/projects`]: () =>
        json(200, { items: [], incoming: [project('handover_pending', '待中试基地接收')] }),
      [`POST /api/v1/carriers/projects/${P}/accept`]: () => json(200, project('piloting', '中试中')),
    });
    renderWithProviders(<CarrierProjects c={carrier('pilot_base', PB)} />);
    expect(await screen.findByText('待接收的项目')).toBeTruthy();
    expect(screen.getByText('项目库暂无项目')).toBeTruthy();
    fireEvent.click(screen.getByTestId('project-accept'));
    await act(async () => {
      fireEvent.click(await screen.findByRole('button', { name: '确认办理' }));
    });
    await waitFor(() => expect(sent.some((s) => s.method === 'POST' && s.path.endsWith('/accept'))).toBe(true));
  });
});
