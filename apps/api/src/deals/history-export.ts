import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import {
  APPLICATION_STATUS_LABELS,
  AuditEntryDto,
  auditEventLabel,
  CurrentUser,
  DEAL_STATUS_LABELS,
  fenToYuan,
} from '@jiebang/contracts';
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

const READABLE_HEADER = [
  '序号',
  '时间(北京时间)',
  '事项',
  '对象',
  '原状态',
  '新状态',
  '操作人',
  '理由/说明',
  '金额(元)',
];

/** Chinese name of a status of an entry's entity (deal or application), else the raw value. */
function statusText(entityType: string, status: string | null): string {
  if (!status) return '';
  const labels: Record<string, string> = entityType === 'application' ? APPLICATION_STATUS_LABELS : DEAL_STATUS_LABELS;
  return labels[status] ?? status;
}

/** The amount an entry is about (its data's `amountFen`, `subsidyFen` or `recoveryFen`) in yuan, else empty. */
function amountText(data: Record<string, unknown> | null | undefined): string {
  for (const k of ['amountFen', 'subsidyFen', 'recoveryFen']) {
    const v = data?.[k];
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return fenToYuan(v);
  }
  return '';
}

/** One row of the readable sheet: Chinese event and status names, no JSON, no hashes. */
function readableRow(e: AuditEntryDto): string[] {
  return [
    e.seq,
    beijing(e.at),
    auditEventLabel(e.action),
    e.entityType === 'application' ? '揭榜申报' : '揭榜项目',
    statusText(e.entityType, e.fromStatus),
    statusText(e.entityType, e.toStatus),
    e.actorName ?? (e.actorUserId ? e.actorUserId : '系统'),
    e.reason ?? '',
    amountText(e.data),
  ];
}

/**
 * The auditors' export of a deal's full history (issue 6 §7): every audited event of the deal and its
 * application, oldest first, with the hash of each record and the result of re-verifying the whole chain
 * (`AuditService.verify`) at export time. CSV (UTF-8 with BOM, for Excel) through `csv-stringify`, and an
 * Excel workbook through `exceljs`. Amounts in the data column are in fen. The workbook's second sheet 事件明细 is
 * the same history for people: Chinese event and status names, one row per event, amounts in yuan, no JSON.
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
    // The readable sheet (issue 14 item 4): one row per event in words, for people rather than auditors' tools.
    const readable = wb.addWorksheet('事件明细');
    readable.addRow(READABLE_HEADER).font = { bold: true };
    for (const e of entries) readable.addRow(readableRow(e));
    readable.columns.forEach((c, i) => (c.width = [8, 20, 36, 12, 16, 16, 14, 48, 18][i] ?? 16));
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    return {
      filename: `deal-${id}-history.xlsx`,
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      data,
    };
  }
}
