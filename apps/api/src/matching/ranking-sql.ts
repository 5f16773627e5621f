/**
 * The ranking SQL of `MatchingService.candidatesFor` and `listingsFor`: the score's parts (`SCORE_MAX`, `PART`),
 * the candidate predicate, the exclusion of the poster's control group and of organisations with a credit record
 * in force (seed `004 §14`, `creditInForceSql` of `@jiebang/policy`), and the top tier of the two-phase ranking.
 * Pure strings and functions: no database access here.
 */
import { ENTERPRISE_ORG_TYPES, Field, FIELD_LABELS, FieldSource, ListingKind, OrgType } from '@jiebang/contracts';
import { creditInForceSql } from '@jiebang/policy';
import { CONTROL_STEP_SQL } from '../graph/graph.service';
import { ListingEntity } from '../listings/listing.entity';
import { DOMAIN_DICTIONARY } from '../search/listing-index';

/** Maximum points of each score part; the score is their sum (0–100). */
export const SCORE_MAX = { fieldFit: 30, textRelevance: 30, capacity: 20, region: 10, trackRecord: 10 } as const;

/** How many Meilisearch hits feed text relevance. */
export const TEXT_HITS = 1000;

/**
 * The key terms of a text for relevance: the names of the given fields and the domain terms (the search
 * dictionary) the text contains, e.g. 稀土, 永磁, 钕铁硼.
 */
export function keyTerms(fields: Field[], text: string): string[] {
  return [...new Set([...fields.map((f) => FIELD_LABELS[f]), ...DOMAIN_DICTIONARY.filter((t) => text.includes(t))])];
}

/** Who may take a listing of each kind (the lead applicant; RULEBOOK §2, seed `004 §6`, `§8`). */
export const APPLICANT_TYPES: Record<ListingKind, OrgType[]> = {
  [ListingKind.Achievement]: [...ENTERPRISE_ORG_TYPES],
  [ListingKind.Challenge]: Object.values(OrgType).filter((t) => t !== OrgType.Other),
};

/*
 * SQL of the ranking statements of `candidatesFor`. Every statement binds the same first six parameters:
 * $1 poster organisation (uuid or null), $2 as-of date, $3 the listing's field, $4 its investment (fen),
 * $5 its region code, $6 the organisation types that may take it; organisation `o`, Meilisearch relevance
 * `rel`, track record `t`.
 */

/**
 * Types the six common parameters in a statement that does not use them all (PostgreSQL must know the type of
 * every parameter it is sent). Never referenced, so never evaluated.
 */
export const BIND_COMMON = `bound AS (SELECT $1::uuid, $2::date, $3::text, $4::numeric, $5::text, $6::text[])`;

/** The poster's whole control group (`grp`: its controllers at any depth and everything they control). */
export const GROUP_CTES = `up(id) AS (
         SELECT $1::uuid WHERE $1::uuid IS NOT NULL
         UNION SELECT e.controller_org_id FROM up CROSS JOIN ${CONTROL_STEP_SQL('up.id', 'controllers', '$2')}
       ), grp(id) AS (
         SELECT id FROM up
         UNION SELECT e.controlled_org_id FROM grp CROSS JOIN ${CONTROL_STEP_SQL('grp.id', 'controlled', '$2')}
       )`;

/** Track records, counted once per statement (not once per candidate). */
export const TRACK_CTE = `track(org_id, n) AS (
         SELECT l.poster_org_id, count(*)::int FROM listing l WHERE l.status IN ('published', 'closed')
         GROUP BY l.poster_org_id
       )`;

/** Meilisearch relevance (0–1) by organisation, from two parallel arrays. */
export const REL_CTE = (ids: string, scores: string) =>
  `rel(id, s) AS (SELECT * FROM unnest(${ids}::uuid[], ${scores}::numeric[]))`;

/** The parts of the score, each written once: the ranking sums them, the page shows them. */
export const PART = {
  fieldFit: `($3::text = ANY(o.fields))`,
  textScore: `coalesce(rel.s, 0)`,
  capacityRatio: `CASE WHEN $4::numeric IS NULL OR $4::numeric = 0 OR o.registered_capital_fen IS NULL THEN NULL
                       ELSE least(1, o.registered_capital_fen::numeric / $4::numeric) END`,
  regionPts: `CASE WHEN $5::text IS NOT NULL AND left(o.region_code, 4) = left($5::text, 4) THEN 10
                   WHEN o.region_code LIKE '15%' THEN 5 ELSE 0 END`,
  track: `coalesce(t.n, 0)`,
};

/**
 * The score (0–100, one decimal) with the given text relevance expression (`PART.textScore`, or `0`), plus the
 * carrier-capacity term (0–5, `capacitySql` of `carrier-capacity-term.ts`; nothing when it is the constant `0`).
 */
export const totalSql = (textScore: string, carrierCapacity = '0') =>
  `round((CASE WHEN ${PART.fieldFit} THEN ${SCORE_MAX.fieldFit} ELSE 0 END)
         + ${textScore} * ${SCORE_MAX.textRelevance}
         + coalesce(${PART.capacityRatio}, 0) * ${SCORE_MAX.capacity}
         + ${PART.regionPts} + least(${SCORE_MAX.trackRecord}, 2 * ${PART.track})${
           carrierCapacity === '0' ? '' : ` + ${carrierCapacity}`
         }, 1)`;

/**
 * Who is a candidate: verified, independent legal person, of a type that may take the listing, in Inner
 * Mongolia for an achievement (also as a range, for the index) — and, `excluded` (below), outside the poster's
 * control group and without a credit record in force.
 */
export const candidateWhere = (achievement: boolean, exclusions = true) =>
  `o.verified AND o.independent_legal_person AND o.type = ANY($6::text[])
   ${achievement ? `AND o.region_code LIKE '15%' AND o.region_code BETWEEN '150000' AND '159999'` : ''}
   ${exclusions ? `AND NOT EXISTS (SELECT 1 FROM excluded x WHERE x.id = o.id)` : ''}`;

/** An in-force `branch` edge `b` (head office → 分公司) at `$2`. */
const BRANCH_IN_FORCE = `b.kind = 'branch' AND (b.valid_from IS NULL OR b.valid_from <= $2::date)
               AND (b.valid_to IS NULL OR b.valid_to >= $2::date)`;

/**
 * Organisations excluded whatever their type — everything the pure re-check (`checkEligibilityMany`) would drop
 * from a page, so that the count and the pages agree (issue 16 item 6): the poster's control group; those with a
 * credit record in force (`004 §14`); branches (分公司) known by an in-force `branch` edge, even when their own
 * record says independent (`NOT_INDEPENDENT_LEGAL_PERSON`, `004 §4(二), §5, §8`); and head offices whose branch
 * has a credit record in force (the same legal entity, `CREDIT_BLACKLISTED`).
 */
export const EXCLUDED_CTE = `excluded(id) AS (
         SELECT id FROM grp
         UNION SELECT c.org_id FROM credit_record c
               WHERE ${creditInForceSql('c', '$2')}
         UNION SELECT b.controlled_org_id FROM control_edge b WHERE ${BRANCH_IN_FORCE}
         UNION SELECT b.controller_org_id FROM control_edge b JOIN credit_record c ON c.org_id = b.controlled_org_id
               WHERE ${BRANCH_IN_FORCE} AND ${creditInForceSql('c', '$2')}
       )`;

/**
 * `excluded(id)` from a parameter (`$n`, uuid[]): the excluded candidates the count statement found, handed to
 * the ranking's other statements of the same snapshot so that they need not walk the group again. Equivalent to
 * `EXCLUDED_CTE` wherever it is used with `candidateWhere` (an excluded non-candidate is filtered out anyway).
 */
export const EXCLUDED_PARAM_CTE = (n: string) => `excluded(id) AS (SELECT unnest(${n}::uuid[]))`;

/**
 * The page's rows with their parts, from `ranked(id, name, total, s, n, rn)` (`s`, `n`: the text relevance and
 * track record the total was computed with, so that the page need not look them up again); `where` filters
 * `r`, `extra` adds columns.
 */
export const pageSelect = (where: string, extra = '') =>
  `SELECT o.id, o.name, o.type, o.region_code, o.registered_capital_fen::text AS registered_capital_fen,
          ${PART.fieldFit} AS field_fit, ${PART.textScore} AS text_score, ${PART.capacityRatio} AS capacity_ratio,
          ${PART.regionPts} AS region_pts, ${PART.track} AS track, r.total, r.rn,
          CASE WHEN o.fields_derived THEN o.field_sources -> $3::text END AS field_from${extra}
   FROM ranked r JOIN organization o ON o.id = r.id
     CROSS JOIN LATERAL (SELECT r.s) AS rel(s) CROSS JOIN LATERAL (SELECT r.n) AS t(n)
   WHERE ${where}`;

export interface ScoredRow {
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
  /** Where the listing's field came from when the organisation's fields are derived (issue 16 item 7), else null. */
  field_from?: FieldSource[] | null;
}

/**
 * The two-phase ranking is tried for pages that end at most this deep (`page × pageSize`); deeper pages score
 * every candidate at once, since the top tier would rarely hold them (bench/README.md).
 */
export const TOP_K_MAX = 1000;

/**
 * How one `candidatesFor` call ranked (for the benchmark and for diagnostics; not part of any response).
 * `strategy`: `topTier` when the two-phase ranking was exact, `fullScan` when every candidate was scored;
 * `reason` for a full scan: `belowCeiling` (a candidate outside the top tier could tie or beat the page's last
 * score), `tooFew` (fewer than `page × pageSize` candidates in phase 2), `deepPage` (beyond `TOP_K_MAX`),
 * `noTier` (no top tier for this listing) or `requested`. `ceiling` and `kthTotal` (phase 2's k-th score) in
 * score points; `candidates`, `topTier` (ids kept by phase 1) and `textHits` count organisations.
 */
export interface RankingTrace {
  strategy: 'topTier' | 'fullScan';
  reason: 'exact' | 'belowCeiling' | 'tooFew' | 'deepPage' | 'noTier' | 'requested';
  candidates: number;
  topTier: number;
  textHits: number;
  kthTotal: number | null;
  ceiling: number | null;
}

/** Options of `candidatesFor` for verification and measurement; the API never passes them. */
export interface CandidatesOptions {
  /** Score every candidate (the reference result the two-phase ranking must equal). */
  fullScan?: boolean;
  /** Called once with how the page was ranked. */
  trace?: (trace: RankingTrace) => void;
}

/**
 * The top tier of a listing's candidates and the ceiling of everybody else, or null when the listing's region
 * code is not the 6 digits the schema allows (no tier then: every candidate is scored).
 *
 * Without text relevance and track record, a candidate scores field fit (30 or 0) + capacity (at most 20; 0
 * when the listing's investment is unknown or 0) + region (10 in the listing's 地市 — same first four digits
 * of the region code —, 5 elsewhere in Inner Mongolia, else 0). The top tier is field fit in the listing's
 * 地市; outside it a candidate scores at most 30 + 5 + capacity (field fit elsewhere in Inner Mongolia), which
 * is more than field fit outside the region (30 + capacity) or the 地市 without field fit (10 + capacity).
 * Without a listing region nobody gets the 10: the tier is field fit in Inner Mongolia and the ceiling
 * 30 + capacity. Scores are rounded to 0.1 and the ceiling is a whole number, so the rounding keeps them at or
 * below it. `regionSql` is the tier's region predicate on `o` ($5: the listing's region), `range` the same
 * region as 6-digit codes (region codes are `^[0-9]{6}$`), for the index.
 */
export function topTierOf(listing: Pick<ListingEntity, 'regionCode' | 'totalInvestmentFen'>): {
  regionSql: string;
  range: [string, string];
  ceiling: number;
} | null {
  const capacityMax =
    listing.totalInvestmentFen !== null && BigInt(listing.totalInvestmentFen) > 0n ? SCORE_MAX.capacity : 0;
  if (listing.regionCode === null) {
    return {
      regionSql: `o.region_code LIKE '15%'`,
      range: ['150000', '159999'],
      ceiling: SCORE_MAX.fieldFit + capacityMax,
    };
  }
  if (!/^\d{6}$/.test(listing.regionCode)) return null;
  const city = listing.regionCode.slice(0, 4);
  return {
    regionSql: `left(o.region_code, 4) = left($5::text, 4)`,
    range: [`${city}00`, `${city}99`],
    ceiling: SCORE_MAX.fieldFit + 5 + capacityMax,
  };
}
