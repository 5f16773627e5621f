import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CARRIER_KIND_LABEL, CarrierKind, type CarrierNoticeDto } from '@jiebang/contracts';
import { CARRIER_RULES } from './carrier-application-steps';
import { refuse } from './carrier-common';

/** A row of the notice query. */
interface NoticeRow {
  id: string;
  platform_name: string;
  kind: string;
  intl_base_type: string | null;
  org_name: string;
  region_code: string | null;
  fields: unknown;
  round_title: string;
  status: string;
  notice_first_day: string | null;
  notice_last_day: string | null;
  notice_ends_at: Date | null;
}

/**
 * Only the public columns: the platform, kind, 依托单位, region, fields, round and notice period. Running notices and
 * those frozen by an objection; one whose period has elapsed (awaiting 发文公布) is no longer shown.
 */
const NOTICE_SQL = `
  SELECT a.id, a.platform_name, a.kind, a.intl_base_type, o.name AS org_name, o.region_code,
         a.form -> 'fields' AS fields, r.title AS round_title, a.status,
         to_char(a.notice_first_day, 'YYYY-MM-DD') AS notice_first_day,
         to_char(a.notice_last_day, 'YYYY-MM-DD') AS notice_last_day, a.notice_ends_at
  FROM carrier_application a
  JOIN organization o ON o.id = a.org_id
  JOIN carrier_round r ON r.id = a.round_id
  WHERE (a.status = 'objection' OR (a.status = 'on_notice' AND a.notice_ends_at > now()))`;

/** How to object, in words (`000` 四.3: 公示 before 发文公布). */
export function howToObject(lastDay: string | null): string {
  const until = lastDay ? `公示期内(至 ${lastDay} 24:00,北京时间)` : '公示期内';
  return `${until},任何单位或个人对公示内容有异议的,可登录本平台在该公示条目下提交书面异议并写明理由;异议处理期间公示冻结,经核实处理后恢复或终止。`;
}

function toNotice(r: NoticeRow): CarrierNoticeDto {
  return {
    id: r.id,
    platformName: r.platform_name,
    kind: r.kind,
    kindLabel: CARRIER_KIND_LABEL[r.kind as CarrierKind] ?? r.kind,
    intlBaseType: r.intl_base_type,
    hostOrgName: r.org_name,
    regionCode: r.region_code,
    fields: Array.isArray(r.fields) ? r.fields.filter((f): f is string => typeof f === 'string') : [],
    roundTitle: r.round_title,
    status: r.status,
    noticeFirstDay: r.notice_first_day,
    noticeLastDay: r.notice_last_day,
    noticeEndsAt: r.notice_ends_at ? new Date(r.notice_ends_at).toISOString() : null,
    howToObject: howToObject(r.notice_last_day),
    rule: CARRIER_RULES.notice,
  };
}

/**
 * 公示 of carrier applications for the public (issue 15; `000` 四.3, `001 §10(三)`; RULEBOOK §7 "Notice"): the
 * reduced view only — never the 申报书's figures, staff lists, evidence files, credit checks or expert opinions.
 */
@Injectable()
export class CarrierNoticesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every application on notice (or frozen by an objection), the soonest ending first; at most 200. */
  async list(): Promise<CarrierNoticeDto[]> {
    const rows: NoticeRow[] = await this.db.query(`${NOTICE_SQL} ORDER BY a.notice_ends_at, a.id LIMIT 200`);
    return rows.map(toNotice);
  }

  /** One application on notice. @throws 404 `CARRIER_NOT_ON_NOTICE` when it is not (or no longer) on notice. */
  async get(id: string): Promise<CarrierNoticeDto> {
    const rows: NoticeRow[] = await this.db.query(`${NOTICE_SQL} AND a.id = $1`, [id]);
    if (!rows.length)
      throw refuse('CARRIER_NOT_ON_NOTICE', '该申报当前不在公示期内', CARRIER_RULES.notice, HttpStatus.NOT_FOUND);
    return toNotice(rows[0]);
  }
}
