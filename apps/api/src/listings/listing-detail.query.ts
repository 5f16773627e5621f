import type {
  AchievementType,
  CooperationForm,
  Field,
  IpType,
  ListingKind,
  ListingStatus,
  ResultType,
} from '@jiebang/contracts';

/**
 * `ListingsService.detail`'s one statement (issue 17 item 2): the listing's columns the detail shows, its poster
 * organisation, and its 揭榜结果 (the first signed deal with its taker, as `ListingsService.results(id)` would
 * give it: `DISTINCT ON (listing) … ORDER BY signed_on`), by primary key — one round trip and no entity hydration
 * (it was `findOne({ relations: { poster } })`, two statements, plus the results query). Dates are formatted by
 * PostgreSQL (`YYYY-MM-DD`, as TypeORM formats a `date` column); bigint columns stay strings of fen.
 * Parameter `$1`: the listing id (uuid).
 */
export const DETAIL_SQL = `
  SELECT l.id, l.kind, l.field, l.title, l.status, l.result_type, l.achievement_type, l.has_own_ip, l.ip_types,
         l.summary, l.team, l.suggested_time_limit, l.total_investment_fen, l.offer_amount_fen,
         to_char(l.apply_deadline, 'YYYY-MM-DD') AS apply_deadline, l.cooperation_forms, l.contact_name,
         l.contact_phone, l.contact_email, l.poster_org_id, l.poster_name, l.region_code, l.source_year, l.note,
         l.inferred_fields, l.source_urls, l.mirror_urls, l.published_at, l.demand, l.attested_at,
         l.rejection_reason, l.close_reason, (l.import_key IS NOT NULL) AS imported,
         p.id AS p_id, p.name AS p_name, p.type AS p_type, p.region_code AS p_region_code, p.uscc AS p_uscc,
         r.taker_name AS r_taker_name, to_char(r.signed_on, 'YYYY-MM-DD') AS r_signed_on
  FROM listing l
  LEFT JOIN organization p ON p.id = l.poster_org_id
  LEFT JOIN LATERAL (
    SELECT t.name AS taker_name, d.signed_on
    FROM deal d JOIN organization t ON t.id = d.taker_org_id
    WHERE d.listing_id = l.id AND d.signed_on IS NOT NULL
    ORDER BY d.signed_on LIMIT 1
  ) r ON true
  WHERE l.id = $1`;

/** A row of `DETAIL_SQL` (snake_case as PostgreSQL names them; `p_*` the poster, `r_*` the 揭榜结果). */
export interface DetailRow {
  id: string;
  kind: ListingKind;
  field: Field | null;
  title: string;
  status: ListingStatus;
  result_type: ResultType | null;
  achievement_type: AchievementType | null;
  has_own_ip: boolean | null;
  ip_types: IpType[];
  summary: string | null;
  team: string | null;
  suggested_time_limit: string | null;
  total_investment_fen: string | null;
  offer_amount_fen: string | null;
  apply_deadline: string | null;
  cooperation_forms: CooperationForm[];
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  poster_org_id: string | null;
  poster_name: string;
  region_code: string | null;
  source_year: number | null;
  note: string | null;
  inferred_fields: string[];
  source_urls: string[];
  mirror_urls: string[];
  published_at: Date | null;
  demand: Record<string, unknown> | null;
  attested_at: Date | null;
  rejection_reason: string | null;
  close_reason: 'taken' | 'expired' | 'withdrawn' | null;
  imported: boolean;
  p_id: string | null;
  p_name: string | null;
  p_type: string | null;
  p_region_code: string | null;
  p_uscc: string | null;
  r_taker_name: string | null;
  r_signed_on: string | null;
}
