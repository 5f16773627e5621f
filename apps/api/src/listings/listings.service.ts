import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  AnnouncementDto,
  CurrentUser,
  ListingDetail,
  ListingHit,
  ListingResultDto,
  ListingSearchQuery,
  ListingSearchResponse,
  ListingStatus,
  OrgType,
  regionFullName,
  Role,
} from '@jiebang/contracts';
import { beijingDate } from '@jiebang/policy';
import { NotFoundError } from '../common/domain-error';
import { FilterNode } from '../search/filter-tree';
import { FACET_ATTRIBUTES, LISTING_FACETS, LISTINGS_INDEX } from '../search/listing-index';
import { SearchRequest } from '../search/search-engine.port';
import { SearchHitCache } from '../search/search-hit-cache';
import { AnnouncementEntity } from './announcement.entity';
import { DETAIL_SQL, DetailRow } from './listing-detail.query';
import { ListingEntity } from './listing.entity';

type Facet = (typeof LISTING_FACETS)[number];

/**
 * The oldest board search result served from `SearchHitCache` (ms), a safety net only: a result is reused only
 * while the index version it was searched at still holds (re-read after each `jiebang_search` announcement), so
 * publications and withdrawals show on the next search of the process that indexed them, and of every other
 * process once the announcement has arrived.
 */
export const BOARD_CACHE_MAX_AGE_MS = 60_000;

/**
 * The engine sort of a board search: the chosen `sort` (amount or deadline; listings without one last, as
 * Meilisearch places missing values), else relevance with search text, else newest first.
 */
function sortOf(query: ListingSearchQuery): string[] | undefined {
  switch (query.sort) {
    case 'amount_desc':
      return ['offerAmountFen:desc', 'publishedAt:desc'];
    case 'amount_asc':
      return ['offerAmountFen:asc', 'publishedAt:desc'];
    case 'deadline_asc':
      return ['applyDeadlineDay:asc', 'publishedAt:desc'];
    case 'newest':
      return ['publishedAt:desc'];
    default:
      return query.q ? undefined : ['publishedAt:desc'];
  }
}

/** Reads the public board: search through the `SearchEngine` port, details and announcements from PostgreSQL. */
@Injectable()
export class ListingsService {
  constructor(
    @InjectRepository(ListingEntity) private readonly listings: Repository<ListingEntity>,
    @InjectRepository(AnnouncementEntity) private readonly announcements: Repository<AnnouncementEntity>,
    private readonly searches: SearchHitCache,
  ) {}

  /**
   * Searches published listings. Facet counts are disjunctive: each facet group is counted under every filter but
   * its own, so the five field tabs keep their counts when one field is selected; with no filters they equal
   * the database counts of published listings. Regions are a hierarchy (issue 16 item 18): `regionCode` filters on
   * the indexed `regionPath`, so a 盟市 includes its 旗县区; counts come per 盟市 (`cityCode`) and per code
   * (`regionCode`). `taken`, `cooperationForm`, the amount range (fen) and `applyOpen` (揭榜截止 not passed, Beijing
   * date) narrow further (item 16); `sort` orders by amount or deadline. `page` is 1-based; `hitsPerPage`
   * defaults to 10 (max 100). Searches go through `SearchHitCache`: a query asked again while the index has not
   * changed is answered without Meilisearch, and the facet-count searches are shared by every page and sort of a
   * query (bench/README.md).
   */
  async search(query: ListingSearchQuery): Promise<ListingSearchResponse> {
    const page = query.page ?? 1;
    const hitsPerPage = query.hitsPerPage ?? 10;
    const selected: Partial<Record<Facet, FilterNode>> = {
      kind: query.kind && { op: 'eq', attr: 'kind', value: query.kind },
      field: query.field && { op: 'eq', attr: 'field', value: query.field },
      region: query.regionCode ? { op: 'eq', attr: 'regionPath', value: query.regionCode } : undefined,
      posterOrgType: query.posterOrgType && { op: 'eq', attr: 'posterOrgType', value: query.posterOrgType },
      taken: query.taken && { op: 'eq', attr: 'taken', value: query.taken === 'true' },
      cooperationForms: query.cooperationForm && {
        op: 'eq',
        attr: 'cooperationForms',
        value: query.cooperationForm,
      },
    };
    const always: FilterNode[] = [{ op: 'eq', attr: 'status', value: ListingStatus.Published }];
    // 技术创新中心, 中试基地 … from the registry (issue 15 §8), not a facet group.
    if (query.posterCarrierKind) always.push({ op: 'eq', attr: 'posterCarrierKinds', value: query.posterCarrierKind });
    if (query.amountMinFen !== undefined || query.amountMaxFen !== undefined)
      always.push({ op: 'range', attr: 'offerAmountFen', gte: query.amountMinFen, lte: query.amountMaxFen });
    if (query.applyOpen === 'true')
      always.push({
        op: 'or',
        nodes: [
          { op: 'isNull', attr: 'applyDeadlineDay' },
          { op: 'range', attr: 'applyDeadlineDay', gte: Number(beijingDate().replace(/-/g, '')) },
        ],
      });
    const filterWithout = (skip?: Facet): FilterNode => ({
      op: 'and',
      nodes: [
        ...always,
        ...LISTING_FACETS.filter((f) => f !== skip && selected[f] !== undefined).map((f) => selected[f] as FilterNode),
      ],
    });
    const active = LISTING_FACETS.filter((f) => selected[f] !== undefined);
    const attrsOf = (groups: readonly Facet[]) => groups.flatMap((f) => FACET_ATTRIBUTES[f]);
    const requests: SearchRequest[] = [
      {
        q: query.q,
        filter: filterWithout(),
        facets: attrsOf(LISTING_FACETS.filter((f) => selected[f] === undefined)),
        page,
        hitsPerPage,
        sort: sortOf(query),
        highlight: ['title', 'summary', 'posterName'],
      },
      ...active.map((f) => ({
        q: query.q,
        filter: filterWithout(f),
        facets: FACET_ATTRIBUTES[f],
        page: 1,
        hitsPerPage: 1,
      })),
    ];
    const [main, ...perFacet] = await this.searches.search<ListingHit>(LISTINGS_INDEX, requests, {
      maxAgeMs: BOARD_CACHE_MAX_AGE_MS,
    });
    const facetDistribution = Object.fromEntries(
      LISTING_FACETS.flatMap((f) => {
        const i = active.indexOf(f);
        const source = i >= 0 ? perFacet[i] : main;
        return FACET_ATTRIBUTES[f].map((a) => [a, source.facetDistribution[a] ?? {}]);
      }),
    ) as ListingSearchResponse['facetDistribution'];
    return {
      hits: main.hits.map((h) => {
        const f = (h._formatted ?? {}) as Record<string, unknown>;
        return {
          ...h,
          _formatted: {
            title: f.title as string | undefined,
            summary: f.summary as string | undefined,
            posterName: f.posterName as string | undefined,
          },
        };
      }),
      totalHits: main.totalHits,
      page: main.page,
      totalPages: main.totalPages,
      facetDistribution,
    };
  }

  /**
   * One listing with every 征集表 field. Money stays a string of fen (bigint). Published listings are public;
   * other states only for staff, the poster's users and the experts invited to screen it (需求论证, `004 §9(二)`)
   * or to review one of its applications (`004 §9(五)`).
   * @throws NotFoundError (404 `NOT_FOUND`) when the listing does not exist or is not visible to `viewer`.
   */
  async detail(id: string, viewer?: CurrentUser): Promise<ListingDetail> {
    const [l]: DetailRow[] = await this.listings.manager.query(DETAIL_SQL, [id]);
    const privileged =
      !!viewer && (viewer.role === Role.Staff || (!!viewer.orgId && viewer.orgId === l?.poster_org_id));
    if (!l || (l.status !== ListingStatus.Published && !privileged && !(await this.invitedExpert(id, viewer))))
      throw new NotFoundError('榜单', id);
    const result: ListingResultDto | null = l.r_signed_on
      ? {
          listingId: l.id,
          listingTitle: l.title,
          kind: l.kind,
          field: l.field as ListingResultDto['field'],
          posterName: l.poster_name,
          takerName: l.r_taker_name as string,
          signedOn: l.r_signed_on,
        }
      : null;
    const staff = viewer?.role === Role.Staff;
    const hasContact = !!(l.contact_name || l.contact_phone || l.contact_email);
    return {
      id: l.id,
      kind: l.kind,
      field: l.field,
      title: l.title,
      status: l.status,
      resultType: l.result_type,
      achievementType: l.achievement_type,
      hasOwnIp: l.has_own_ip,
      ipTypes: l.ip_types,
      summary: l.summary,
      team: l.team,
      suggestedTimeLimit: l.suggested_time_limit,
      totalInvestmentFen: l.total_investment_fen,
      regionCode: l.region_code,
      regionName: regionFullName(l.region_code),
      sourceYear: l.source_year,
      // Provenance (the import's notes, which fields were inferred, mirror copies of the sources) is for staff
      // (issue 16 items 14–15); everyone reads the official source links.
      note: staff ? l.note : null,
      inferredFields: staff ? l.inferred_fields : [],
      sourceUrls: l.source_urls,
      ...(staff ? { mirrorUrls: l.mirror_urls } : {}),
      publishedAt: l.published_at ? l.published_at.toISOString() : null,
      // Readers see the source's date (issue 16 item 14): an imported listing's publishedAt is the import's.
      publishedOn: l.published_at && !l.imported ? beijingDate(l.published_at) : null,
      poster: l.p_id
        ? {
            id: l.p_id,
            name: l.p_name as string,
            type: l.p_type as OrgType,
            regionCode: l.p_region_code,
            uscc: l.p_uscc,
          }
        : null,
      posterName: l.poster_name,
      demand: l.demand,
      rejectionReason: l.rejection_reason,
      closeReason: l.close_reason,
      attestedAt: l.attested_at ? l.attested_at.toISOString() : null,
      offerAmountFen: l.offer_amount_fen,
      applyDeadline: l.apply_deadline,
      cooperationForms: l.cooperation_forms,
      // The contact is a person's data: shown to signed-in users only (issue 16 item 16, PIPL minimisation).
      contact: viewer && hasContact ? { name: l.contact_name, phone: l.contact_phone, email: l.contact_email } : null,
      contactHidden: !viewer && hasContact,
      taken: !!result,
      result,
    };
  }

  /**
   * 揭榜结果 (seed `004 §9(七)`): listings whose 揭榜协议 has been signed, with who took them and when, newest first
   * (at most 200); only `listingId` when given.
   */
  async results(listingId?: string): Promise<ListingResultDto[]> {
    const rows: {
      listing_id: string;
      title: string;
      kind: ListingResultDto['kind'];
      field: ListingResultDto['field'];
      poster_name: string;
      taker_name: string;
      signed_on: string;
    }[] = await this.listings.manager.query(
      `SELECT DISTINCT ON (l.id) l.id AS listing_id, l.title, l.kind, l.field, l.poster_name, t.name AS taker_name,
              to_char(d.signed_on, 'YYYY-MM-DD') AS signed_on
       FROM deal d JOIN listing l ON l.id = d.listing_id JOIN organization t ON t.id = d.taker_org_id
       WHERE d.signed_on IS NOT NULL AND ($1::uuid IS NULL OR l.id = $1::uuid)
       ORDER BY l.id, d.signed_on`,
      [listingId ?? null],
    );
    return rows
      .map((r) => ({
        listingId: r.listing_id,
        listingTitle: r.title,
        kind: r.kind,
        field: r.field,
        posterName: r.poster_name,
        takerName: r.taker_name,
        signedOn: r.signed_on,
      }))
      .sort((a, b) => b.signedOn.localeCompare(a.signedOn) || a.listingTitle.localeCompare(b.listingTitle))
      .slice(0, 200);
  }

  /** Whether `viewer` is an expert invited to screen listing `id` or to review one of its applications. */
  private async invitedExpert(id: string, viewer?: CurrentUser): Promise<boolean> {
    if (!viewer || viewer.role !== Role.Expert) return false;
    const [row]: { invited: boolean }[] = await this.listings.manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM expert_assignment x
         WHERE x.expert_user_id = $2
           AND ((x.subject_type = 'listing' AND x.subject_id = $1)
             OR (x.subject_type = 'application'
                 AND x.subject_id IN (SELECT a.id FROM application a WHERE a.listing_id = $1)))
       ) AS invited`,
      [id, viewer.id],
    );
    return row.invited;
  }

  /**
   * The poster organisation of listing `id` (`null` for a listing without one), for access checks of the routes
   * that show a listing's matches, applications or history to staff and the poster's users.
   * @throws NotFoundError 404 when there is no such listing.
   */
  async posterOrgIdOf(id: string): Promise<string | null> {
    const l = await this.listings.findOne({ where: { id }, select: { id: true, posterOrgId: true } });
    if (!l) throw new NotFoundError('榜单', id);
    return l.posterOrgId;
  }

  /**
   * All list-level announcements (榜单公告), newest source year first. The import's note is provenance: staff
   * only, `null` for everyone else (issue 16 item 14).
   */
  async listAnnouncements(viewer?: CurrentUser): Promise<AnnouncementDto[]> {
    const staff = viewer?.role === Role.Staff;
    const rows = await this.announcements.find({
      order: { sourceYear: { direction: 'DESC', nulls: 'LAST' }, title: 'ASC' },
    });
    return rows.map((a) => ({
      id: a.id,
      kind: a.kind,
      field: a.field,
      title: a.title,
      issuer: a.issuer,
      regionCode: a.regionCode,
      sourceYear: a.sourceYear,
      note: staff ? a.note : null,
      sourceUrls: a.sourceUrls,
    }));
  }
}
