import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { serveApi } from '../../../test/api';
import { renderWithProviders } from '../../../test/render';
import { EvidenceUpload } from './EvidenceUpload';
import { ThresholdTable } from './ThresholdTable';

const ID = '00000000-0000-4000-8000-0000000000d1';
const file = (id: string, filename: string, evidenceKey = 'sitePhotos') => ({
  id,
  applicationId: ID,
  evidenceKey,
  filename,
  contentType: 'application/pdf',
  sizeBytes: 2048,
  sha256: 'a'.repeat(64),
  uploadedAt: '2026-11-01T02:00:00.000Z',
});
const F1 = '00000000-0000-4000-8000-0000000000f1';
const F2 = '00000000-0000-4000-8000-0000000000f2';
const items = [
  {
    key: 'sitePhotos',
    label: '场地实景图片',
    rule: '001 §9(三)',
    thresholdKeys: ['spaceM2'],
    note: null,
    files: [file(F1, '厂房实景.pdf'), file(F2, '车间实景.pdf')],
  },
  {
    key: 'constructionPlan',
    label: '建设方案',
    rule: '001 §9(二)',
    thresholdKeys: [],
    note: '建设方案(纸质件)',
    files: [],
  },
];

describe('EvidenceUpload (证明材料 per item, issue 15)', () => {
  beforeEach(() => {
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('shows each item with its files, marks an item without a file and the old typed reference as not counting', () => {
    serveApi({});
    renderWithProviders(<EvidenceUpload applicationId={ID} items={items} editable />);
    const photos = screen.getByTestId('evidence-sitePhotos');
    expect(photos.getAttribute('data-files')).toBe('2');
    expect(
      within(photos)
        .getAllByTestId('evidence-file')
        .map((f) => f.textContent),
    ).toEqual([expect.stringContaining('厂房实景.pdf'), expect.stringContaining('车间实景.pdf')]);
    const plan = screen.getByTestId('evidence-constructionPlan');
    expect(plan.textContent).toContain('未上传');
    expect(plan.textContent).toContain('建设方案(纸质件)');
    expect(screen.getByTestId('evidence-upload-sitePhotos')).toBeTruthy();
    expect(screen.getAllByTestId('evidence-file-delete')).toHaveLength(2);
  });

  it('once submitted: files listed for download only, no upload or delete', () => {
    serveApi({});
    renderWithProviders(<EvidenceUpload applicationId={ID} items={items} editable={false} />);
    expect(screen.queryByTestId('evidence-upload-sitePhotos')).toBeNull();
    expect(screen.queryByTestId('evidence-file-delete')).toBeNull();
    expect(screen.getAllByTestId('evidence-file-download')).toHaveLength(2);
  });

  it('deletes a file only after the confirmation, at its own path', async () => {
    const sent = serveApi({
      [`DELETE /api/v1/carriers/applications/${ID}/evidence/${F2}`]: () => new Response(null, { status: 204 }),
    });
    renderWithProviders(<EvidenceUpload applicationId={ID} items={items} editable />);
    fireEvent.click(screen.getAllByTestId('evidence-file-delete')[1]);
    expect(sent.some((s) => s.method === 'DELETE')).toBe(false);
    await act(async () => {
      fireEvent.click(await screen.findByTestId('evidence-file-delete-confirm'));
    });
    await waitFor(() =>
      expect(sent.find((s) => s.method === 'DELETE')?.path).toBe(`/api/v1/carriers/applications/${ID}/evidence/${F2}`),
    );
  });

  it('downloads a file with the token through its download path', async () => {
    const sent = serveApi({
      [`GET /api/v1/carriers/applications/${ID}/evidence/${F1}/download`]: () =>
        new Response(new Blob(['%PDF-1.4']), { status: 200, headers: { 'Content-Type': 'application/pdf' } }),
    });
    renderWithProviders(<EvidenceUpload applicationId={ID} items={items} editable={false} />);
    await act(async () => {
      fireEvent.click(screen.getAllByTestId('evidence-file-download')[0]);
    });
    await waitFor(() =>
      expect(sent.map((s) => s.path)).toContain(`/api/v1/carriers/applications/${ID}/evidence/${F1}/download`),
    );
  });

  it('refuses an unsupported file in the browser without sending it', async () => {
    const sent = serveApi({});
    renderWithProviders(<EvidenceUpload applicationId={ID} items={items} editable />);
    const input = screen.getByTestId('evidence-sitePhotos').querySelector('input[type="file"]') as HTMLInputElement;
    await act(async () => {
      fireEvent.change(input, { target: { files: [new File(['x'], '图片.heic', { type: 'image/heic' })] } });
    });
    expect(await screen.findByText(/文件类型不支持/)).toBeTruthy();
    expect(sent).toHaveLength(0);
  });

  it('the threshold table lists the files that prove each threshold', () => {
    serveApi({});
    renderWithProviders(
      <ThresholdTable
        applicationId={ID}
        evidence={items}
        thresholds={[
          {
            key: 'spaceM2',
            label: '中试服务场地面积',
            required: '≥ 1000 m²' as never,
            declared: 1200 as never,
            met: true,
            anyOf: null,
            groupMet: null,
            evidence: '场地实景图片',
            rule: '001 §9(三)',
          },
        ]}
      />,
    );
    const cell = within(screen.getByTestId('threshold-spaceM2')).getByTestId('threshold-evidence');
    expect(
      within(cell)
        .getAllByTestId('evidence-file-download')
        .map((b) => b.textContent),
    ).toEqual(['厂房实景.pdf', '车间实景.pdf']);
  });
});
