import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  authorityRegionScope,
  CARRIER_MONEY_MEASURES,
  CarrierMoneyMeasure,
  CarrierMoneyRowDto,
  CarrierMoneyTotalsDto,
  CurrentUser,
  findAuthority,
  MONEY_MEASURES,
  MoneyDealsDto,
  MoneyCarriersDto,
  MoneyCarriersQueryDto,
  MoneyDealsQueryDto,
  MoneyMeasure,
  MoneyRowDto,
  MoneyTotalsDto,
  StaffRole,
  StatsCountDto,
  StatsOverviewDto,
  StatsQueryDto,
} from '@jiebang/contracts';
import { SUBSIDY_CAP_FEN, SUBSIDY_RATE_BP } from '@jiebang/policy';
import { DomainError } from '../common/domain-error';
import { CARRIER_MONEY_LEDGER_SQL } from './stats-carrier-sql';
import { COUNTS_SQL, MONEY_LEDGER_SQL, STAGES_SQL } from './stats-sql';

/** Most deals the drill-down lists (newest figures first); the total is over all of them. */
const DRILL_DOWN_LIMIT = 1000;

type Scope = { authority: string | null; params: [string | null, readonly string[], number | null] };

const fenKey = (m: MoneyMeasure) => `${m}Fen` as const;
const carrierFenKey = (m: CarrierMoneyMeasure) => `${m}Fen` as const;

/**
 * The statistics dashboard and the money ledger (issue 14 item 3): counts of listings, applications and deals,
 * time per stage from the audit log, and the public money per year and field — committed, received, disbursed,
 * recoverable, forecast (definitions and articles: `MONEY_LEDGER_SQL`; caps seed `004 §11`, payment `§12`,
 * recovery `§15`) — and the carrier support money per year, carrier kind and support class (proposed, committed,
 * disbursed; `CARRIER_MONEY_LEDGER_SQL`, issue 15 §7, `001 §13–14`), with one total of public money. Every figure
 * is one SQL over the live tables: nothing is cached, so each equals a fresh count.
 */
@Injectable()
export class StatsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The scope of a request. A recommender sees its own authority's figures (naming another: 403
   * `AUTHORITY_NOT_OWN`); other staff see the whole region or the authority they name (unknown: 422
   * `AUTHORITY_UNKNOWN`). Listings, applications, deals, stage times and the deals' money are scoped by region
   * only: a department (自治区部门, no region, params `['-', [], year]`) has none of them — deals are between
   * organisations, no authority recommends them. The carrier support money follows the carrier application's
   * authority first, the region only for carriers without one (`CARRIER_MONEY_LEDGER_SQL`, `$4` = `authority`),
   * so a department sees the support of the carriers it recommended.
   */
  private scope(user: CurrentUser, q: StatsQueryDto): Scope {
    let code = q.authority ?? null;
    if (user.staffRoles.includes(StaffRole.Recommender)) {
      if (code && code !== user.authority) {
        throw new DomainError(
          HttpStatus.FORBIDDEN,
          'AUTHORITY_NOT_OWN',
          '推荐部门账号只能查看本辖区的统计,请不要指定其他推荐部门',
        );
      }
      code = user.authority ?? null;
      if (!code) throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'AUTHORITY_UNKNOWN', '账号未关联推荐部门');
    }
    const year = q.year ?? null;
    if (!code) return { authority: null, params: [null, [], year] };
    if (!findAuthority(code)) {
      throw new DomainError(HttpStatus.UNPROCESSABLE_ENTITY, 'AUTHORITY_UNKNOWN', '请从名单中选择推荐部门');
    }
    const region = authorityRegionScope(code);
    return { authority: code, params: region ? [region.prefix, region.exclude, year] : ['-', [], year] };
  }

  private ledgerParams(s: Scope): unknown[] {
    return [...s.params, SUBSIDY_RATE_BP, SUBSIDY_CAP_FEN.pre.toString()];
  }

  /**
   * `GET /stats/overview?year=&authority=`: every figure of the dashboard. `year` filters listings, applications
   * and deals by creation, stays by their start and money by its date (see `MONEY_LEDGER_SQL` and
   * `CARRIER_MONEY_LEDGER_SQL`); `publicMoneyTotals` = deals' committed / disbursed + carriers' committed /
   * disbursed.
   * @throws DomainError 403 `AUTHORITY_NOT_OWN`, 422 `AUTHORITY_UNKNOWN`.
   */
  async overview(user: CurrentUser, q: StatsQueryDto): Promise<StatsOverviewDto> {
    const s = this.scope(user, q);
    const counts: { dim: string; key: string; count: number }[] = await this.db.query(COUNTS_SQL, [...s.params]);
    const stages: { entity: string; stage: string; count: number; average_days: number; median_days: number }[] =
      await this.db.query(STAGES_SQL, [...s.params]);
    const money: {
      year: number;
      field: string | null;
      measure: MoneyMeasure;
      fen: string;
    }[] = await this.db.query(
      `SELECT year, field, measure, sum(amount_fen::bigint)::text AS fen FROM (${MONEY_LEDGER_SQL}) x
       GROUP BY year, field, measure ORDER BY year, field NULLS LAST`,
      this.ledgerParams(s),
    );
    const of = (dim: string): StatsCountDto[] =>
      counts.filter((c) => c.dim === dim).map((c) => ({ key: c.key, count: c.count }));
    const rows = new Map<string, MoneyRowDto>();
    const totals = Object.fromEntries(MONEY_MEASURES.map((m) => [fenKey(m), 0n])) as Record<string, bigint>;
    for (const m of money) {
      const key = `${m.year}|${m.field ?? ''}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          year: m.year,
          field: m.field,
          committedFen: '0',
          receivedFen: '0',
          disbursedFen: '0',
          recoverableFen: '0',
          forecastFen: '0',
        };
        rows.set(key, row);
      }
      row[fenKey(m.measure)] = m.fen;
      totals[fenKey(m.measure)] += BigInt(m.fen);
    }
    const carrier = await this.carrierMoney(s);
    return {
      year: q.year ?? null,
      authority: s.authority,
      listingsByField: of('listing_field'),
      listingsByKind: of('listing_kind'),
      listingsByStatus: of('listing_status'),
      listingsByRegion: of('listing_region'),
      applicationsByStatus: of('application_status'),
      dealsByStatus: of('deal_status'),
      stageDurations: stages.map((r) => ({
        entity: r.entity,
        stage: r.stage,
        count: r.count,
        averageDays: Number(r.average_days),
        medianDays: Number(r.median_days),
      })),
      money: [...rows.values()],
      moneyTotals: Object.fromEntries(
        Object.entries(totals).map(([k, v]) => [k, v.toString()]),
      ) as unknown as MoneyTotalsDto,
      carrierMoney: carrier.rows,
      carrierMoneyTotals: carrier.totals,
      publicMoneyTotals: {
        committedFen: (totals.committedFen + BigInt(carrier.totals.committedFen)).toString(),
        disbursedFen: (totals.disbursedFen + BigInt(carrier.totals.disbursedFen)).toString(),
      },
    };
  }

  /** Carrier support per (year, carrier kind, support class) and its totals, fen strings (`CARRIER_MONEY_LEDGER_SQL`). */
  private async carrierMoney(s: Scope): Promise<{ rows: CarrierMoneyRowDto[]; totals: CarrierMoneyTotalsDto }> {
    const sums: {
      year: number;
      carrier_kind: string;
      support_kind: string;
      measure: CarrierMoneyMeasure;
      fen: string;
    }[] = await this.db.query(
      `SELECT year, carrier_kind, support_kind, measure, sum(amount_fen::bigint)::text AS fen
       FROM (${CARRIER_MONEY_LEDGER_SQL}) x
       GROUP BY year, carrier_kind, support_kind, measure ORDER BY year, carrier_kind, support_kind`,
      [...s.params, s.authority],
    );
    const rows = new Map<string, CarrierMoneyRowDto>();
    const totals = Object.fromEntries(CARRIER_MONEY_MEASURES.map((m) => [carrierFenKey(m), 0n])) as Record<
      string,
      bigint
    >;
    for (const m of sums) {
      const key = `${m.year}|${m.carrier_kind}|${m.support_kind}`;
      let row = rows.get(key);
      if (!row) {
        row = {
          year: m.year,
          carrierKind: m.carrier_kind,
          supportKind: m.support_kind,
          proposedFen: '0',
          committedFen: '0',
          disbursedFen: '0',
        };
        rows.set(key, row);
      }
      row[carrierFenKey(m.measure)] = m.fen;
      totals[carrierFenKey(m.measure)] += BigInt(m.fen);
    }
    return {
      rows: [...rows.values()],
      totals: Object.fromEntries(
        Object.entries(totals).map(([k, v]) => [k, v.toString()]),
      ) as unknown as CarrierMoneyTotalsDto,
    };
  }

  /**
   * `GET /stats/money/carriers?measure=&year=&kind=&carrierKind=&authority=`: the carrier support records behind
   * one carrier money figure with their granted amounts (largest first, at most 1000 listed; `totalFen` over all).
   * Same scope rules as `overview`. @throws DomainError 403 `AUTHORITY_NOT_OWN`, 422 `AUTHORITY_UNKNOWN`.
   */
  async moneyCarriers(user: CurrentUser, q: MoneyCarriersQueryDto): Promise<MoneyCarriersDto> {
    const s = this.scope(user, q);
    const rows: {
      support_id: string;
      carrier_id: string;
      carrier_name: string;
      plate_name: string;
      carrier_kind: string;
      host_org_name: string;
      support_kind: string;
      support_year: number;
      year: number;
      status: string;
      computed_fen: string;
      amount_fen: string;
    }[] = await this.db.query(
      `SELECT * FROM (${CARRIER_MONEY_LEDGER_SQL}) x
       WHERE measure = $5::text AND ($6::text IS NULL OR support_kind = $6::text)
         AND ($7::text IS NULL OR carrier_kind = $7::text)
       ORDER BY amount_fen::bigint DESC, support_id`,
      [...s.params, s.authority, q.measure, q.kind ?? null, q.carrierKind ?? null],
    );
    return {
      measure: q.measure,
      totalFen: rows.reduce((t, r) => t + BigInt(r.amount_fen), 0n).toString(),
      items: rows.slice(0, DRILL_DOWN_LIMIT).map((r) => ({
        supportId: r.support_id,
        carrierId: r.carrier_id,
        carrierName: r.carrier_name,
        plateName: r.plate_name,
        carrierKind: r.carrier_kind,
        hostOrgName: r.host_org_name,
        supportKind: r.support_kind,
        supportYear: r.support_year,
        year: r.year,
        status: r.status,
        computedFen: r.computed_fen,
        amountFen: r.amount_fen,
      })),
    };
  }

  /**
   * `GET /stats/money/deals?measure=&year=&field=&authority=`: the deals behind one money figure with their
   * amounts (largest first, at most 1000 listed; `totalFen` over all). Same scope rules as `overview`.
   */
  async moneyDeals(user: CurrentUser, q: MoneyDealsQueryDto): Promise<MoneyDealsDto> {
    const s = this.scope(user, q);
    const params = [...this.ledgerParams(s), q.measure, q.field ?? null];
    const rows: {
      deal_id: string;
      listing_title: string;
      poster_name: string;
      taker_name: string;
      year: number;
      field: string | null;
      fen: string;
    }[] = await this.db.query(
      `SELECT deal_id, listing_title, poster_name, taker_name, year, field, sum(amount_fen::bigint)::text AS fen
       FROM (${MONEY_LEDGER_SQL}) x
       WHERE measure = $6::text AND ($7::text IS NULL OR COALESCE(field, 'none') = $7::text)
       GROUP BY deal_id, listing_title, poster_name, taker_name, year, field
       ORDER BY sum(amount_fen::bigint) DESC, deal_id`,
      params,
    );
    return {
      measure: q.measure,
      totalFen: rows.reduce((t, r) => t + BigInt(r.fen), 0n).toString(),
      items: rows.slice(0, DRILL_DOWN_LIMIT).map((r) => ({
        dealId: r.deal_id,
        listingTitle: r.listing_title,
        posterName: r.poster_name,
        takerName: r.taker_name,
        year: r.year,
        field: r.field,
        amountFen: r.fen,
      })),
    };
  }
}
