import { Role, StaffRole } from '@jiebang/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { components } from '../../../../generated/openapi-schema';
import { json, serveApi } from '../../../test/api';
import { confirmPopup } from '../../../test/confirm';
import { renderWithProviders } from '../../../test/render';
import { establishmentRequest, testUser } from '../test/fixtures';
import { EstablishmentRequestsPanel } from './EstablishmentRequestsPanel';

const ID = '00000000-0000-4000-8000-0000000000c3';
const centre = {
  id: ID,
  kind: 'innovation_center',
  status: 'preparing',
  hostOrgId: 'h',
} as unknown as components['schemas']['CarrierDetailDto'];
const user = testUser;
const file = (
  over: Partial<components['schemas']['EstablishmentFileDto']>,
): components['schemas']['EstablishmentFileDto'] => ({
  id: 'f1',
  carrierId: ID,
  requestId: null,
  materialKey: 'summary_report',
  filename: '筹建期工作总结报告.pdf',
  contentType: 'application/pdf',
  sizeBytes: 4096,
  sha256: 'a'.repeat(64),
  uploadedAt: '2027-01-20T00:00:00.000Z',
  ...over,
});
const materials = (summaryFiles: unknown[]) => ({
  editable: true,
  items: [
    { key: 'summary_report', label: '筹建期工作总结报告', required: true, rule: '003 §20', files: summaryFiles },
    { key: 'supporting', label: '佐证材料', required: false, rule: '003 §20', files: [] },
  ],
});
const MATERIALS = `GET /api/v1/carriers/${ID}/establishment-materials`;

describe('EstablishmentRequestsPanel: the 考核申请 materials (003 §20)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('the centre sees the 总结报告 marked 未上传 and is stopped before sending without it', async () => {
    const sent = serveApi({ [MATERIALS]: () => json(200, materials([])) });
    renderWithProviders(
      <EstablishmentRequestsPanel user={user({ role: Role.Institute, orgId: 'h' })} c={centre} items={[]} />,
    );
    const row = await screen.findByTestId('establishment-material-summary_report');
    expect(within(row).getByText('未上传')).toBeTruthy();
    expect(within(screen.getByTestId('establishment-material-supporting')).getByText('选交')).toBeTruthy();
    expect(screen.getByTestId('establishment-material-upload-summary_report')).toBeTruthy();
    fireEvent.change(screen.getByTestId('establishment-request-summary'), {
      target: { value: '筹建任务已全部完成,申请筹建期满考核' },
    });
    fireEvent.click(screen.getByTestId('establishment-request-submit'));
    await confirmPopup();
    expect(await screen.findByText(/请先上传考核申请材料:筹建期工作总结报告/)).toBeTruthy();
    expect(sent.some((s) => s.method === 'POST')).toBe(false);
  });

  it('the centre deletes a draft file after confirming', async () => {
    const sent = serveApi({
      [MATERIALS]: () => json(200, materials([file({})])),
      [`DELETE /api/v1/carriers/${ID}/establishment-materials/f1`]: () => new Response(null, { status: 204 }),
    });
    renderWithProviders(
      <EstablishmentRequestsPanel user={user({ role: Role.Institute, orgId: 'h' })} c={centre} items={[]} />,
    );
    fireEvent.click(await screen.findByTestId('establishment-material-file-delete'));
    expect(sent.some((s) => s.method === 'DELETE')).toBe(false);
    fireEvent.click(await screen.findByTestId('establishment-material-file-delete-confirm'));
    await waitFor(() =>
      expect(sent.find((s) => s.method === 'DELETE')?.path).toBe(`/api/v1/carriers/${ID}/establishment-materials/f1`),
    );
  });

  it('the 组织单位 sees the submitted files to download, no upload, and its decision', async () => {
    serveApi({});
    renderWithProviders(
      <EstablishmentRequestsPanel
        user={user({ staffRoles: [StaffRole.Recommender], authority: '150200' })}
        c={centre}
        items={[establishmentRequest(ID, { files: [file({ requestId: 'er1' })] })]}
      />,
    );
    const row = await screen.findByTestId('establishment-request');
    expect(within(row).getByTestId('establishment-request-material-file-download').textContent).toContain(
      '筹建期工作总结报告.pdf',
    );
    expect(within(row).queryByTestId('establishment-request-material-file-delete')).toBeNull();
    expect(within(row).getByTestId('establishment-recommend-agree')).toBeTruthy();
    expect(screen.queryByTestId('establishment-material-upload')).toBeNull();
  });
});
