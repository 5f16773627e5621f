import { Role, StaffRole, type CurrentUser } from '@jiebang/contracts';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queryClient } from '../../api/query';
import { clearToken, setToken } from '../../auth/token';
import { json, serveApi } from '../../test/api';
import { renderWithProviders } from '../../test/render';
import { ExportButtons } from './ExportButtons';

const staff = (staffRoles: StaffRole[]): CurrentUser => ({
  id: 'u-1',
  username: 'staff.one',
  displayName: '工作人员',
  role: Role.Staff,
  staffRoles,
  orgId: null,
  authority: staffRoles.includes(StaffRole.Recommender) ? '150200' : null,
});

describe('ExportButtons', () => {
  beforeEach(() => {
    setToken('access-token', 'refresh-token');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    queryClient.clear();
    clearToken();
  });

  it("downloads the screen's records with its filters and the chosen format, with the bearer token", async () => {
    let auth: string | null = null;
    const sent = serveApi({
      'GET /api/v1/exports/organizations': () => new Response('\ufeff单位名称\n', { status: 200 }),
    });
    const fetchStub = globalThis.fetch as ReturnType<typeof vi.fn>;
    renderWithProviders(<ExportButtons kind="organizations" filters={{ q: '包头', verified: 'false' }} />, {
      user: staff([StaffRole.Broker]),
    });
    await userEvent.click(screen.getByTestId('export-organizations-csv'));
    await waitFor(() => expect(sent).toHaveLength(1));
    const params = new URLSearchParams(sent[0].search);
    expect([params.get('q'), params.get('verified'), params.get('format')]).toEqual(['包头', 'false', 'csv']);
    auth = (fetchStub.mock.calls[0][0] as Request).headers.get('Authorization');
    expect(auth).toBe('Bearer access-token');
    await waitFor(() => expect(URL.createObjectURL).toHaveBeenCalled());
  });

  it('says why an export is refused', async () => {
    serveApi({
      'GET /api/v1/exports/listings': () =>
        json(422, {
          statusCode: 422,
          code: 'EXPORT_TOO_LARGE',
          message: '导出的记录超过 100000 行,请增加筛选条件后再导出',
        }),
    });
    renderWithProviders(<ExportButtons kind="listings" filters={{}} />, { user: staff([StaffRole.Approver]) });
    await userEvent.click(screen.getByTestId('export-listings-xlsx'));
    expect((await screen.findByText(/导出失败/)).textContent).toContain('请增加筛选条件');
  });

  it('shows nothing to staff without the export right', () => {
    renderWithProviders(<ExportButtons kind="deals" filters={{}} />, { user: staff([StaffRole.Recommender]) });
    expect(screen.queryByTestId('export-deals-xlsx')).toBeNull();
  });
});
