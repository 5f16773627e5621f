import { Role, type CurrentUser } from '@jiebang/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { CarrierExpertReviewPage, CarrierExpertReviewsPage } from './CarrierExpertReviewPage';

const expert: CurrentUser = {
  id: '00000000-0000-4000-8000-0000000000f1',
  username: 'expert.demo',
  displayName: '评审专家',
  role: Role.Expert,
  staffRoles: [],
  orgId: null,
};
const ID = '00000000-0000-4000-8000-0000000000d1';
const review = {
  id: '00000000-0000-4000-8000-0000000000c1',
  expertUserId: expert.id,
  expertName: '评审专家',
  score: null,
  recommend: null,
  opinion: null,
  submittedAt: null,
};
const app = {
  id: ID,
  roundId: '00000000-0000-4000-8000-0000000000e1',
  roundTitle: '2026 年中试基地备案',
  orgId: '00000000-0000-4000-8000-0000000000a1',
  orgName: '包头稀土研究院',
  regionCode: '150200',
  kind: 'pilot_base',
  intlBaseType: null,
  platformName: '稀土功能材料中试基地',
  form: {
    fields: ['rare_earth'],
    projects: [{ name: '烧结钕铁硼中试', stage: '中试验证' }],
    evidence: { sitePhotos: '场地照片 12 张', equipmentProof: '设备清单及发票' },
  },
  status: 'expert_review',
  authority: '150200',
  direct: false,
  nationalLevel: false,
  integrityPledgeAt: '2026-11-01T02:00:00.000Z',
  submittedAt: '2026-11-01T02:00:00.000Z',
  recommendation: null,
  formalReview: { pass: true, note: '材料齐全' },
  siteVisit: null,
  decision: null,
  noticeFirstDay: null,
  noticeLastDay: null,
  noticeEndsAt: null,
  carrierId: null,
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
      label: '仪器设备原值',
      required: '≥ 500 万元',
      declared: '600000000',
      met: true,
      anyOf: null,
      groupMet: null,
      evidence: null,
      rule: '001 §9(三)',
    },
  ],
  experts: [review],
  updatedAt: '2026-11-01T02:00:00.000Z',
};
const invitation = {
  id: review.id,
  applicationId: ID,
  platformName: app.platformName,
  kind: 'pilot_base',
  intlBaseType: null,
  orgName: app.orgName,
  roundTitle: app.roundTitle,
  status: 'expert_review',
  assignedAt: '2026-11-02T02:00:00.000Z',
  submittedAt: null,
  score: null,
  recommend: null,
};

/** The review page at `/expert/carriers/:id`, as the router mounts it. */
function renderReview() {
  return renderWithProviders(
    <Routes>
      <Route path="/expert/carriers/:id" element={<CarrierExpertReviewPage />} />
    </Routes>,
    { route: `/expert/carriers/${ID}`, user: expert },
  );
}

describe('CarrierExpertReviewPage (the invited expert reads the 申报书 and gives the opinion, issue 15 §4)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the pending invitations with a link to each review; 已评审 and 全部 ask the server again', async () => {
    const sent = serveApi({
      'GET /api/v1/expert/carrier-reviews': (s) =>
        json(200, {
          items: new URLSearchParams(s.search).get('state') === 'done' ? [] : [invitation],
          total: 1,
          page: 1,
          pageSize: 20,
        }),
    });
    renderWithProviders(<CarrierExpertReviewsPage />, { route: '/expert/carriers', user: expert });
    const row = await screen.findByTestId('carrier-expert-review-row');
    expect(row.textContent).toContain('稀土功能材料中试基地');
    expect(row.textContent).toContain('包头稀土研究院');
    expect(row.textContent).toContain('待评审');
    expect(within(row).getByRole('link').getAttribute('href')).toBe(`/expert/carriers/${ID}`);
    expect(new URLSearchParams(sent[0].search).get('state')).toBe('pending');
    fireEvent.click(screen.getByText('已评审'));
    expect((await screen.findByTestId('carrier-expert-reviews-empty')).textContent).toContain('暂无载体评审邀请');
    expect(new URLSearchParams(sent.at(-1)!.search).get('state')).toBe('done');
  });

  it('shows the thresholds with the declared figures, the 申报书 content and the recusal rule, and sends the opinion after confirmation', async () => {
    let current: typeof app = app;
    const sent = serveApi({
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, current),
      [`POST /api/v1/carriers/applications/${ID}/expert-opinion`]: (s) => {
        const b = s.body as { score: number; recommend: boolean; opinion: string };
        current = {
          ...app,
          experts: [{ ...review, ...b, submittedAt: '2026-11-03T02:00:00.000Z' }] as never,
        };
        return json(200, current);
      },
      'GET /api/v1/expert/carrier-reviews': () => json(200, { items: [], total: 0, page: 1, pageSize: 20 }),
    });
    renderReview();
    const page = await screen.findByTestId('carrier-expert-review');
    expect(within(page).getByTestId('threshold-spaceM2').getAttribute('data-met')).toBe('true');
    expect(within(page).getByTestId('threshold-spaceM2').textContent).toContain('1200');
    expect(within(page).getByTestId('threshold-equipmentValueFen').textContent).toContain('600 万元');
    const content = screen.getByTestId('expert-application-content');
    expect(content.textContent).toContain('烧结钕铁硼中试');
    expect(content.textContent).toContain('场地照片 12 张');
    expect(content.textContent).toContain('场地实景图片');
    expect(screen.getByTestId('expert-recusal').textContent).toContain('回避');

    // the opinion is required
    fireEvent.click(screen.getByTestId('expert-opinion-submit'));
    expect(await screen.findByText('请填写评分')).toBeTruthy();
    expect(sent.filter((s) => s.method === 'POST')).toEqual([]);

    fireEvent.change(screen.getByTestId('expert-score'), { target: { value: '86' } });
    fireEvent.click(screen.getByLabelText('建议通过'));
    fireEvent.change(screen.getByTestId('expert-opinion'), { target: { value: ' 中试条件完备,建议备案 ' } });
    fireEvent.click(screen.getByTestId('expert-opinion-submit'));
    fireEvent.click(await screen.findByTestId('expert-opinion-confirm'));
    await waitFor(() => expect(sent.some((s) => s.method === 'POST')).toBe(true));
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({
      score: 86,
      recommend: true,
      opinion: '中试条件完备,建议备案',
    });
    const given = await screen.findByTestId('expert-opinion-given');
    expect(given.textContent).toContain('评分 86 分');
    expect(given.textContent).toContain('建议通过');
    expect(screen.queryByTestId('expert-opinion-form')).toBeNull();
  });

  it('shows the server refusal as it words it and keeps the form', async () => {
    serveApi({
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, app),
      [`POST /api/v1/carriers/applications/${ID}/expert-opinion`]: () =>
        json(403, { statusCode: 403, code: 'NOT_INVITED', message: '您未被邀请评审该申报', rule: '000 四.3' }),
    });
    renderReview();
    fireEvent.change(await screen.findByTestId('expert-score'), { target: { value: '60' } });
    fireEvent.click(screen.getByLabelText('不建议通过'));
    fireEvent.change(screen.getByTestId('expert-opinion'), { target: { value: '设备不足' } });
    fireEvent.click(screen.getByTestId('expert-opinion-submit'));
    fireEvent.click(await screen.findByTestId('expert-opinion-confirm'));
    expect(await screen.findByText(/您未被邀请评审该申报/)).toBeTruthy();
    expect(screen.getByTestId('expert-opinion-form')).toBeTruthy();
  });

  it('lists the uploaded evidence files read-only (no upload, no delete)', async () => {
    const file = {
      id: '00000000-0000-4000-8000-0000000000b1',
      applicationId: ID,
      evidenceKey: 'sitePhotos',
      filename: '场地实景图片.pdf',
      contentType: 'application/pdf',
      sizeBytes: 2048,
      sha256: 'a'.repeat(64),
      uploadedAt: '2026-11-01T01:00:00.000Z',
    };
    const evidenceItems = [
      {
        key: 'sitePhotos',
        label: '场地实景图片',
        rule: '001 §8(三), §9(三)',
        note: null,
        thresholdKeys: ['spaceM2'],
        files: [file],
      },
    ];
    serveApi({
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, { ...app, evidenceItems }),
    });
    renderReview();
    const content = await screen.findByTestId('expert-application-content');
    expect(within(content).getByTestId('evidence-file').textContent).toContain('场地实景图片.pdf');
    expect(within(content).queryByTestId('evidence-upload-sitePhotos')).toBeNull();
    expect(within(content).queryByTestId('evidence-file-delete')).toBeNull();
  });

  it('outside 专家评审 the opinion form is not offered', async () => {
    serveApi({
      [`GET /api/v1/carriers/applications/${ID}`]: () => json(200, { ...app, status: 'site_visit' }),
    });
    renderReview();
    expect((await screen.findByTestId('expert-opinion-closed')).textContent).toContain('不在专家评审阶段');
    expect(screen.queryByTestId('expert-opinion-form')).toBeNull();
  });
});
