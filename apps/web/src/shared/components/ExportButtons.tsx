/**
 * 导出 Excel / 导出 CSV buttons for a staff screen (issue 14 item 4): they download the screen's records with its
 * current filters through `fetchExport`, for staff holding 导出报表 (`Capability.ExportRecords`); nothing for
 * anyone else. A refusal (too many rows, no right) is said in words.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Capability } from '@jiebang/contracts';
import { App as AntdApp, Button, Space } from 'antd';
import { useState } from 'react';
import { EXPORT_NAMES, fetchExport, type ExportFilters, type ExportFormat, type ExportKind } from '../../api/exports';
import { useCan } from '../../auth/useAuth';
import { saveBlob } from '../../features/listings/lib/attachments';
import { errorText } from '../lib/apiErrors';

/** Props of `ExportButtons`. */
export interface ExportButtonsProps<K extends ExportKind> {
  kind: K;
  /** The screen's current filters (unset ones left out). */
  filters: ExportFilters[K];
  /** Button text prefix, e.g. `导出申报` (default `导出`). */
  label?: string;
}

/** Today's Beijing date `YYYY-MM-DD`, for the file name. */
function beijingToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The two export buttons. */
export function ExportButtons<K extends ExportKind>({ kind, filters, label = '导出' }: ExportButtonsProps<K>) {
  const can = useCan();
  const { message } = AntdApp.useApp();
  const [busy, setBusy] = useState<ExportFormat>();
  if (!can(Capability.ExportRecords)) return null;
  const run = async (format: ExportFormat) => {
    setBusy(format);
    try {
      const blob = await fetchExport(kind, filters, format);
      saveBlob(blob, `${EXPORT_NAMES[kind]}-${beijingToday()}.${format}`);
    } catch (err) {
      message.error(`导出失败：${errorText(err)}`);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Space size={4} wrap>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        loading={busy === 'xlsx'}
        disabled={!!busy}
        onClick={() => void run('xlsx')}
        data-testid={`export-${kind}-xlsx`}
      >
        {label} Excel
      </Button>
      <Button
        size="small"
        icon={<DownloadOutlined />}
        loading={busy === 'csv'}
        disabled={!!busy}
        onClick={() => void run('csv')}
        data-testid={`export-${kind}-csv`}
      >
        {label} CSV
      </Button>
    </Space>
  );
}
