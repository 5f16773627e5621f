import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  ENTERPRISE_ORG_TYPES,
  Field,
  FIELD_LABELS,
  isInRegion,
  fenToWan,
  ListingKind,
  ListingMatchDto,
  MatchPage,
  OrgMatchDto,
  OrgType,
  regionFullName,
  ScorePart,
} from '@jiebang/contracts';
import { checkEligibilityMany, isEnterprise } from '@jiebang/matching';
import { DomainError, NotFoundError } from '../common/domain-error';
import { CONTROL_STEP_SQL, GraphService, todayInShanghai } from '../graph/graph.service';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { DOMAIN_DICTIONARY, LISTINGS_INDEX, ORGANIZATIONS_INDEX } from '../search/listing-index';
import { SearchEngine } from '../search/search-engine.port';

/** Maximum points of each score part; the score is their sum (0–100). */
export const SCORE_MAX = { fieldFit: 30, textRelevance: 30, capacity: 20, region: 10, trackRecord: 10 } as const;

/** How many Meilisearch hits feed text relevance. */
const TEXT_HITS = 1000;

/**
 * The key terms of a text for relevance: the names of the given fields and the domain terms (the search
 * dictionary) the text contains, e.g. 稀土, 永磁, 钕铁硼.
 */
export function keyTerms(fields: Field[], text: string): string[] {
  return [...new Set([...fields.map((f) => FIELD_LABELS[f]), ...DOMAIN_DICTIONARY.filter((t) => text.includes(t))])];
}

/** Who may take a listing of each kind (the lead applicant; RULEBOOK §2, seed `004 §6`, `§8`). */
const TAKER_TYPES: Record<ListingKind, OrgType[]> = {
  [ListingKind.Achievement]: [...ENTERPRISE_ORG_TYPES],
  [ListingKind.Challenge]: Object.values(OrgType).filter((t) => t !== OrgType.Other),
};

interface ScoredRow {
  id: string;
  name: string;
  type: OrgType;
  region_code: string | null;
  registered_capital_fen: string | null;
  field_fit: boolean;
  text_score: number;
  capacity_ratio: string | null;
  region_pts: number;
  track: number;
  total: string;
  total_count: string;
}

/**
 * Ranked matching (issue "Who may take what" §5). The candidate set, the exclusion of the poster's whole
 * control group (controllers, subsidiaries, sister companies — RULEBOOK §6), credit blocks and the score are
 * computed in PostgreSQL in one query; text relevance comes from Meilisearch. Each returned candidate is then
 * re-checked with the pure rules of `@jiebang/matching`, so a ranked candidate is never a blocked one.
 */
@Injectable()
export class MatchingService {
  private readonly logger = new Logger(MatchingService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly engine: SearchEngine,
    private readonly graph: GraphService,
  ) {}

  /**
   * Eligible organisations for a published listing, best first. Achievements: verified in-region enterprises;
   * challenges: verified solvers anywhere. `pageSize` ≤ 50.
   * @throws NotFoundError 404 for an unknown listing.
   */
  async candidatesFor(listingId: string, page = 1, pageSize = 20): Promise<MatchPage<OrgMatchDto>> {
    const listing = await this.db.getRepository(ListingEntity).findOne({ where: { id: listingId } });
    if (!listing) throw new NotFoundError('榜单', listingId);
    if (!listing.field) {
      throw new DomainError(HttpStatus.CONFLICT, 'LISTING_INCOMPLETE', '榜单尚未选择聚焦领域,暂不能匹配', '004 附件1');
    }
    const field = listing.field;
    const asOf = todayInShanghai();
    const listingText = [listing.title, listing.summary ?? ''].join(' ');
    const text = await this.textScores(ORGANIZATIONS_INDEX, listingText, keyTerms([field], listingText));
    const achievement = listing.kind === ListingKind.Achievement;
    // The parts of the score (columns of organization `o`, Meilisearch relevance `rel`, track record `t`), each
    // written once: the ranking computes the total over every candidate, the page then shows the parts.
    const part = {
      fieldFit: `($5::text = ANY(o.fields))`,
      textScore: `coalesce(rel.s, 0)`,
      capacityRatio: `CASE WHEN $6::numeric IS NULL OR $6::numeric = 0 OR o.registered_capital_fen IS NULL THEN NULL
                           ELSE least(1, o.registered_capital_fen::numeric / $6::numeric) END`,
      regionPts: `CASE WHEN $7::text IS NOT NULL AND left(o.region_code, 4) = left($7::text, 4) THEN 10
                       WHEN o.region_code LIKE '15%' THEN 5 ELSE 0 END`,
      track: `coalesce(t.n, 0)`,
    };
    // Performance (bench/README.md): track records are counted once per query, not once per candidate; the
    // control walks go by index (CONTROL_STEP_SQL); `OFFSET 0` makes `candidate` compute the total once per
    // row and hand the window and the sort only (id, name, total), so that neither spills to disk; the parts
    // are computed for the page only. The candidates, the order and the result are those of the plain query.
    // A bigger work_mem for this query only, so that sorting tens of thousands of candidates stays in memory.
    const rows: ScoredRow[] = await this.db.transaction(async (em) => {
      await em.query(`SET LOCAL work_mem = '32MB'`);
      return em.query(
        `WITH RECURSIVE up(id) AS (
         SELECT $1::uuid WHERE $1::uuid IS NOT NULL
         UNION SELECT e.controller_org_id FROM up CROSS JOIN ${CONTROL_STEP_SQL('up.id', 'controllers', '$2')}
       ), grp(id) AS (
         SELECT id FROM up
         UNION SELECT e.controlled_org_id FROM grp CROSS JOIN ${CONTROL_STEP_SQL('grp.id', 'controlled', '$2')}
       ), rel(id, s) AS (SELECT * FROM unnest($3::uuid[], $4::numeric[])),
       track(org_id, n) AS (
         SELECT l.poster_org_id, count(*)::int FROM listing l WHERE l.status IN ('published', 'closed')
         GROUP BY l.poster_org_id
       ), candidate AS (
         SELECT o.id, o.name,
                round((CASE WHEN ${part.fieldFit} THEN ${SCORE_MAX.fieldFit} ELSE 0 END)
                      + ${part.textScore} * ${SCORE_MAX.textRelevance}
                      + coalesce(${part.capacityRatio}, 0) * ${SCORE_MAX.capacity}
                      + ${part.regionPts} + least(${SCORE_MAX.trackRecord}, 2 * ${part.track}), 1) AS total
         FROM organization o LEFT JOIN rel ON rel.id = o.id LEFT JOIN track t ON t.org_id = o.id
         WHERE o.verified AND o.independent_legal_person AND o.type = ANY($8::text[])
           AND ($9::boolean = false OR o.region_code LIKE '15%')
           AND NOT EXISTS (SELECT 1 FROM grp WHERE grp.id = o.id)
           AND NOT EXISTS (SELECT 1 FROM credit_record c WHERE c.org_id = o.id AND c.valid_from <= $2::date
                           AND (c.valid_to IS NULL OR c.valid_to >= $2::date))
         OFFSET 0
       ), ranked AS (
         SELECT id, name, total, count(*) OVER () AS total_count FROM candidate
         ORDER BY total DESC, name ASC, id ASC LIMIT $10 OFFSET $11
       )
       SELECT o.id, o.name, o.type, o.region_code, o.registered_capital_fen::text,
              ${part.fieldFit} AS field_fit, ${part.textScore} AS text_score, ${part.capacityRatio} AS capacity_ratio,
              ${part.regionPts} AS region_pts, ${part.track} AS track, r.total, r.total_count
       FROM ranked r JOIN organization o ON o.id = r.id
         LEFT JOIN rel ON rel.id = o.id LEFT JOIN track t ON t.org_id = o.id
       ORDER BY r.total DESC, r.name ASC, r.id ASC`,
        [
          listing.posterOrgId,
          asOf,
          text.ids,
          text.scores,
          listing.field,
          listing.totalInvestmentFen,
          listing.regionCode,
          TAKER_TYPES[listing.kind],
          achievement,
          pageSize,
          (page - 1) * pageSize,
        ],
      );
    });
    const items = await this.recheckCandidates(listing, rows, asOf);
    return {
      items: items.map((r) => ({
        orgId: r.row.id,
        name: r.row.name,
        type: r.row.type,
        regionCode: r.row.region_code,
        regionName: regionFullName(r.row.region_code),
        score: Number(r.row.total),
        parts: this.parts(r.row, field, listing.totalInvestmentFen),
        warnings: r.warnings,
      })),
      total: rows.length ? Number(rows[0].total_count) : 0,
      page,
      pageSize,
    };
  }

  /** Runs the pure rules on a page of candidates; drops (and logs) any the SQL pre-filter let through. */
  private async recheckCandidates(listing: ListingEntity, rows: ScoredRow[], asOf: string) {
    if (!listing.posterOrgId || !rows.length) return rows.map((row) => ({ row, warnings: [] }));
    const facts = await this.graph.loadFacts([listing.posterOrgId, ...rows.map((r) => r.id)], asOf);
    const out: { row: ScoredRow; warnings: { code: string; message: string }[] }[] = [];
    // One control graph for the whole page (checkEligibilityMany), not one per candidate.
    const results = checkEligibilityMany(
      {
        listing: { kind: listing.kind, posterOrgId: listing.posterOrgId },
        orgs: facts.orgs,
        edges: facts.edges,
        creditRecords: facts.creditRecords,
        asOf,
      },
      rows.map((r) => ({ applicantOrgId: r.id })),
    );
    for (const [i, row] of rows.entries()) {
      const res = results[i];
      // A poster-side block (e.g. POSTER_NOT_ELIGIBLE) concerns the listing, not the candidate.
      const own = res.blocks.filter((b) => b.orgId !== listing.posterOrgId);
      if (own.length) {
        this.logger.warn(`ranking pre-filter let ${row.id} through: ${own.map((b) => b.code).join(',')}`);
        continue;
      }
      out.push({ row, warnings: res.warnings.map((w) => ({ code: w.code, message: w.message })) });
    }
    return out;
  }

  /**
   * Published listings an organisation may take, best first (same rules and parts, seen from the taker).
   * @throws NotFoundError 404 for an unknown organisation.
   */
  async listingsFor(orgId: string, page = 1, pageSize = 20): Promise<MatchPage<ListingMatchDto>> {
    const org = await this.db.getRepository(OrganizationEntity).findOne({ where: { id: orgId } });
    if (!org) throw new NotFoundError('单位', orgId);
    const asOf = todayInShanghai();
    const orgText = [org.mainBusiness ?? '', org.name].join(' ');
    const text = await this.textScores(LISTINGS_INDEX, orgText, keyTerms(org.fields, orgText));
    const inRegionEnterprise = isEnterprise(org.type) && isInRegion(org.regionCode);
    const rows: {
      id: string;
      title: string;
      kind: ListingKind;
      field: Field;
      poster_name: string;
      poster_org_id: string | null;
      total_investment_fen: string | null;
      field_fit: boolean;
      text_score: number;
      capacity_ratio: string | null;
      region_pts: number;
      total: string;
      total_count: string;
    }[] = await this.db.query(
      `WITH RECURSIVE up(id) AS (
         SELECT $1::uuid UNION SELECT e.controller_org_id FROM up CROSS JOIN ${CONTROL_STEP_SQL('up.id', 'controllers', '$2')}
       ), grp(id) AS (
         SELECT id FROM up UNION SELECT e.controlled_org_id FROM grp CROSS JOIN ${CONTROL_STEP_SQL('grp.id', 'controlled', '$2')}
       ), rel(id, s) AS (SELECT * FROM unnest($3::uuid[], $4::numeric[])),
       scored AS (
         SELECT l.id, l.title, l.kind, l.field, l.poster_name, l.poster_org_id, l.total_investment_fen::text,
                (l.field = ANY($5::text[])) AS field_fit, coalesce(rel.s, 0) AS text_score,
                CASE WHEN l.total_investment_fen IS NULL OR l.total_investment_fen = 0 OR $6::numeric IS NULL THEN NULL
                     ELSE least(1, $6::numeric / l.total_investment_fen::numeric) END AS capacity_ratio,
                CASE WHEN l.region_code IS NOT NULL AND left(l.region_code, 4) = left($7::text, 4) THEN 10
                     WHEN l.region_code LIKE '15%' AND $7::text LIKE '15%' THEN 5 ELSE 0 END AS region_pts
         FROM listing l LEFT JOIN rel ON rel.id = l.id
         WHERE l.status = 'published' AND (l.kind = 'challenge' OR $8::boolean)
           AND (l.poster_org_id IS NULL OR NOT EXISTS (SELECT 1 FROM grp WHERE grp.id = l.poster_org_id))
       )
       SELECT *, round((CASE WHEN field_fit THEN ${SCORE_MAX.fieldFit} ELSE 0 END) + text_score * ${SCORE_MAX.textRelevance}
                       + coalesce(capacity_ratio, 0) * ${SCORE_MAX.capacity} + region_pts, 1) AS total,
              count(*) OVER () AS total_count
       FROM scored ORDER BY total DESC, title ASC, id ASC LIMIT $9 OFFSET $10`,
      [
        orgId,
        asOf,
        text.ids,
        text.scores,
        org.fields,
        org.registeredCapitalFen,
        org.regionCode,
        inRegionEnterprise,
        pageSize,
        (page - 1) * pageSize,
      ],
    );
    const track = Number(
      (
        await this.db.query(
          `SELECT count(*) n FROM listing WHERE poster_org_id = $1 AND status IN ('published','closed')`,
          [orgId],
        )
      )[0].n,
    );
    const eligibleSelf = org.verified && org.independentLegalPerson;
    return {
      items: eligibleSelf
        ? rows.map((r) => ({
            listingId: r.id,
            title: r.title,
            kind: r.kind,
            field: r.field,
            posterName: r.poster_name,
            score: Number(r.total) + Math.min(SCORE_MAX.trackRecord, 2 * track),
            parts: this.parts(
              {
                field_fit: r.field_fit,
                text_score: r.text_score,
                capacity_ratio: r.capacity_ratio,
                region_pts: r.region_pts,
                track,
                registered_capital_fen: org.registeredCapitalFen,
              },
              r.field,
              r.total_investment_fen,
            ),
          }))
        : [],
      total: eligibleSelf && rows.length ? Number(rows[0].total_count) : 0,
      page,
      pageSize,
    };
  }

  /**
   * Text relevance (0–1) of the documents of `index`, computed by Meilisearch in one multi-search: half the
   * ranking score of the whole text, half the share of the key terms a document contains (each key term is its
   * own query, so one missing word does not hide a document, as Meilisearch's `last` matching strategy would).
   * Returned as parallel arrays for SQL.
   */
  private async textScores(
    index: typeof LISTINGS_INDEX,
    text: string,
    terms: string[],
  ): Promise<{ ids: string[]; scores: number[] }> {
    if (!text.trim() && !terms.length) return { ids: [], scores: [] };
    try {
      const queries = [text.slice(0, 200), ...terms].map((q) => ({
        q,
        page: 1,
        hitsPerPage: TEXT_HITS,
        rankingScore: true,
        attributes: ['id'],
      }));
      const [full, ...perTerm] = await this.engine.search<{ id: string }>(index, queries);
      const score = new Map<string, number>();
      const add = (id: string, v: number) => score.set(id, (score.get(id) ?? 0) + v);
      const termWeight = terms.length ? 0.5 : 0;
      for (const h of full.hits) add(h.id, (1 - termWeight) * (h._rankingScore ?? 0));
      for (const res of perTerm) for (const h of res.hits) add(h.id, termWeight / terms.length);
      const ids = [...score.keys()];
      return { ids, scores: ids.map((id) => Math.min(1, score.get(id) as number)) };
    } catch (e) {
      // Search is derived data: without it the ranking still works, text relevance counts 0 and says why.
      this.logger.warn(`text relevance unavailable: ${(e as Error).message}`);
      return { ids: [], scores: [] };
    }
  }

  /** The named, explained parts of a score. */
  private parts(
    r: Pick<
      ScoredRow,
      'field_fit' | 'text_score' | 'capacity_ratio' | 'region_pts' | 'track' | 'registered_capital_fen'
    >,
    field: Field,
    investmentFen: string | null,
  ): ScorePart[] {
    const round1 = (n: number) => Math.round(n * 10) / 10;
    const ratio = r.capacity_ratio === null ? null : Number(r.capacity_ratio);
    return [
      {
        name: 'fieldFit',
        label: '领域契合',
        points: r.field_fit ? SCORE_MAX.fieldFit : 0,
        max: SCORE_MAX.fieldFit,
        explanation: r.field_fit ? `单位从事${FIELD_LABELS[field]}领域` : `单位的领域中没有${FIELD_LABELS[field]}`,
      },
      {
        name: 'textRelevance',
        label: '内容相关度',
        points: round1(Number(r.text_score) * SCORE_MAX.textRelevance),
        max: SCORE_MAX.textRelevance,
        explanation:
          Number(r.text_score) > 0
            ? `全文检索相关度 ${round1(Number(r.text_score) * 100)}%(单位名称、主营业务、已发布成果与榜单内容)`
            : '检索未发现内容相关',
      },
      {
        name: 'capacity',
        label: '实力匹配',
        points: ratio === null ? 0 : round1(ratio * SCORE_MAX.capacity),
        max: SCORE_MAX.capacity,
        explanation:
          ratio === null
            ? '注册资金或项目投入未知,无法比较'
            : `注册资金 ${fenToWan(r.registered_capital_fen ?? '0')} 万元,项目投入 ${fenToWan(investmentFen ?? '0')} 万元`,
      },
      {
        name: 'region',
        label: '地域',
        points: r.region_pts,
        max: SCORE_MAX.region,
        explanation:
          r.region_pts === 10 ? '与榜单同一盟市' : r.region_pts === 5 ? '位于内蒙古自治区' : '区外或地区未知',
      },
      {
        name: 'trackRecord',
        label: '既往业绩',
        points: Math.min(SCORE_MAX.trackRecord, 2 * r.track),
        max: SCORE_MAX.trackRecord,
        explanation: r.track ? `在平台发布或完成 ${r.track} 项榜单` : '平台上暂无业绩记录',
      },
    ];
  }
}
