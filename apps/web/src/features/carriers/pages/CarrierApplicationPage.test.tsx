import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierApplicationPage } from './CarrierApplicationPage';

const ID = '00000000-0000-4000-8000-0000000000d1';
const draft = {
  id: ID,
  roundId: '00000000-0000-4000-8000-0000000000e1',
  roundTitle: '2026 年度中试基地备案',
  orgId: '00000000-0000-4000-8000-0000000000a1',
  orgName: '包头稀土研究院',
  regionCode: '150200',
  kind: 'pilot_base',
  intlBaseType: null,
  platformName: '稀土功能材料中试基地',
  form: { spaceM2: 1200, equipmentValueFen: '620000000' },
  status: 'draft',
  authority: '150200',
  direct: false,
  nationalLevel: false,
  integrityPledgeAt: null,
  submittedAt: null,
  recommendation: null,
  formalReview: null,
  siteVisit: null,
  decision: null,
  noticeFirstDay: null,
  noticeLastDay: null,
  noticeEndsAt: null,
  carrierId: null,
  thresholds: [],
  experts: [],
  updatedAt: '2026-11-01T02:00:00.000Z',
};

function renderPage() {
  renderWithProviders(
    <Routes>
      <Route path="/carriers/applications/:id" element={<CarrierApplicationPage />} />
    </Routes>,
    { route: `/carriers/applications/${ID}` },
  );
}

describe('CarrierApplicationPage (申报书, issue 15 §2)', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows the rule set’s figures with money in 万元 and autosaves the draft in fen', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, draft),
      [`GET /api/v1/carriers/applications/${ID}/history`]: () => json(200, []),
      [`PATCH /api/v1/carriers/applications/${ID}`]: () => json(200, draft),
    });
    renderPage();
    const equipment = (await screen.findByTestId('figure-equipmentValueFen')) as HTMLInputElement;
    expect(equipment.value).toBe('620');
    expect(screen.getByText('中试服务场地及配套设施面积')).toBeTruthy();
    expect(screen.getByTestId('annex-projects')).toBeTruthy();
    fireEvent.change(equipment, { target: { value: '500.5' } });
    await waitFor(() => expect(sent.some((s) => s.method === 'PATCH')).toBe(true), { timeout: 4000 });
    const patch = sent.find((s) => s.method === 'PATCH')?.body as { form: Record<string, unknown> };
    expect(patch.form.equipmentValueFen).toBe('500500000');
    expect(patch.form.spaceM2).toBe(1200);
    expect((await screen.findByTestId('autosave-state')).textContent).toContain('已自动保存');
  });

  it('lists what is missing when an incomplete submission is refused', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, draft),
      [`GET /api/v1/carriers/applications/${ID}/history`]: () => json(200, []),
      [`PATCH /api/v1/carriers/applications/${ID}`]: () => json(200, draft),
      [`POST /api/v1/carriers/applications/${ID}/submit`]: () =>
        json(422, {
          statusCode: 422,
          code: 'CARRIER_APPLICATION_INCOMPLETE',
          message: '申报书不完整,请补全所列内容后再提交',
          details: {
            missing: [
              { key: 'advisers', label: '专职或兼职顾问团队人数' },
              { key: 'integrityPledge', label: '诚信承诺书(须勾选承诺)' },
            ],
          },
        }),
    });
    renderPage();
    fireEvent.click(await screen.findByTestId('application-submit'));
    await act(async () => {
      fireEvent.click(await screen.findByTestId('application-submit-confirm'));
    });
    const box = await screen.findByTestId('application-missing');
    expect(
      within(box)
        .getAllByTestId('missing-item')
        .map((li) => li.textContent),
    ).toEqual(['专职或兼职顾问团队人数', '诚信承诺书(须勾选承诺)']);
    expect((sent.find((s) => s.path.endsWith('/submit'))?.body as { integrityPledge: boolean }).integrityPledge).toBe(
      false,
    );
  });

  it('sends the integrity pledge when ticked', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, draft),
      [`GET /api/v1/carriers/applications/${ID}/history`]: () => json(200, []),
      [`PATCH /api/v1/carriers/applications/${ID}`]: () => json(200, draft),
      [`POST /api/v1/carriers/applications/${ID}/submit`]: () => json(200, { ...draft, status: 'submitted' }),
    });
    renderPage();
    fireEvent.click(await screen.findByTestId('integrity-pledge'));
    fireEvent.click(screen.getByTestId('application-submit'));
    await act(async () => {
      fireEvent.click(await screen.findByTestId('application-submit-confirm'));
    });
    await waitFor(() => expect(sent.some((s) => s.path.endsWith('/submit'))).toBe(true));
    expect((sent.find((s) => s.path.endsWith('/submit'))?.body as { integrityPledge: boolean }).integrityPledge).toBe(
      true,
    );
  });

  it('a submitted application shows the thresholds read-only, met and missed', async () => {
    serveApi({
      [`GET /api/v1/carriers/applications/${ID}`]: () =>
        json(200, {
          ...draft,
          status: 'recommended',
          thresholds: [
            {
              key: 'spaceM2',
              label: '中试服务场地及配套设施面积',
              required: '≥ 1000 m²',
              declared: 1200,
              met: true,
              anyOf: null,
              groupMet: null,
              evidence: '场地实景图片',
              rule: '001 §9(三)',
            },
            {
              key: 'equipmentValueFen',
              label: '设备及软硬件设施原价值',
              required: '≥ 5,000,000.00 元',
              declared: '499000000',
              met: false,
              anyOf: null,
              groupMet: null,
              evidence: null,
              rule: '001 §9(三)',
            },
          ],
        }),
      [`GET /api/v1/carriers/applications/${ID}/history`]: () => json(200, []),
    });
    renderPage();
    const row = await screen.findByTestId('threshold-equipmentValueFen');
    expect(row.getAttribute('data-met')).toBe('false');
    expect(within(row).getByTestId('declared').textContent).toBe('499 万元');
    expect(screen.getByTestId('threshold-spaceM2').getAttribute('data-met')).toBe('true');
    expect(screen.queryByTestId('application-form')).toBeNull();
  });
});
