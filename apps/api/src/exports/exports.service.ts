import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  APPLICATION_STATUS_LABELS,
  ApplicationExportQueryDto,
  CARRIER_KIND_LABEL,
  CARRIER_SUPPORT_KIND_LABEL,
  CarrierSupportExportQueryDto,
  DEAL_STATUS_LABELS,
  DealExportQueryDto,
  EXPORT_MAX_ROWS,
  FIELD_LABELS,
  LISTING_KIND_LABELS,
  LISTING_STATUS_LABELS,
  ListingExportQueryDto,
  ORG_TYPE_LABELS,
  OrganizationExportQueryDto,
  regionFullName,
  SubsidyExportQueryDto,
} from '@jiebang/contracts';
import { DomainError } from '../common/domain-error';
import { DEAL_QUEUES } from '../deals/deal-read.service';
import { ExportColumn, ExportFile, writeTable } from './export-table';

/** A Beijing calendar date `YYYY-MM-DD` of a `timestamptz` column, in SQL. */
const day = (col: string) => `to_char(${col} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`;

/** Label of `key` in `labels`, or the key itself (never a blank for an unknown value). */
function label(labels: Record<string, string>, key: string | null): string | null {
  return key === null ? null : (labels[key] ?? key);
}

const SUBSIDY_STATUS_LABELS: Record<string, string> = {
  proposed: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  disbursed: '已拨付',
};
const SUBSIDY_MODE_LABELS: Record<string, string> = { pre: '前资助', post: '后补助' };
const VERIFIED_LABELS: Record<string, string> = { true: '已认证', false: '待认证' };

/** Where-clause builder: each `add` pushes a parameter and a predicate using it. */
class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];
  add(value: unknown, predicate: (p: string) => string): void {
    if (value === undefined || value === null || value === '') return;
    this.params.push(value);
    this.parts.push(predicate(`$${this.params.length}`));
  }
  raw(predicate: string): void {
    this.parts.push(predicate);
  }
  toString(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

/**
 * The staff exports (issue 14 item 4): listings, organisations, applications, deals, subsidies and carrier support
 * (issue 15 §7) as Excel
 * (`xlsx`) or CSV (UTF-8 with BOM) with Chinese headers, the same filters as the staff screens, amounts in yuan
 * with two decimals (from integer fen, exact: RULEBOOK §5) and dates as Beijing dates. At most `EXPORT_MAX_ROWS`
 * (100,000) rows per file, built in memory: a larger selection is refused with 422 `EXPORT_TOO_LARGE` (narrow
 * the filters) rather than cut silently.
 */
@Injectable()
export class ExportsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async rows<T>(sql: string, w: Where, order: string): Promise<T[]> {
    const rows: T[] = await this.db.query(`${sql} ${w} ORDER BY ${order} LIMIT ${EXPORT_MAX_ROWS + 1}`, w.params);
    if (rows.length > EXPORT_MAX_ROWS) {
      throw new DomainError(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'EXPORT_TOO_LARGE',
        `导出的记录超过 ${EXPORT_MAX_ROWS} 行,请增加筛选条件后再导出`,
      );
    }
    return rows;
  }

  /** 榜单: `status`, `kind`, `field` as the pipeline screen and the board filter them. */
  async listings(q: ListingExportQueryDto): Promise<ExportFile> {
    const w = new Where();
    w.add(q.status, (p) => `l.status = ${p}`);
    w.add(q.kind, (p) => `l.kind = ${p}`);
    w.add(q.field, (p) => `l.field = ${p}`);
    const rows = await this.rows<{
      id: string;
      kind: string;
      field: string | null;
      title: string;
      poster_name: string;
      region_code: string | null;
      status: string;
      total_investment_fen: string | null;
      published_on: string | null;
      created_on: string;
    }>(
      `SELECT l.id, l.kind, l.field, l.title, l.poster_name, COALESCE(o.region_code, l.region_code) AS region_code,
              l.status, l.total_investment_fen::text AS total_investment_fen,
              ${day('l.published_at')} AS published_on, ${day('l.created_at')} AS created_on
       FROM listing l LEFT JOIN organization o ON o.id = l.poster_org_id`,
      w,
      'l.created_at DESC, l.id',
    );
    const columns: ExportColumn[] = [
      { header: '榜单名称', width: 40 },
      { header: '类别', width: 12 },
      { header: '聚焦领域', width: 12 },
      { header: '发榜单位', width: 30 },
      { header: '所在地区', width: 24 },
      { header: '状态', width: 10 },
      { header: '项目预计总投入(元)', kind: 'yuan', width: 20 },
      { header: '发布日期', width: 12 },
      { header: '创建日期', width: 12 },
      { header: '榜单编号', width: 38 },
    ];
    return writeTable(
      q.format ?? 'xlsx',
      'listings',
      '榜单',
      columns,
      rows.map((r) => [
        r.title,
        label(LISTING_KIND_LABELS, r.kind),
        label(FIELD_LABELS, r.field),
        r.poster_name,
        regionFullName(r.region_code) ?? r.region_code,
        label(LISTING_STATUS_LABELS, r.status),
        r.total_investment_fen,
        r.published_on,
        r.created_on,
        r.id,
      ]),
    );
  }

  /** 单位: `q` (name, short name, former name or USCC) and `verified`, as the staff organisations screen. */
  async organizations(q: OrganizationExportQueryDto): Promise<ExportFile> {
    const w = new Where();
    if (q.verified) w.raw(`o.verified = ${q.verified === 'true' ? 'TRUE' : 'FALSE'}`);
    const text = q.q?.trim();
    if (text) {
      w.params.push(`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, text.toUpperCase());
      const like = `$${w.params.length - 1}`;
      w.raw(`(o.name ILIKE ${like} OR o.short_name ILIKE ${like} OR EXISTS (SELECT 1 FROM unnest(o.former_names) f(n)
        WHERE f.n ILIKE ${like}) OR o.uscc = $${w.params.length})`);
    }
    const rows = await this.rows<{
      name: string;
      uscc: string | null;
      type: string;
      region_code: string | null;
      verified: boolean;
      registered_capital_fen: string | null;
      created_on: string;
    }>(
      `SELECT o.name, o.uscc, o.type, o.region_code, o.verified, o.registered_capital_fen::text AS registered_capital_fen,
              ${day('o.created_at')} AS created_on
       FROM organization o`,
      w,
      'o.verified, o.created_at DESC, o.name',
    );
    return writeTable(
      q.format ?? 'xlsx',
      'organizations',
      '单位',
      [
        { header: '单位名称', width: 36 },
        { header: '统一社会信用代码', width: 22 },
        { header: '单位类型', width: 14 },
        { header: '行政区划代码', width: 12 },
        { header: '所在地区', width: 24 },
        { header: '认证状态', width: 10 },
        { header: '注册资金(元)', kind: 'yuan', width: 18 },
        { header: '登记日期', width: 12 },
      ],
      rows.map((r) => [
        r.name,
        r.uscc,
        label(ORG_TYPE_LABELS, r.type),
        r.region_code,
        regionFullName(r.region_code),
        VERIFIED_LABELS[String(r.verified)],
        r.registered_capital_fen,
        r.created_on,
      ]),
    );
  }

  /** 揭榜申报: `status`, `listingId` (the review board of one listing). */
  async applications(q: ApplicationExportQueryDto): Promise<ExportFile> {
    const w = new Where();
    w.add(q.status, (p) => `a.status = ${p}`);
    w.add(q.listingId, (p) => `a.listing_id = ${p}::uuid`);
    const rows = await this.rows<{
      title: string;
      kind: string;
      applicant: string;
      poster: string;
      status: string;
      budget_fen: string;
      created_on: string;
      id: string;
    }>(
      `SELECT l.title, l.kind, o.name AS applicant, l.poster_name AS poster, a.status, a.budget_fen::text AS budget_fen,
              ${day('a.created_at')} AS created_on, a.id
       FROM application a JOIN listing l ON l.id = a.listing_id JOIN organization o ON o.id = a.applicant_org_id`,
      w,
      'a.created_at DESC, a.id',
    );
    return writeTable(
      q.format ?? 'xlsx',
      'applications',
      '揭榜申报',
      [
        { header: '榜单名称', width: 40 },
        { header: '类别', width: 12 },
        { header: '发榜单位', width: 30 },
        { header: '申报单位', width: 30 },
        { header: '状态', width: 14 },
        { header: '预算(元)', kind: 'yuan' },
        { header: '申报日期', width: 12 },
        { header: '申报编号', width: 38 },
      ],
      rows.map((r) => [
        r.title,
        label(LISTING_KIND_LABELS, r.kind),
        r.poster,
        r.applicant,
        label(APPLICATION_STATUS_LABELS, r.status),
        r.budget_fen,
        r.created_on,
        r.id,
      ]),
    );
  }

  /** 揭榜项目: `status` or a staff work `queue` (the predicates of `GET /deals?queue=`), as the deals screen. */
  async deals(q: DealExportQueryDto): Promise<ExportFile> {
    const w = new Where();
    w.add(q.status, (p) => `d.status = ${p}`);
    if (q.queue) w.raw(`(${DEAL_QUEUES[q.queue]})`);
    const rows = await this.rows<{
      id: string;
      title: string;
      kind: string;
      field: string | null;
      poster: string;
      taker: string;
      status: string;
      amount_fen: string;
      signed_on: string | null;
      received_fen: string;
      disbursed_fen: string;
      recovery_fen: string | null;
      created_on: string;
    }>(
      `SELECT d.id, l.title, d.kind, l.field, p.name AS poster, t.name AS taker, d.status, d.amount_fen::text AS amount_fen,
              to_char(d.signed_on, 'YYYY-MM-DD') AS signed_on,
              (SELECT coalesce(sum(f.amount_fen), 0)::text FROM funding_installment f
                WHERE f.deal_id = d.id AND f.status = 'confirmed') AS received_fen,
              (SELECT coalesce(sum(s.subsidy_fen), 0)::text FROM subsidy s
                WHERE s.deal_id = d.id AND s.status = 'disbursed') AS disbursed_fen,
              d.recovery_fen::text AS recovery_fen, ${day('d.created_at')} AS created_on
       FROM deal d JOIN listing l ON l.id = d.listing_id
       JOIN organization p ON p.id = d.poster_org_id JOIN organization t ON t.id = d.taker_org_id`,
      w,
      'd.updated_at DESC, d.id',
    );
    return writeTable(
      q.format ?? 'xlsx',
      'deals',
      '揭榜项目',
      [
        { header: '榜单名称', width: 40 },
        { header: '类别', width: 12 },
        { header: '聚焦领域', width: 12 },
        { header: '发榜方', width: 30 },
        { header: '揭榜方', width: 30 },
        { header: '状态', width: 12 },
        { header: '协议金额(元)', kind: 'yuan', width: 18 },
        { header: '签订日期', width: 12 },
        { header: '实际到账(元)', kind: 'yuan', width: 18 },
        { header: '已拨付资助(元)', kind: 'yuan', width: 18 },
        { header: '应收回(元)', kind: 'yuan', width: 16 },
        { header: '创建日期', width: 12 },
        { header: '项目编号', width: 38 },
      ],
      rows.map((r) => [
        r.title,
        label(LISTING_KIND_LABELS, r.kind),
        label(FIELD_LABELS, r.field),
        r.poster,
        r.taker,
        label(DEAL_STATUS_LABELS, r.status),
        r.amount_fen,
        r.signed_on,
        r.received_fen,
        r.disbursed_fen,
        r.recovery_fen,
        r.created_on,
        r.id,
      ]),
    );
  }

  /** 资助: `status`, `mode` (前资助/后补助), `year` the subsidy was proposed in (Beijing). */
  async subsidies(q: SubsidyExportQueryDto): Promise<ExportFile> {
    const w = new Where();
    w.add(q.status, (p) => `s.status = ${p}`);
    w.add(q.mode, (p) => `s.mode = ${p}`);
    w.add(q.year, (p) => `extract(year FROM s.created_at AT TIME ZONE 'Asia/Shanghai')::int = ${p}::int`);
    const rows = await this.rows<{
      title: string;
      taker: string;
      mode: string;
      base_fen: string;
      cap_fen: string;
      subsidy_fen: string;
      case_by_case: string | null;
      status: string;
      proposed_on: string;
      approved_on: string | null;
      disbursed_on: string | null;
      rule: string;
      deal_id: string;
    }>(
      `SELECT l.title, t.name AS taker, s.mode, s.base_fen::text AS base_fen, s.cap_fen::text AS cap_fen,
              s.subsidy_fen::text AS subsidy_fen, s.case_by_case_reason AS case_by_case, s.status,
              ${day('s.created_at')} AS proposed_on, ${day('s.approved_at')} AS approved_on,
              to_char(s.disbursed_on, 'YYYY-MM-DD') AS disbursed_on, s.rule, s.deal_id
       FROM subsidy s JOIN deal d ON d.id = s.deal_id JOIN listing l ON l.id = d.listing_id
       JOIN organization t ON t.id = d.taker_org_id`,
      w,
      's.created_at DESC, s.id',
    );
    return writeTable(
      q.format ?? 'xlsx',
      'subsidies',
      '资助',
      [
        { header: '榜单名称', width: 40 },
        { header: '揭榜方', width: 30 },
        { header: '资助方式', width: 10 },
        { header: '计算基数(元)', kind: 'yuan', width: 18 },
        { header: '封顶额(元)', kind: 'yuan', width: 16 },
        { header: '资助金额(元)', kind: 'yuan', width: 18 },
        { header: '一事一议理由', width: 24 },
        { header: '状态', width: 10 },
        { header: '提出日期', width: 12 },
        { header: '批准日期', width: 12 },
        { header: '拨付日期', width: 12 },
        { header: '依据', width: 36 },
        { header: '项目编号', width: 38 },
      ],
      rows.map((r) => [
        r.title,
        r.taker,
        label(SUBSIDY_MODE_LABELS, r.mode),
        r.base_fen,
        r.cap_fen,
        r.subsidy_fen,
        r.case_by_case,
        label(SUBSIDY_STATUS_LABELS, r.status),
        r.proposed_on,
        r.approved_on,
        r.disbursed_on,
        r.rule,
        r.deal_id,
      ]),
    );
  }

  /**
   * 载体补助 (issue 15 §7; `001 §13–14`): every carrier support record with its carrier, host organisation and
   * region (the carrier's, else the host's), class, support year, the computed amount and the amount granted after
   * 就高不重复 (the one the money ledger counts), status and the dates of proposal, decision and disbursement
   * (Beijing) with the voucher number. Filters: `status`, `kind` (support class), `carrierKind`, `year` (the year
   * the support is for).
   */
  async carrierSupport(q: CarrierSupportExportQueryDto): Promise<ExportFile> {
    const w = new Where();
    w.add(q.status, (p) => `s.status = ${p}`);
    w.add(q.kind, (p) => `s.kind = ${p}`);
    w.add(q.carrierKind, (p) => `c.kind = ${p}`);
    w.add(q.year, (p) => `s.year = ${p}::int`);
    const rows = await this.rows<{
      plate_name: string;
      carrier_kind: string;
      host: string;
      region_code: string | null;
      kind: string;
      year: number;
      base_fen: string;
      computed_fen: string;
      granted_fen: string;
      cap_fen: string;
      status: string;
      proposed_on: string;
      decided_on: string | null;
      disbursed_on: string | null;
      voucher_no: string | null;
      id: string;
    }>(
      `SELECT c.plate_name, c.kind AS carrier_kind, o.name AS host, COALESCE(c.region_code, o.region_code) AS region_code,
              s.kind, s.year, s.base_fen::text AS base_fen, s.computed_fen::text AS computed_fen,
              s.granted_fen::text AS granted_fen, s.cap_fen::text AS cap_fen, s.status,
              ${day('s.proposed_at')} AS proposed_on, ${day('s.decided_at')} AS decided_on,
              ${day('s.disbursed_at')} AS disbursed_on, s.voucher_no, s.id
       FROM carrier_support s JOIN carrier c ON c.id = s.carrier_id JOIN organization o ON o.id = s.org_id`,
      w,
      's.year DESC, s.proposed_at DESC, s.id',
    );
    return writeTable(
      q.format ?? 'xlsx',
      'carrier-support',
      '载体补助',
      [
        { header: '载体名称', width: 36 },
        { header: '载体类型', width: 20 },
        { header: '依托单位', width: 30 },
        { header: '所在地区', width: 24 },
        { header: '补助类别', width: 10 },
        { header: '补助年度', width: 10 },
        { header: '计算基数(元)', kind: 'yuan', width: 18 },
        { header: '封顶额(元)', kind: 'yuan', width: 16 },
        { header: '测算金额(元)', kind: 'yuan', width: 16 },
        { header: '核定金额(就高不重复后,元)', kind: 'yuan', width: 24 },
        { header: '状态', width: 10 },
        { header: '提出日期', width: 12 },
        { header: '审批日期', width: 12 },
        { header: '拨付日期', width: 12 },
        { header: '拨付凭证号', width: 18 },
        { header: '补助编号', width: 38 },
      ],
      rows.map((r) => [
        r.plate_name,
        label(CARRIER_KIND_LABEL, r.carrier_kind),
        r.host,
        regionFullName(r.region_code) ?? r.region_code,
        label(CARRIER_SUPPORT_KIND_LABEL, r.kind),
        String(r.year),
        r.base_fen,
        r.cap_fen,
        r.computed_fen,
        r.granted_fen,
        label(SUBSIDY_STATUS_LABELS, r.status),
        r.proposed_on,
        r.decided_on,
        r.disbursed_on,
        r.voucher_no,
        r.id,
      ]),
    );
  }
}
