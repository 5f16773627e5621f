import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierDetailPage } from './CarrierDetailPage';

const ID = '00000000-0000-4000-8000-0000000000c2';
const revoked = {
  id: ID,
  kind: 'intl_coop_base',
  kindLabel: '国际科技合作基地',
  intlBaseType: 'demonstration_base',
  hostOrgId: '00000000-0000-4000-8000-0000000000a2',
  hostOrgName: '内蒙古某大学',
  name: '稀土国际合作基地',
  plateName: '内蒙古自治区稀土国际科技合作基地',
  documentNo: '内科发合字〔2022〕5号',
  publishedOn: '2022-06-01',
  status: 'revoked',
  statusLabel: '撤销',
  regionCode: '150100',
  fields: ['rare_earth'],
  attached: false,
  revokedOn: '2026-05-10',
  revocationGround: '连续两年未提交年度工作总结(002 §12(四))',
  reapplyBarUntil: '2029-05-10',
  history: [
    {
      at: '2022-06-01T02:00:00.000Z',
      action: '发文认定',
      fromStatus: null,
      toStatus: 'operating',
      actorName: '张处长',
      reason: null,
      rule: '002 §7',
    },
    {
      at: '2026-05-10T02:00:00.000Z',
      action: '撤销',
      fromStatus: 'operating',
      toStatus: 'revoked',
      actorName: '张处长',
      reason: '连续两年未提交年度工作总结',
      rule: '002 §12(四)',
    },
  ],
  reports: [
    {
      id: 'r1',
      carrierId: ID,
      year: 2023,
      status: 'filed',
      submittedAt: '2024-01-20T02:00:00.000Z',
      reviewedAt: null,
      filedAt: null,
    },
  ],
  evaluations: [
    {
      id: 'e1',
      year: 2025,
      grade: 'unqualified',
      basis: '2024、2025 年度未报送年度报告',
      missedYears: [2024, 2025],
      fromStatus: 'operating',
      toStatus: 'revoked',
      note: null,
      decidedAt: '2026-05-10T02:00:00.000Z',
    },
  ],
};

describe('CarrierDetailPage (载体详情 with history, issue 15 §5–§6)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the entry, the revocation with its bar on reapplying, reports, evaluations and history', async () => {
    serveApi({ [`GET /api/v1/carriers/${ID}`]: () => json(200, revoked) });
    renderWithProviders(
      <Routes>
        <Route path="/carriers/:id" element={<CarrierDetailPage />} />
      </Routes>,
      { route: `/carriers/${ID}` },
    );
    expect((await screen.findByTestId('carrier-plate-name')).textContent).toBe('内蒙古自治区稀土国际科技合作基地');
    expect(screen.getByTestId('carrier-document-no').textContent).toBe('内科发合字〔2022〕5号');
    expect(screen.getByText('国际科技合作基地(示范型国际科技合作基地)')).toBeTruthy();
    const alert = screen.getByTestId('carrier-revoked');
    expect(alert.textContent).toContain('已于 2026-05-10 撤销');
    expect(alert.textContent).toContain('2029-05-10 之前不得再次申请');
    expect(within(screen.getByTestId('carrier-evaluations')).getByText('不合格')).toBeTruthy();
    const entries = screen.getAllByTestId('carrier-history-entry');
    expect(entries).toHaveLength(2);
    expect(entries[1].textContent).toContain('依据:002 §12(四)');
  });

  it('a missing carrier is an error with a retry, not a blank page', async () => {
    serveApi({});
    renderWithProviders(
      <Routes>
        <Route path="/carriers/:id" element={<CarrierDetailPage />} />
      </Routes>,
      { route: `/carriers/${ID}` },
    );
    expect(await screen.findByText('载体平台加载失败')).toBeTruthy();
  });
});
