import ExcelJS from 'exceljs';
import { cellText, UTF8_BOM, writeTable } from './export-table';

describe('export tables (issue 14 item 4)', () => {
  const columns = [{ header: '名称' }, { header: '金额(元)', kind: 'yuan' as const }];

  it('writes amounts given in fen as yuan with exactly two decimals, exact for large amounts', () => {
    expect(cellText('yuan', '1234567')).toBe('12345.67');
    expect(cellText('yuan', '100')).toBe('1.00');
    expect(cellText('yuan', '5')).toBe('0.05');
    expect(cellText('yuan', '900719925474099123')).toBe('9007199254740991.23');
    expect(cellText('yuan', null)).toBe('');
    expect(cellText('text', '包头')).toBe('包头');
  });

  it('writes CSV in UTF-8 with a BOM, Chinese headers first, quoting where needed', async () => {
    const file = await writeTable('csv', 'x', '表', columns, [
      ['稀土,抛光粉', '1234567'],
      [null, null],
    ]);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
    expect(file.filename).toMatch(/^x-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.data.subarray(0, 3).equals(UTF8_BOM)).toBe(true);
    expect(file.data.subarray(3).toString('utf8')).toBe('名称,金额(元)\n"稀土,抛光粉",12345.67\n,\n');
  });

  it('writes a workbook with a bold header row and amounts as numbers formatted with two decimals', async () => {
    const file = await writeTable('xlsx', 'x', '表', columns, [['甲', '1234567']]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.data as never);
    const ws = wb.getWorksheet('表')!;
    expect(ws.getRow(1).values).toEqual([undefined, '名称', '金额(元)']);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.getRow(2).getCell(2).value).toBe(12345.67);
    expect(ws.getRow(2).getCell(2).numFmt).toBe('#,##0.00');
  });
});
