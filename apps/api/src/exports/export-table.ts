import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { fenToYuan } from '@jiebang/contracts';

/** How a column is written: text as is, or an amount given in integer fen and written in yuan with two decimals. */
export type ColumnKind = 'text' | 'yuan';

/** One column of an export: its Chinese header, kind and width in Excel. */
export interface ExportColumn {
  header: string;
  kind?: ColumnKind;
  width?: number;
}

/** A file ready for `asDownload`. */
export interface ExportFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** UTF-8 byte order mark: Excel reads a CSV as UTF-8 (Chinese intact) only when it starts with one. */
export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The text of a cell: amounts (`yuan` columns, given as integer fen strings or null) become yuan with exactly two
 * decimals through `fenToYuan` (exact, integer arithmetic; RULEBOOK §5); null becomes empty.
 */
export function cellText(kind: ColumnKind | undefined, value: string | null): string {
  if (value === null || value === undefined) return '';
  return kind === 'yuan' ? fenToYuan(value) : value;
}

/**
 * Writes a table as `xlsx` (one worksheet `sheet`, bold header row, frozen, amounts as numbers with the format
 * `#,##0.00` so Excel sums them; the number is parsed from the exact two-decimal text, which Excel would do
 * alike) or as CSV (UTF-8 with BOM, amounts as the exact two-decimal text).
 */
export async function writeTable(
  format: 'xlsx' | 'csv',
  name: string,
  sheet: string,
  columns: readonly ExportColumn[],
  rows: readonly (string | null)[][],
): Promise<ExportFile> {
  const stamp = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  if (format === 'csv') {
    const body = stringify([
      columns.map((c) => c.header),
      ...rows.map((r) => r.map((v, i) => cellText(columns[i].kind, v))),
    ]);
    return {
      filename: `${name}-${stamp}.csv`,
      contentType: 'text/csv; charset=utf-8',
      data: Buffer.concat([UTF8_BOM, Buffer.from(body, 'utf8')]),
    };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = '揭榜挂帅平台';
  const ws = wb.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: c.width ?? (c.kind === 'yuan' ? 16 : 20),
    style: c.kind === 'yuan' ? { numFmt: '#,##0.00' } : {},
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) {
    ws.addRow(r.map((v, i) => (columns[i].kind === 'yuan' && v !== null ? Number(cellText('yuan', v)) : (v ?? ''))));
  }
  return {
    filename: `${name}-${stamp}.xlsx`,
    contentType: XLSX_TYPE,
    data: Buffer.from(await wb.xlsx.writeBuffer()),
  };
}
