import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { AuditEntryDto, CurrentUser } from '@jiebang/contracts';
import { AuditService } from '../audit/audit.service';
import { DealReadService } from './deal-read.service';

const HEADER = ['序号', '时间(北京时间)', '事项', '原状态', '新状态', '操作人', '理由/说明', '依据', '数据', '哈希'];

function beijing(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

function row(e: AuditEntryDto): string[] {
  return [
    e.seq,
    beijing(e.at),
    e.action,
    e.fromStatus ?? '',
    e.toStatus ?? '',
    e.actorName ?? (e.actorUserId ? e.actorUserId : '系统'),
    e.reason ?? '',
    e.rule ?? '',
    e.data ? JSON.stringify(e.data) : '',
    e.hash,
  ];
}

/**
 * The auditors' export of a deal's full history (issue 6 §7): every audited event of the deal and its
 * application, oldest first, with the hash of each record and the result of re-verifying the whole chain
 * (`AuditService.verify`) at export time. CSV (UTF-8 with BOM, for Excel) through `csv-stringify`, and an
 * Excel workbook through `exceljs`. Amounts in the data column are in fen.
 */
@Injectable()
export class DealHistoryExport {
  constructor(
    private readonly deals: DealReadService,
    private readonly audit: AuditService,
  ) {}

  private async load(user: CurrentUser, id: string) {
    const entries = await this.deals.timeline(user, id);
    const chain = await this.audit.verify();
    const check = chain.ok
      ? `审计链校验通过(共 ${chain.records} 条记录)`
      : `审计链校验失败:第 ${chain.brokenAtSeq} 条记录起断开(${chain.reason})`;
    return { entries, check };
  }

  /** `{ filename, contentType, data }` of the CSV export. 404 when the caller cannot see the deal. */
  async csv(user: CurrentUser, id: string) {
    const { entries, check } = await this.load(user, id);
    const body = stringify([[`项目 ${id} 全过程记录`, check], HEADER, ...entries.map(row)]);
    return {
      filename: `deal-${id}-history.csv`,
      contentType: 'text/csv; charset=utf-8',
      data: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]),
    };
  }

  /** `{ filename, contentType, data }` of the Excel (.xlsx) export. */
  async xlsx(user: CurrentUser, id: string) {
    const { entries, check } = await this.load(user, id);
    const wb = new ExcelJS.Workbook();
    wb.creator = '揭榜挂帅平台';
    const ws = wb.addWorksheet('全过程记录');
    ws.addRow([`项目 ${id} 全过程记录`, check]);
    ws.addRow(HEADER).font = { bold: true };
    for (const e of entries) ws.addRow(row(e));
    ws.columns.forEach((c, i) => (c.width = [8, 20, 22, 16, 16, 14, 40, 36, 60, 66][i] ?? 16));
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    return {
      filename: `deal-${id}-history.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      data,
    };
  }
}
