import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { beijingDate } from '@jiebang/policy';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import {
  Field,
  isInRegion,
  ListingKind,
  ListingMatchDto,
  MatchPage,
  OrgMatchDto,
  regionFullName,
} from '@jiebang/contracts';
import { checkEligibilityMany, isEnterprise } from '@jiebang/matching';
import { DomainError, NotFoundError } from '../common/domain-error';
import { PairAcquirer } from '../common/pair-acquirer';
import { CONTROL_STEP_SQL, EligibilityFacts, GraphService } from '../graph/graph.service';
import { ListingEntity } from '../listings/listing.entity';
import { OrganizationEntity } from '../organizations/organization.entity';
import { LISTINGS_INDEX, ORGANIZATIONS_INDEX } from '../search/listing-index';
import { SearchHitCache } from '../search/search-hit-cache';
import {
  BIND_COMMON,
  candidateWhere,
  EXCLUDED_CTE,
  EXCLUDED_PARAM_CTE,
  GROUP_CTES,
  keyTerms,
  PART,
  pageSelect,
  REL_CTE,
  SCORE_MAX,
  ScoredRow,
  APPLICANT_TYPES,
  TEXT_HITS,
  TOP_K_MAX,
  topTierOf,
  totalSql,
  TRACK_CTE,
  type CandidatesOptions,
  type RankingTrace,
} from './ranking-sql';
import {
  capacityPart,
  capacityParams,
  capacityReachSql,
  capacitySql,
  loadCapacityTerm,
  loadOrgCapacity,
  NO_CAPACITY,
  orgCapacityPart,
  withCapacity,
} from './carrier-capacity-term';
import { scoreParts } from './score-parts';

export { keyTerms, SCORE_MAX, topTierOf, type CandidatesOptions, type RankingTrace } from './ranking-sql';

/**
 * Ranked matching (issue "Who may take what" §5). The candidate set, the exclusion of the poster's whole
 * control group (controllers, subsidiaries, sister companies — RULEBOOK §6), credit blocks and the score are
 * computed in PostgreSQL; text relevance comes from Meilisearch. Each returned candidate is then re-checked
 * with the pure rules of `@jiebang/matching`, so a ranked candidate is never a blocked one.
 */
@Injectable()
export class MatchingService {
  private readonly logger = new Logger(MatchingService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly searches: SearchHitCache,
    private readonly graph: GraphService,
  ) {}

  /**
   * Two connections of the pool per two-phase ranking, taken one ranking at a time (`PairAcquirer`), so that
   * concurrent rankings never each hold one connection while waiting for a second (nothing else in the API holds
   * one connection while it waits for another).
   */
  private readonly pairs = new PairAcquirer<QueryRunner>(
    () => this.connectOne(),
    (runner) => runner.release(),
  );

  /** A connection of the pool, as a query runner (released by the caller). */
  private async connectOne(): Promise<QueryRunner> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    return runner;
  }

  /**
   * Eligible organisations for a published listing, best first (score descending, then name, then id), with
   * the parts of each score. Achievements: verified in-region enterprises; challenges: verified solvers
   * anywhere. `page` ≥ 1, `pageSize` ≤ 50 (the controller's `MatchQuery`); `total` is the number of candidates
   * (reported as 0 with an empty page, as it always was).
   *
   * Exact two-phase top-k (bench/README.md), `k = page × pageSize`. Without text relevance a candidate outside
   * the top tier (`topTierOf`) scores at most the tier's ceiling plus its track points.
   * 1. While Meilisearch computes text relevance, on a second connection: the count and the excluded candidates
   *    (the poster's group, credit records, branches — walked once, handed to the two statements below); then on
   *    the first connection, in the same snapshot: the candidates ranked without text — the first k of the top
   *    tier, and the candidates with a track record outside it whose ceiling + track points reach the tier's k-th
   *    score; the first k of both (`top`); at the same time on the second, once Meilisearch has answered: the
   *    first k of the text hits, scored exactly (`firstHits`).
   * 2. `top` and `firstHits` scored exactly, with their text scores; the first k of them.
   * When the k-th score of phase 2 is strictly above the ceiling, these are the first k of all candidates: a
   * text hit outside `firstHits` has k hits before it; text relevance only adds, so a candidate without a text
   * hit that phase 1 left out is already behind k others without text (the same totals or higher, and the same
   * tie-break by name, then id); any other candidate has no text hit, no track record and is outside the tier,
   * so it scores at most the ceiling. (An equal score could still come first by name, hence "strictly".)
   * Otherwise, and for pages past `TOP_K_MAX`, every candidate is scored, as before. Every statement sees one
   * snapshot: a REPEATABLE READ transaction, exported to the second connection (`pg_export_snapshot`).
   * @throws NotFoundError 404 for an unknown listing; DomainError 409 `LISTING_INCOMPLETE` without a field.
   */
  async candidatesFor(
    listingId: string,
    page = 1,
    pageSize = 20,
    options: CandidatesOptions = {},
  ): Promise<MatchPage<OrgMatchDto>> {
    const listing = await this.db.getRepository(ListingEntity).findOne({ where: { id: listingId } });
    if (!listing) throw new NotFoundError('榜单', listingId);
    if (!listing.field) {
      throw new DomainError(HttpStatus.CONFLICT, 'LISTING_INCOMPLETE', '榜单尚未选择聚焦领域,暂不能匹配', '004 附件1');
    }
    const field = listing.field;
    const asOf = beijingDate();
    const listingText = [listing.title, listing.summary ?? ''].join(' ');
    // Meilisearch works while PostgreSQL counts and ranks the top tier (textScores never rejects).
    const textPromise = this.textScores(ORGANIZATIONS_INDEX, listingText, keyTerms([field], listingText));
    // The carrier-capacity term (issue 15 §8): the few hosts of operating carriers with capacity in the field.
    const capacityPromise = loadCapacityTerm(this.db, field);
    capacityPromise.catch(() => undefined);
    let cap = NO_CAPACITY;
    const achievement = listing.kind === ListingKind.Achievement;
    const k = page * pageSize;
    const offset = (page - 1) * pageSize;
    const tier = topTierOf(listing);
    const twoPhase = !options.fullScan && tier !== null && k <= TOP_K_MAX;
    const common = [
      listing.posterOrgId,
      asOf,
      field,
      listing.totalInvestmentFen,
      listing.regionCode,
      APPLICANT_TYPES[listing.kind],
    ];
    const trace: RankingTrace = {
      strategy: 'fullScan',
      reason: options.fullScan ? 'requested' : !tier ? 'noTier' : k > TOP_K_MAX ? 'deepPage' : 'exact',
      candidates: 0,
      topTier: 0,
      textHits: 0,
      kthTotal: null,
      ceiling: tier?.ceiling ?? null,
    };
    // One snapshot for every statement: a REPEATABLE READ READ ONLY transaction on `a`, exported to `b` for the
    // text hits (below). For these transactions only: the organisations are in memory, so an index costs about
    // what the table costs, and sorting tens of thousands of candidates (the full scan) stays in memory.
    const settings = `SET LOCAL random_page_cost = 1.1; SET LOCAL work_mem = '32MB'`;
    const [a, b] = twoPhase ? await this.pairs.pair() : [await this.connectOne(), null];
    let rows: ScoredRow[] | null = null;
    let facts: EligibilityFacts | null = null;
    // Work running on `b`: all of it is settled before `b` goes back to the pool, even when `a` fails first. A
    // failure is marked as handled at once (each promise is still awaited where its result is used).
    const onB: Promise<unknown>[] = [];
    const runOnB = <T>(work: Promise<T>): Promise<T> => {
      work.catch(() => undefined);
      onB.push(work);
      return work;
    };
    try {
      cap = await capacityPromise;
      await a.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${settings}`);
      if (twoPhase && tier && b) {
        const [{ snapshot }]: { snapshot: string }[] = await a.query(`SELECT pg_export_snapshot() AS snapshot`);
        if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
        // On `b`, first: the count, while Meilisearch works — the candidates of the type and region (kept by
        // triggers in `organization_candidate_count`) less the excluded ones among them (one look-up per excluded
        // organisation); those excluded candidates are handed to the two statements that need them (the top
        // tier on `a`, the text hits on `b`), so the poster's group and the exclusions are computed once.
        const countPromise = runOnB(
          (async () => {
            await b.query(
              `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '${snapshot}'; ${settings}`,
            );
            const [row]: { candidates: string; excluded: string[] }[] = await b.query(
              `/* matching: count */
             WITH RECURSIVE ${BIND_COMMON}, ${GROUP_CTES}, ${EXCLUDED_CTE},
             xc AS MATERIALIZED (
               SELECT o.id FROM organization o
               WHERE o.id = ANY(ARRAY(SELECT id FROM excluded)) AND ${candidateWhere(achievement, false)}
             )
             SELECT (SELECT coalesce(sum(c.n), 0) FROM organization_candidate_count c
                     WHERE c.type = ANY($6::text[]) ${achievement ? 'AND c.in_region' : ''})
                    - (SELECT count(*) FROM xc) AS candidates,
                    ARRAY(SELECT id FROM xc) AS excluded`,
              common,
            );
            return row;
          })(),
        );
        // Then on `b`, as soon as Meilisearch has answered (while `a` may still rank the top tier): the first k of
        // the text hits, scored exactly. Nobody else among the hits can be in the first k of all candidates (k
        // hits come before it), so phase 2 needs only these and the tier's. Each hit's text score is read with
        // the hit (`hits.s`), and each text id is looked up by primary key (`OFFSET 0` keeps that plan): joining
        // `rel` again after `hits` let PostgreSQL, which expects a few rows from `hits`, pick a nested loop
        // comparing every hit with every text id (9 million pairs, ~1 s, for an achievement with 4,400 text
        // ids), and a plain join of `rel` and `organization` hashes all 36,000 candidates (~30 ms) instead.
        const hitsPromise = runOnB(
          (async () => {
            const { candidates, excluded } = await countPromise;
            const text = await textPromise;
            if (!text.ids.length) return { candidates, text, firstHits: [] as string[] };
            const [{ ids }]: { ids: string[] }[] = await b.query(
              `/* matching: text hits */
             WITH ${BIND_COMMON}, ${TRACK_CTE}, ${EXCLUDED_PARAM_CTE('$10')}, ${REL_CTE('$7', '$8')},
             hits AS MATERIALIZED (
               SELECT o.id, o.name, o.type, o.region_code, o.registered_capital_fen, o.fields, rel.s
               FROM rel CROSS JOIN LATERAL (
                 SELECT o.id, o.name, o.type, o.region_code, o.registered_capital_fen, o.fields
                 FROM organization o WHERE o.id = rel.id AND ${candidateWhere(achievement, false)}
                 OFFSET 0
               ) o
             ), candidate AS (
               SELECT o.id, o.name, ${totalSql(PART.textScore, capacitySql(cap, 11))} AS total
               FROM hits o CROSS JOIN LATERAL (SELECT o.s) AS rel(s) LEFT JOIN track t ON t.org_id = o.id
               WHERE NOT EXISTS (SELECT 1 FROM excluded x WHERE x.id = o.id)
               OFFSET 0
             )
             SELECT ARRAY(SELECT id FROM candidate ORDER BY total DESC, name ASC, id ASC LIMIT $9) AS ids`,
              [...common, text.ids, text.scores, k, excluded, ...capacityParams(cap)],
            );
            return { candidates, text, firstHits: ids };
          })(),
        );
        // Phase 1, on `a` once `b` has counted (while Meilisearch and then `b` work): the top tier's first k; then
        // the candidates with a track record outside it whose score can reach the tier's k-th (at most the
        // ceiling + their track points); the first k of both (`top`).
        const { excluded } = await countPromise;
        const [pre]: { top_ids: string[] }[] = await a.query(
          `/* matching: top tier */
           WITH ${BIND_COMMON}, ${TRACK_CTE}, ${EXCLUDED_PARAM_CTE('$11')},
           tier AS MATERIALIZED (
             SELECT o.id, o.name, ${totalSql('0::numeric', capacitySql(cap, 12))} AS total
             FROM organization o LEFT JOIN track t ON t.org_id = o.id
             WHERE ${candidateWhere(achievement)} AND ${PART.fieldFit} AND ${tier.regionSql}
               AND o.region_code BETWEEN $7::bpchar AND $8::bpchar
             ORDER BY total DESC, name ASC, id ASC LIMIT $9
           ), tier_kth(total) AS (SELECT CASE WHEN count(*) = $9 THEN min(total) END FROM tier),
           track_reach(org_id) AS (
             SELECT t.org_id FROM track t CROSS JOIN tier_kth k
             WHERE k.total IS NULL OR $10::numeric + least(${SCORE_MAX.trackRecord}, 2 * t.n) >= k.total
             ${capacityReachSql(cap, 12)}
           ), top AS MATERIALIZED (
             SELECT id, name, total FROM (
               SELECT id, name, total FROM tier
               UNION
               SELECT o.id, o.name, ${totalSql('0::numeric', capacitySql(cap, 12))} AS total
               FROM organization o LEFT JOIN track t ON t.org_id = o.id
               WHERE o.id = ANY(ARRAY(SELECT org_id FROM track_reach)) AND ${candidateWhere(achievement)}
             ) u ORDER BY total DESC, name ASC, id ASC LIMIT $9
           )
           SELECT ARRAY(SELECT id FROM top) AS top_ids`,
          [...common, ...tier.range, k, tier.ceiling, excluded, ...capacityParams(cap)],
        );
        const { candidates, text, firstHits } = await hitsPromise;
        trace.candidates = Number(candidates);
        trace.topTier = pre.top_ids.length;
        trace.textHits = text.ids.length;
        // Phase 2: the first k of the top tier and of the text hits (all candidates, none excluded: phase 1 and
        // `b` saw to that in this snapshot), scored exactly with the text score of those that are hits and their
        // track records; the first k of all of them.
        const textScore = new Map(text.ids.map((id, i) => [id, text.scores[i]]));
        const fewIds = [...new Set([...firstHits, ...pre.top_ids])].filter((id) => textScore.has(id));
        const few = { ids: fewIds, scores: fewIds.map((id) => textScore.get(id) as number) };
        // Meanwhile on `b`, in the same snapshot: the re-check's facts of everybody the page can hold.
        const factsPromise = listing.posterOrgId
          ? runOnB(this.graph.loadFacts([listing.posterOrgId, ...new Set([...firstHits, ...pre.top_ids])], asOf, b))
          : Promise.resolve(null);
        const scored: (ScoredRow & { ranked: string; kth_total: string | null })[] = await a.query(
          `/* matching: page */
           WITH ${BIND_COMMON}, ${REL_CTE('$7', '$8')},
           few AS MATERIALIZED (
             SELECT o.id, o.name, o.type, o.region_code, o.registered_capital_fen, o.fields
             FROM organization o WHERE o.id = ANY(ARRAY(SELECT id FROM rel UNION SELECT unnest($9::uuid[])))
           ), candidate AS (
             SELECT o.id, o.name, ${totalSql(PART.textScore, capacitySql(cap, 12))} AS total, rel.s, t.n
             FROM few o LEFT JOIN rel ON rel.id = o.id
               CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM listing l
                                   WHERE l.poster_org_id = o.id AND l.status IN ('published', 'closed')) t
             OFFSET 0
           ), ranked AS (
             SELECT id, name, total, s, n, row_number() OVER (ORDER BY total DESC, name ASC, id ASC) AS rn
             FROM candidate
             ORDER BY total DESC, name ASC, id ASC LIMIT $10
           ), summary AS (SELECT count(*) AS ranked, min(total) AS kth_total FROM ranked)
           SELECT s.ranked, s.kth_total, p.* FROM summary s LEFT JOIN (${pageSelect('r.rn > $11')}) p ON true
           ORDER BY p.rn`,
          [...common, few.ids, few.scores, pre.top_ids, k, offset, ...capacityParams(cap)],
        );
        const ranked = Number(scored[0].ranked);
        trace.kthTotal = scored[0].kth_total === null ? null : Number(scored[0].kth_total);
        // Exact when phase 2 scored every candidate (a small registry) or when its k-th score is above the
        // ceiling of all the others.
        if ((ranked < k && ranked === trace.candidates) || (ranked === k && Number(trace.kthTotal) > tier.ceiling)) {
          trace.strategy = 'topTier';
          rows = scored.filter((r) => r.id !== null);
          facts = await factsPromise;
        } else {
          trace.reason = ranked < k ? 'tooFew' : 'belowCeiling';
        }
      }
      if (rows === null) {
        // Every candidate scored, as before the two phases. `OFFSET 0` makes `candidate` compute each total once
        // and hand the window and the sort only (id, name, total, s, n); the parts are computed for the page only.
        const text = await textPromise;
        trace.textHits = text.ids.length;
        const all: (ScoredRow & { candidates: string })[] = await a.query(
          `/* matching: every candidate */
         WITH RECURSIVE ${GROUP_CTES}, ${TRACK_CTE}, ${EXCLUDED_CTE}, ${REL_CTE('$7', '$8')},
         candidate AS (
           SELECT o.id, o.name, ${totalSql(PART.textScore, capacitySql(cap, 11))} AS total, rel.s, t.n
           FROM organization o LEFT JOIN rel ON rel.id = o.id LEFT JOIN track t ON t.org_id = o.id
           WHERE ${candidateWhere(achievement)}
           OFFSET 0
         ), ranked AS (
           SELECT id, name, total, s, n, 0 AS rn, count(*) OVER () AS candidates FROM candidate
           ORDER BY total DESC, name ASC, id ASC LIMIT $9 OFFSET $10
         )
         ${pageSelect('true', ', r.candidates')} ORDER BY r.total DESC, r.name ASC, r.id ASC`,
          [...common, text.ids, text.scores, pageSize, offset, ...capacityParams(cap)],
        );
        if (all.length) trace.candidates = Number(all[0].candidates);
        rows = all;
      }
      await a.query('COMMIT');
    } catch (e) {
      await a.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await Promise.allSettled(onB);
      await b?.query('ROLLBACK').catch(() => undefined);
      await Promise.all([a.release(), b?.release()]);
    }
    return this.page(listing, field, page, pageSize, rows, trace, asOf, options, facts, cap);
  }

  /**
   * The response page: the rows re-checked with the pure rules (on `facts` when the ranking loaded them for
   * every party the page can hold, else loaded here), with their parts.
   */
  private async page(
    listing: ListingEntity,
    field: Field,
    page: number,
    pageSize: number,
    rows: ScoredRow[],
    trace: RankingTrace,
    asOf: string,
    options: CandidatesOptions,
    facts: EligibilityFacts | null,
    cap = NO_CAPACITY,
  ): Promise<MatchPage<OrgMatchDto>> {
    options.trace?.(trace);
    const items = await this.recheckCandidates(listing, rows, asOf, facts);
    return {
      items: items.map((r) => ({
        orgId: r.row.id,
        name: r.row.name,
        type: r.row.type,
        regionCode: r.row.region_code,
        regionName: regionFullName(r.row.region_code),
        score: Number(r.row.total),
        parts: withCapacity(scoreParts(r.row, field, listing.totalInvestmentFen), capacityPart(cap, r.row.id)),
        warnings: r.warnings,
      })),
      total: rows.length ? trace.candidates : 0,
      page,
      pageSize,
    };
  }

  /** Runs the pure rules on a page of candidates; drops (and logs) any the SQL pre-filter let through. */
  private async recheckCandidates(
    listing: ListingEntity,
    rows: ScoredRow[],
    asOf: string,
    loaded: EligibilityFacts | null,
  ) {
    if (!listing.posterOrgId || !rows.length) return rows.map((row) => ({ row, warnings: [] }));
    const facts = loaded ?? (await this.graph.loadFacts([listing.posterOrgId, ...rows.map((r) => r.id)], asOf));
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
   * Published listings an organisation may take, best first (same rules and parts, seen from the applicant).
   * @throws NotFoundError 404 for an unknown organisation.
   */
  async listingsFor(orgId: string, page = 1, pageSize = 20): Promise<MatchPage<ListingMatchDto>> {
    const org = await this.db.getRepository(OrganizationEntity).findOne({ where: { id: orgId } });
    if (!org) throw new NotFoundError('单位', orgId);
    const asOf = beijingDate();
    const orgText = [org.mainBusiness ?? '', org.name].join(' ');
    const text = await this.textScores(LISTINGS_INDEX, orgText, keyTerms(org.fields, orgText));
    const oc = await loadOrgCapacity(this.db, orgId);
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
                       + coalesce(capacity_ratio, 0) * ${SCORE_MAX.capacity} + region_pts
                       + coalesce(($12::numeric[])[array_position($11::text[], field::text)], 0), 1) AS total,
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
        oc.fields,
        oc.points,
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
            parts: withCapacity(
              scoreParts(
                {
                  field_fit: r.field_fit,
                  text_score: r.text_score,
                  capacity_ratio: r.capacity_ratio,
                  region_pts: r.region_pts,
                  track,
                  registered_capital_fen: org.registeredCapitalFen,
                  field_from: org.fieldsDerived ? (org.fieldSources[r.field] ?? null) : null,
                },
                r.field,
                r.total_investment_fen,
              ),
              orgCapacityPart(oc, r.field),
            ),
          }))
        : [],
      total: eligibleSelf && rows.length ? Number(rows[0].total_count) : 0,
      page,
      pageSize,
    };
  }

  /**
   * Text relevance (0–1) of the documents of `index`, computed by Meilisearch (the first `TEXT_HITS` hits of
   * each query): half the ranking score of the whole text (its first 200 characters), half the share of the key
   * terms a document contains (each key term is its own query, so one missing word does not hide a document,
   * as Meilisearch's `last` matching strategy would). All the queries run at once, each its own request, and
   * through `SearchHitCache`: the key-term queries recur for every listing of a field and stay valid until the
   * index changes. Returned as parallel arrays for SQL; empty (and logged) when Meilisearch fails, so it never
   * rejects.
   */
  private async textScores(
    index: typeof LISTINGS_INDEX,
    text: string,
    terms: string[],
  ): Promise<{ ids: string[]; scores: number[] }> {
    if (!text.trim() && !terms.length) return { ids: [], scores: [] };
    try {
      const query = (q: string) => ({ q, limit: TEXT_HITS, rankingScore: true, attributes: ['id'] });
      const [full, ...perTerm] = await this.searches.search<{ id: string }>(index, [
        query(text.slice(0, 200)),
        ...terms.map(query),
      ]);
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
}
