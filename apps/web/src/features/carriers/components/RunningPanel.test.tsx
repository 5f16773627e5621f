import { Role, StaffRole } from '@jiebang/contracts';
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { confirmAndPost, noteClickConfirm } from '../../../test/confirm';
import { renderWithProviders } from '../../../test/render';
import { establishmentRequest, testUser } from '../test/fixtures';
import { RunningPanel } from './RunningPanel';

const ID = '00000000-0000-4000-8000-0000000000c2';
const centre = {
  id: ID,
  kind: 'innovation_center',
  status: 'preparing',
} as unknown as components['schemas']['CarrierDetailDto'];
const user = testUser;
const running = {
  carrierId: ID,
  status: 'preparing',
  establishedOn: null,
  reportYear: 2025,
  reportDueOn: '2026-01-31',
  reportDueSource: '003 §29 (每年1月底前报送上年度报告)',
  evaluationDueOn: null,
  evaluationSource: '003 §32 (批准成立后每三年)',
  preparingEndsOn: '2027-03-01',
  rectifyUntil: null,
};

const request = (over: Parameters<typeof establishmentRequest>[1] = {}) => establishmentRequest(ID, over);
const REQUESTS = `GET /api/v1/carriers/${ID}/establishment-requests`;
/** The centre's draft materials with the 总结报告 uploaded (`003 §20`). */
const MATERIALS = {
  editable: true,
  items: [
    {
      key: 'summary_report',
      label: '筹建期工作总结报告(对照建设方案的任务完成情况)',
      required: true,
      rule: '003 §20',
      files: [
        {
          id: 'f1',
          carrierId: ID,
          requestId: null,
          materialKey: 'summary_report',
          filename: '总结报告.pdf',
          sizeBytes: 2048,
        },
      ],
    },
    { key: 'supporting', label: '佐证材料', required: false, rule: '003 §20', files: [] },
  ],
};

describe('RunningPanel (running-year dates, 筹建期满考核 003 §20–21)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows the report due by 31 January and the end of 筹建; staff get the 考核 form once a 考核申请 is agreed', async () => {
    serveApi({
      [`GET /api/v1/carriers/${ID}/running`]: () => json(200, running),
      [REQUESTS]: () => json(200, { items: [request({ status: 'agreed', statusLabel: '组织单位已同意' })] }),
    });
    renderWithProviders(<RunningPanel user={user({ staffRoles: [StaffRole.Broker] })} c={centre} />);
    expect(await screen.findByText('2025 年度报告应于 2026-01-31 前提交')).toBeTruthy();
    expect(screen.getByText(/2027-03-01/)).toBeTruthy();
    expect(await screen.findByTestId('establishment-form')).toBeTruthy();
  });

  it('without an agreed 考核申请 staff wait (003 §20), with an empty state', async () => {
    serveApi({
      [`GET /api/v1/carriers/${ID}/running`]: () => json(200, running),
      [REQUESTS]: () => json(200, { items: [] }),
    });
    renderWithProviders(<RunningPanel user={user({ staffRoles: [StaffRole.Broker] })} c={centre} />);
    expect(await screen.findByTestId('establishment-waiting')).toBeTruthy();
    expect(screen.getByText('暂无考核申请')).toBeTruthy();
    expect(screen.queryByTestId('establishment-form')).toBeNull();
  });

  it('the host submits its 考核申请 after confirming', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${ID}/running`]: () => json(200, running),
      [REQUESTS]: () => json(200, { items: [] }),
      [`GET /api/v1/carriers/${ID}/establishment-materials`]: () => json(200, MATERIALS),
      [`POST /api/v1/carriers/${ID}/establishment-requests`]: () => json(201, request({})),
    });
    const host = { ...centre, hostOrgId: 'h' } as typeof centre;
    renderWithProviders(<RunningPanel user={user({ role: Role.Institute, orgId: 'h' })} c={host} />);
    expect(await screen.findByText('总结报告.pdf')).toBeTruthy();
    fireEvent.change(await screen.findByTestId('establishment-request-summary'), {
      target: { value: '筹建任务已全部完成,申请筹建期满考核' },
    });
    fireEvent.click(screen.getByTestId('establishment-request-submit'));
    expect(await confirmAndPost(sent)).toMatchObject({
      path: `/api/v1/carriers/${ID}/establishment-requests`,
      body: { summary: '筹建任务已全部完成,申请筹建期满考核' },
    });
  });

  it('the 组织单位 agrees to a submitted 考核申请 after confirming', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/${ID}/running`]: () => json(200, running),
      [REQUESTS]: () => json(200, { items: [request({})] }),
      'POST /api/v1/carriers/establishment-requests/er1/recommend': () => json(200, request({ status: 'agreed' })),
    });
    renderWithProviders(
      <RunningPanel user={user({ staffRoles: [StaffRole.Recommender], authority: '150200' })} c={centre} />,
    );
    const row = await screen.findByTestId('establishment-request');
    expect(
      await noteClickConfirm(row, sent, {
        noteTestId: 'establishment-recommend-note',
        note: '审核同意',
        buttonTestId: 'establishment-recommend-agree',
      }),
    ).toMatchObject({
      path: '/api/v1/carriers/establishment-requests/er1/recommend',
      body: { agree: true, note: '审核同意' },
    });
    expect(screen.queryByTestId('establishment-form')).toBeNull();
  });

  it('the host sees the dates but no 考核 form', async () => {
    serveApi({ [`GET /api/v1/carriers/${ID}/running`]: () => json(200, running) });
    renderWithProviders(<RunningPanel user={user({ role: Role.Institute, orgId: 'h' })} c={centre} />);
    expect(await screen.findByText(/2026-01-31/)).toBeTruthy();
    expect(screen.queryByTestId('establishment-form')).toBeNull();
  });
});
